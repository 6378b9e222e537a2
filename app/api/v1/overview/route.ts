/**
 * GET /api/v1/overview: the overview's execution numbers (running now, failed in the last
 * 24 hours against the day before, recent failures, top reasons and workflows, failures
 * per hour, blocked targets), computed from the executions cache over the namespaces the
 * caller may list. No parameters.
 */
import { executionsOverview } from '@/lib/executions/service';
import { handle, json } from '@/lib/route';
import { rejectUnknown } from '@/lib/params';

export const GET = handle('executions:read', async (request, { identity }) => {
  rejectUnknown(new URL(request.url).searchParams.keys(), []);
  return json(await executionsOverview(identity));
});
