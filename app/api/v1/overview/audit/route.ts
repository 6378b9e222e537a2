/**
 * GET /api/v1/overview/audit: audit conformance of the caller's recent executions (the
 * last day's failed and running first, at most 200) and the ones whose audit trail has
 * issues. Needs Data Storage's reader permission, as every audit read. No parameters.
 */
import { auditIssuesOverview } from '@/lib/audit/overview-issues';
import { handle, json } from '@/lib/route';
import { rejectUnknown } from '@/lib/params';

export const GET = handle('audit:read', async (request, { identity }) => {
  rejectUnknown(new URL(request.url).searchParams.keys(), []);
  return json(await auditIssuesOverview(identity));
});
