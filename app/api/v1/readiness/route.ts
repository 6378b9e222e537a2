/**
 * GET /api/v1/readiness: the matrix of services by tiers (latest run per tier with trend
 * and architectures) and each service's readiness gate with what blocks it.
 * Query: `branch` (optional) limits the matrix to runs reported for that branch.
 */
import { getReadinessOverview } from '@/lib/readiness/service';
import { handle, json, parseQuery } from '@/lib/route';
import { overviewQuerySchema } from '@/lib/schemas/readiness';

export const GET = handle('readiness:read', async (request) => {
  const q = parseQuery(overviewQuerySchema, request.url);
  return json(await getReadinessOverview(q.branch ? { branch: q.branch } : {}));
});
