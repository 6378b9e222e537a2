/**
 * GET /api/v1/readiness/runs/{id}: one run with its failures grouped by signature, the
 * flaky tests of its service and tier on its commit, and sibling runs on that commit.
 */
import { getRunDetail } from '@/lib/readiness/service';
import { handle, json, parseWith } from '@/lib/route';
import { runIdParamSchema } from '@/lib/schemas/readiness';

export const GET = handle<{ id: string }>('readiness:read', async (_request, { params }) => {
  const { id } = parseWith(runIdParamSchema, params);
  return json(await getRunDetail(id));
});
