/**
 * GET /api/v1/executions/{namespace}/{name}/audit: the execution's own audit events, its
 * audit conformance and, when it failed, the CRD failure beside the workflow.failed
 * payload with their disagreements.
 */
import { getExecutionAudit } from '@/lib/audit/service';
import { handle, json, parseWith } from '@/lib/route';
import { executionParamsSchema } from '@/lib/schemas/executions';

type Params = { namespace: string; name: string };

export const GET = handle<Params>('audit:read', async (_request, { identity, params }) => {
  const { namespace, name } = parseWith(executionParamsSchema, params);
  return json(await getExecutionAudit(identity, namespace, name));
});
