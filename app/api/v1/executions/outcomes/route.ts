/**
 * GET /api/v1/executions/outcomes: executions of a filter per creation-time bucket and
 * phase (at most 60 buckets, aggregated on the server so the chart never draws thousands).
 */
import { parseFilterQuery } from '@/lib/executions/params';
import { executionOutcomes } from '@/lib/executions/service';
import { handle, json } from '@/lib/route';

export const GET = handle('executions:read', async (request, { identity }) => json(await executionOutcomes(identity, parseFilterQuery(request.url))));
