/**
 * GET /api/v1/correlations/{id}: every audit event of one correlation, oldest first, up to
 * a cap (`{events, total, truncated, cap}`), with the WorkflowExecutions and the
 * RemediationRequest of that correlation from Kubernetes. 404 when nothing carries the id.
 * Unchanged correlations are served from a validated cache (lib/audit/correlation-cache).
 */
import { correlationJson } from '@/lib/audit/service';
import { handle, parseWith } from '@/lib/route';
import { correlationIdSchema } from '@/lib/schemas/audit';
import { z } from 'zod';

const paramsSchema = z.object({ id: correlationIdSchema });

export const GET = handle<{ id: string }>('audit:read', async (request, { identity, params }) => {
  const { id } = parseWith(paramsSchema, params);
  const body = await correlationJson(identity, id, { signal: request.signal });
  return new Response(body, { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
});
