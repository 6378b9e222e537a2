/**
 * Browser queries of the readiness pages: the matrix and gates, the live infrastructure,
 * one run, one service's history and the Markdown export.
 */
import { queryOptions } from '@tanstack/react-query';
import { apiFetch, fetchJson } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import type { InfrastructureSnapshot, ReadinessOverview, RunDetail, RunHistory } from '@/lib/schemas/readiness';

function withBranch(path: string, branch: string | null): string {
  return branch ? `${path}?${new URLSearchParams({ branch }).toString()}` : path;
}

/** The matrix and gates, for one branch or all (null). */
export function readinessOverviewQuery(branch: string | null) {
  return queryOptions({
    queryKey: queryKeys.readiness.overview(branch),
    queryFn: ({ signal }) => fetchJson<ReadinessOverview>(withBranch('/api/v1/readiness', branch), signal),
  });
}

/** The live infrastructure snapshot (also pushed on the stream). */
export function infrastructureQuery() {
  return queryOptions({
    queryKey: queryKeys.readiness.infrastructure(),
    queryFn: ({ signal }) => fetchJson<InfrastructureSnapshot>('/api/v1/readiness/infrastructure', signal),
  });
}

/** One run with grouped failures and flaky tests. */
export function runDetailQuery(id: string) {
  return queryOptions({
    queryKey: queryKeys.readiness.run(id),
    queryFn: ({ signal }) => fetchJson<RunDetail>(`/api/v1/readiness/runs/${encodeURIComponent(id)}`, signal),
  });
}

/** The last `limit` runs of one service and tier (the history charts). */
export function runHistoryQuery(service: string, tier: string, limit: number) {
  return queryOptions({
    queryKey: queryKeys.readiness.history(service, tier, limit),
    queryFn: ({ signal }) =>
      fetchJson<RunHistory>(`/api/v1/readiness/history?${new URLSearchParams({ service, tier, limit: String(limit) }).toString()}`, signal),
    placeholderData: (previous) => previous,
  });
}

/** The download link of the Markdown status table. */
export function readinessExportUrl(branch: string | null): string {
  return withBranch('/api/v1/readiness/export', branch);
}

/** The Markdown status table itself (shown on request). */
export function markdownExportQuery(branch: string | null) {
  return queryOptions({
    queryKey: queryKeys.readiness.markdown(branch),
    queryFn: async ({ signal }) => (await apiFetch(readinessExportUrl(branch), signal, 'text/markdown')).text(),
  });
}
