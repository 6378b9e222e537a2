'use client';

import { useCallback, useMemo } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState, ErrorState, LoadingState, Skeleton, Spinner } from '@/components/ui/states';
import { useExecutionsList } from '@/hooks/use-executions';
import { useLiveStatus } from '@/hooks/use-live-stream';
import { useUrlState } from '@/hooks/use-url-state';
import { executionsUrlState } from '@/lib/url-state';
import {
  emptyCounts,
  executionsUrlStateSchema,
  type DisplayPhase,
  type ExecutionsUrlState,
  type SortField,
} from '@/lib/schemas/executions';
import type { WatchSetup } from '@/lib/schemas/setup';
import { FilterBar, PhaseCountChips } from './filter-bar';
import { clearFiltersPatch, hasFilter } from './list-filters';
import { NamespaceBanner } from './namespace-banner';
import { OutcomesChart } from './outcomes-chart';
import { ExecutionsTable } from './executions-table';
import { WatchHelp } from './watch-help';

const LIVE_TEXT = { idle: 'Live updates off', connecting: 'Connecting…', open: 'Live', error: 'Live updates interrupted; retrying' } as const;

/**
 * The executions list page: filters and sort in the URL, counts by phase, the outcomes
 * chart and the live, virtualized table. `setup` (from the server's configuration) lets
 * an empty list say what Flightdeck watches and how to check its permissions.
 */
export function ExecutionsView({ setup }: { setup?: WatchSetup }) {
  const { state, write, pending: navigating } = useUrlState(executionsUrlState);
  const { query, changed } = useExecutionsList(state);
  const live = useLiveStatus();

  const update = useCallback(
    (patch: Partial<Record<keyof ExecutionsUrlState, unknown>>) => {
      const next = executionsUrlStateSchema.safeParse(Object.fromEntries(Object.entries({ ...state, ...patch }).filter(([, v]) => v !== undefined)));
      if (next.success) write(next.data, 'replace');
    },
    [state, write],
  );

  const onSort = useCallback(
    (field: SortField) => update(state.sort === field ? { order: state.order === 'asc' ? 'desc' : 'asc' } : { sort: field, order: field === 'name' ? 'asc' : 'desc' }),
    [state.sort, state.order, update],
  );
  const onTogglePhase = useCallback(
    (p: DisplayPhase) => {
      const current = state.phase ?? [];
      const next = current.includes(p) ? current.filter((x) => x !== p) : [...current, p];
      update({ phase: next.length ? next : undefined });
    },
    [state.phase, update],
  );

  const pages = query.data?.pages;
  const rows = useMemo(() => pages?.flatMap((p) => p.items) ?? [], [pages]);
  const head = pages?.[0];
  // Stable between page appends, so the chart (memoized) does not redraw on each one.
  const filter = useMemo(() => {
    const { sort: _s, order: _o, ...rest } = state;
    return rest;
  }, [state]);
  const knownNamespaces = useMemo(() => [...new Set((head?.namespaces ?? []).map((n) => n.namespace).filter((n) => n !== '*'))], [head?.namespaces]);
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = query;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h1 className="text-lg font-semibold">Executions</h1>
          <p className="text-sm text-fg-muted">
            WorkflowExecutions in the cluster{head ? `: ${head.total.toLocaleString('en-US')} match` : ''}.
          </p>
        </div>
        <p className="flex items-center gap-2 text-xs text-fg-muted" aria-live="polite" data-testid="live-status" data-state={live}>
          <span aria-hidden="true" className={live === 'open' ? 'size-2 rounded-full bg-emerald-500' : 'size-2 rounded-full bg-zinc-400'} />
          {LIVE_TEXT[live]}
          {(navigating || (query.isFetching && !query.isFetchingNextPage)) && <Spinner label="Updating" />}
        </p>
      </div>

      <FilterBar state={state} onChange={update} knownNamespaces={knownNamespaces} />
      {head && <NamespaceBanner namespaces={head.namespaces} />}
      {head?.syncing && (
        <p role="status" className="text-sm text-fg-muted">
          Still loading the first list of executions from Kubernetes; counts may grow.
        </p>
      )}

      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-xs font-medium text-fg-muted">By phase (click to filter)</h2>
        <PhaseCountChips counts={head?.counts ?? emptyCounts()} selected={state.phase} onToggle={onTogglePhase} />
      </div>

      <Card>
        <CardHeader title="Outcomes over time" description="Executions of the current filter created per interval, by phase" as="h2" />
        <CardBody className="py-2">
          <OutcomesChart filter={filter} />
        </CardBody>
      </Card>

      {query.isPending ? (
        <LoadingState label="Loading executions…" className="space-y-2">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} className="h-8 w-full" />
          ))}
        </LoadingState>
      ) : query.isError && rows.length === 0 ? (
        <ErrorState
          title="Executions could not be loaded"
          message={query.error.message}
          action={
            <Button onClick={() => void query.refetch()} data-testid="retry">
              Try again
            </Button>
          }
        />
      ) : rows.length === 0 ? (
        <EmptyState
          title={hasFilter(state) ? 'No executions match' : 'No executions visible'}
          description={
            hasFilter(state) ? (
              'Nothing matches these filters. Widen the time range or clear a filter.'
            ) : setup ? (
              <WatchHelp setup={setup} />
            ) : (
              'Kubernaut has not created any WorkflowExecution in the namespaces Flightdeck watches yet.'
            )
          }
          action={
            hasFilter(state) ? (
              <Button onClick={() => update(clearFiltersPatch())} data-testid="empty-clear-filters">
                Clear filters
              </Button>
            ) : undefined
          }
        />
      ) : (
        <ExecutionsTable rows={rows} state={state} onSort={onSort} changed={changed} hasMore={Boolean(hasNextPage)} loadingMore={isFetchingNextPage} onLoadMore={loadMore} />
      )}
    </div>
  );
}
