/**
 * GET /api/v1/executions/{namespace}/{name}: the detail of one WorkflowExecution
 * (redacted spec, status, failure, block clearance, remediation, PipelineRun or Job).
 */
import { getExecution } from '@/lib/executions/service';
import { handle, json, parseWith } from '@/lib/route';
import { executionParamsSchema } from '@/lib/schemas/executions';

type Params = { namespace: string; name: string };

export const GET = handle<Params>('executions:read', async (_request, { identity, params }) => {
  const { namespace, name } = parseWith(executionParamsSchema, params);
  return json(await getExecution(identity, namespace, name));
});
