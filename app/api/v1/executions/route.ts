/**
 * GET /api/v1/executions: one page of WorkflowExecutions from the cache, filtered and
 * sorted, with counts by phase, the status of each watched namespace and the live-stream
 * position the page includes. Invalid parameters are a 400 naming the parameter.
 */
import { parseListQuery } from '@/lib/executions/params';
import { listExecutions } from '@/lib/executions/service';
import { handle, json } from '@/lib/route';

export const GET = handle('executions:read', async (request, { identity }) => json(await listExecutions(identity, parseListQuery(request.url))));
