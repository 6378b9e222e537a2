/**
 * Browser queries of the overview page (`/`): the execution tiles (kept live by
 * hooks/use-overview.ts) and the audit-issues tile (refreshed on an interval: it reads
 * Data Storage, which has no stream).
 */
import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import type { AuditIssuesOverview, ExecutionsOverview } from '@/lib/schemas/overview';

/** How often the audit-issues tile asks again (the server reuses answers for 10 s). */
export const AUDIT_ISSUES_REFRESH_MS = 30_000;

export function executionsOverviewQuery() {
  return queryOptions({
    queryKey: queryKeys.overview.executions(),
    queryFn: ({ signal }) => fetchJson<ExecutionsOverview>('/api/v1/overview', signal),
    // The live stream invalidates it on every execution change; this is the fallback.
    staleTime: 30_000,
    refetchInterval: 60_000,
    placeholderData: (previous) => previous,
  });
}

export function auditIssuesQuery() {
  return queryOptions({
    queryKey: queryKeys.overview.audit(),
    queryFn: ({ signal }) => fetchJson<AuditIssuesOverview>('/api/v1/overview/audit', signal),
    staleTime: AUDIT_ISSUES_REFRESH_MS,
    refetchInterval: AUDIT_ISSUES_REFRESH_MS,
    placeholderData: (previous) => previous,
  });
}
