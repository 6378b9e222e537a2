/**
 * Browser queries of the executions feature: the cursor-paged list, the outcomes chart
 * and one execution's detail. The live stream keeps them current (hooks/use-executions).
 */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { fetchJson } from '@/lib/api-client';
import type { LiveDetail } from '@/lib/executions/live-reducer';
import { queryKeys } from '@/lib/query-keys';
import { urlStateToSearchParams, type ExecutionFilter, type ExecutionListResponse, type ExecutionsUrlState, type OutcomesResponse } from '@/lib/schemas/executions';

/** Rows per page of the list (the server page asks for the same number). */
export const PAGE_SIZE = 100;

/** The list for one URL state (filter + sort), one page per cursor. */
export function executionsListQuery(state: ExecutionsUrlState) {
  const params = urlStateToSearchParams(state);
  params.set('sort', state.sort);
  params.set('order', state.order);
  params.set('limit', String(PAGE_SIZE));
  const base = params.toString();
  return infiniteQueryOptions({
    queryKey: queryKeys.executions.list(state),
    queryFn: ({ pageParam, signal }) =>
      fetchJson<ExecutionListResponse>(`/api/v1/executions?${base}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // The stream keeps it current; a refetch happens on reset or when the tab returns.
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  });
}

/** Executions the command palette offers for a typed name: the newest few whose name contains it. */
export function executionSearchQuery(name: string, limit = 8) {
  const params = new URLSearchParams({ name, limit: String(limit), sort: 'created', order: 'desc' });
  return queryOptions({
    queryKey: queryKeys.executions.search(name),
    queryFn: ({ signal }) => fetchJson<ExecutionListResponse>(`/api/v1/executions?${params.toString()}`, signal),
    staleTime: 10_000,
    enabled: name.length > 0,
  });
}

/** Outcomes over time for a filter. */
export function executionOutcomesQuery(filter: ExecutionFilter) {
  const params = urlStateToSearchParams(filter).toString();
  return queryOptions({
    queryKey: queryKeys.executions.outcomes(filter),
    queryFn: ({ signal }) => fetchJson<OutcomesResponse>(`/api/v1/executions/outcomes?${params}`, signal),
    staleTime: 30_000,
    placeholderData: (previous) => previous,
  });
}

/** One execution's detail (plus, once the stream saw it go, that it was deleted). */
export function executionDetailQuery(namespace: string, name: string) {
  return queryOptions({
    queryKey: queryKeys.executions.detail(namespace, name),
    queryFn: ({ signal }) => fetchJson<LiveDetail>(`/api/v1/executions/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`, signal),
    staleTime: 30_000,
  });
}
