'use client';

/**
 * The audit explorer: filters in the URL, a server-paged table (newest first) and a side
 * panel for the selected event. Selecting an event only rewrites the URL in place (no
 * server round trip); filters and pages push a history entry so Back works.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useCallback } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState, ErrorState, LoadingState, Skeleton } from '@/components/ui/states';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { useUrlState } from '@/hooks/use-url-state';
import { auditFiltersToSearchParams, freezeAuditFilters, type AuditFilters } from '@/lib/schemas/audit';
import { auditUrlState } from '@/lib/url-state';
import { errorMessage } from '@/lib/api-client';
import { auditEventsQuery } from '@/lib/queries/audit';
import { CopyLinkButton } from './copy-link-button';
import { DataStorageNote } from './data-storage-note';
import { EventDetail } from './event-detail';
import { FilterBar } from './filter-bar';
import { formatPrecise } from './format';
import { OutcomeBadge } from './outcome-badge';

function truncateMiddle(text: string, max = 28): string {
  return text.length <= max ? text : `${text.slice(0, max / 2 - 1)}…${text.slice(-(max / 2 - 1))}`;
}

const NO_FILTERS = auditUrlState.parse({});

export function AuditExplorer({ dataStorage }: { dataStorage?: string }) {
  const { state, href, write } = useUrlState(auditUrlState);
  const { filters, event: selectedId } = state;
  const apiParams = auditFiltersToSearchParams(filters).toString();

  const query = useQuery({
    ...auditEventsQuery(apiParams),
    placeholderData: keepPreviousData,
  });

  // Filters and pages push a history entry; the selection is view state, rewritten in place.
  const navigate = useCallback((next: Partial<AuditFilters>) => write({ filters: { ...NO_FILTERS.filters, ...next }, ignored: [] }, 'push'), [write]);
  const select = useCallback((id: string | undefined) => write({ ...state, ...(id ? { event: id } : { event: undefined }) }, 'in-place'), [state, write]);
  const reset = useCallback(() => write(NO_FILTERS, 'push'), [write]);

  const items = query.data?.items ?? [];
  const selected = selectedId ? items.find((e) => e.id === selectedId) : undefined;
  const page = query.data?.page;

  const shareUrl = () => {
    return `${window.location.origin}${href({ ...state, filters: freezeAuditFilters(filters, Date.now()) })}`;
  };

  function onRowKey(e: React.KeyboardEvent, index: number) {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const next = items[index + (e.key === 'ArrowDown' ? 1 : -1)];
    if (next) {
      select(next.id);
      document.getElementById(`audit-row-${next.id}`)?.focus();
    }
  }

  return (
    <div className="space-y-3">
      <FilterBar filters={filters} onApply={(f) => navigate({ ...f, offset: 0 })} onReset={reset} />
      {state.ignored.length > 0 && (
        <p role="status" className="text-xs text-amber-800 dark:text-amber-300">
          Ignored invalid parameters: {state.ignored.map((i) => `${i.param} (${i.message})`).join('; ')}
        </p>
      )}
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-fg-muted">
        <p aria-live="polite">
          {page
            ? page.total === 0
              ? 'No events'
              : `Events ${page.offset + 1}–${page.offset + items.length} of ${page.total.toLocaleString('en-US')}, newest first`
            : 'Loading…'}
          {query.isFetching && page ? ' · refreshing' : ''}
          {query.data?.malformed ? ` · ${query.data.malformed} malformed event(s) left out` : ''}
        </p>
        <div className="flex items-center gap-2">
          <CopyLinkButton getUrl={shareUrl} label="Copy link" testId="audit-copy-link" />
          <Button size="sm" disabled={!page || page.offset === 0} onClick={() => navigate({ ...filters, offset: Math.max(0, filters.offset - filters.limit) })}>
            Previous
          </Button>
          <Button size="sm" disabled={!page?.hasMore} onClick={() => navigate({ ...filters, offset: filters.offset + filters.limit })}>
            Next
          </Button>
        </div>
      </div>

      <div className="grid gap-3 xl:grid-cols-[minmax(0,1fr)_28rem]">
        <div className="min-w-0">
          {query.isError && !query.data ? (
            <ErrorState title="Audit events could not be loaded" message={errorMessage(query.error)} action={<Button onClick={() => query.refetch()}>Try again</Button>} />
          ) : query.isPending ? (
            <LoadingState label="Loading audit events…" className="space-y-1">
              {Array.from({ length: 8 }, (_, i) => (
                <Skeleton key={i} className="h-7 w-full" />
              ))}
            </LoadingState>
          ) : items.length === 0 ? (
            <EmptyState title="No audit events match" description={<>Widen the time range or remove a filter.<DataStorageNote url={dataStorage} /></>} action={<Link className="text-accent hover:underline" href={href(NO_FILTERS)}>Clear all filters</Link>} />
          ) : (
            <>
              {query.isError && <ErrorState title="Refreshing failed; showing the last page loaded" message={errorMessage(query.error)} className="mb-2" />}
              <Table aria-label="Audit events" data-testid="audit-table">
                <THead>
                  <tr>
                    <Th>Time (UTC)</Th>
                    <Th>Category</Th>
                    <Th>Type</Th>
                    <Th>Outcome</Th>
                    <Th>Actor</Th>
                    <Th>Resource</Th>
                    <Th>Correlation</Th>
                  </tr>
                </THead>
                <TBody>
                  {items.map((e, index) => {
                    const isSelected = e.id === selectedId;
                    return (
                      <Tr key={e.id} className={isSelected ? 'bg-accent/10 hover:bg-accent/15' : undefined} aria-selected={isSelected} onClick={() => select(e.id)}>
                        <Td className="font-mono text-xs whitespace-nowrap">{formatPrecise(e.timestamp).slice(0, 23)}</Td>
                        <Td className="text-xs">{e.category}</Td>
                        <Td>
                          <button
                            type="button"
                            id={`audit-row-${e.id}`}
                            onClick={(ev) => {
                              ev.stopPropagation();
                              select(e.id);
                            }}
                            onKeyDown={(ev) => onRowKey(ev, index)}
                            aria-current={isSelected ? 'true' : undefined}
                            className="text-left font-mono text-xs text-accent hover:underline"
                          >
                            {e.type}
                          </button>
                          {e.payload && e.payload.issues.length > 0 && (
                            <Badge tone="warning" className="ml-1" title={e.payload.issues.join('\n')}>
                              schema
                            </Badge>
                          )}
                        </Td>
                        <Td>
                          <OutcomeBadge outcome={e.outcome} />
                        </Td>
                        <Td className="max-w-[11rem] truncate text-xs" title={e.actor.id ?? undefined}>
                          {e.actor.id ?? '—'}
                        </Td>
                        <Td className="text-xs whitespace-nowrap" title={[e.resource.type, e.resource.id].filter(Boolean).join(' ')}>
                          {e.resource.id ? truncateMiddle(e.resource.id, 24) : '—'}
                        </Td>
                        <Td className="text-xs whitespace-nowrap">
                          <Link
                            href={`/correlations/${encodeURIComponent(e.correlationId)}?event=${encodeURIComponent(e.id)}`}
                            onClick={(ev) => ev.stopPropagation()}
                            className="font-mono text-accent hover:underline"
                            title={e.correlationId}
                          >
                            {truncateMiddle(e.correlationId, 26)}
                          </Link>
                        </Td>
                      </Tr>
                    );
                  })}
                </TBody>
              </Table>
            </>
          )}
        </div>
        <aside aria-label="Selected event" className="min-w-0 xl:sticky xl:top-2 xl:max-h-[calc(100dvh-5rem)] xl:self-start xl:overflow-y-auto">
          <div className="rounded-lg border border-line bg-surface">
            {selected ? (
              <EventDetail event={selected} onClose={() => select(undefined)} />
            ) : (
              <p className="px-4 py-6 text-center text-xs text-fg-muted">{selectedId && !query.isPending ? 'The selected event is not on this page.' : 'Select an event to see its payload, hash chain and correlation.'}</p>
            )}
          </div>
        </aside>
      </div>
    </div>
  );
}
