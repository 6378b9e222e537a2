'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useLayoutEffect, useRef } from 'react';
import { Badge } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import { formatDuration } from '@/lib/executions/duration';
import { formatTimeAgo, formatTimestamp } from '@/components/ui/format';
import { useNow } from '@/hooks/use-now';
import type { ChangedRows } from '@/hooks/use-executions';
import { executionDurationMs } from '@/lib/executions/duration';
import type { ExecutionSummary, ExecutionsUrlState, SortField } from '@/lib/schemas/executions';
import { ConformanceCell } from '@/components/audit/conformance-cell';
import { PhaseBadge } from './phase-badge';

const ROW_HEIGHT = 36;

interface Column {
  id: string;
  label: string;
  sort?: SortField;
  className: string;
}

/** The CRD's printer columns (Phase, Workflow, Target, Duration, Reason, Age) plus namespace and signal. */
const COLUMNS: Column[] = [
  { id: 'namespace', label: 'Namespace', className: 'w-[11%]' },
  { id: 'name', label: 'Name', sort: 'name', className: 'w-[15%]' },
  { id: 'phase', label: 'Phase', sort: 'phase', className: 'w-[8%]' },
  { id: 'workflow', label: 'Workflow', className: 'w-[12%]' },
  { id: 'target', label: 'Target', className: 'w-[13%]' },
  { id: 'duration', label: 'Duration', sort: 'duration', className: 'w-[7%] text-right' },
  { id: 'reason', label: 'Reason', className: 'w-[11%]' },
  { id: 'signal', label: 'Signal', className: 'w-[8%]' },
  { id: 'audit', label: 'Audit', className: 'w-[8%]' },
  { id: 'age', label: 'Age', sort: 'created', className: 'w-[7%]' },
];

/**
 * The executions list as a virtualized table: only the rows in view are in the DOM, so
 * thousands of loaded rows scroll smoothly. Live changes replace rows in place and
 * highlight them briefly; rows inserted above the viewport shift the scroll position by
 * the same amount, so nothing moves under the cursor. Reaching the end loads the next page.
 */
export function ExecutionsTable({
  rows,
  state,
  onSort,
  changed,
  hasMore,
  loadingMore,
  onLoadMore,
}: {
  rows: ExecutionSummary[];
  state: ExecutionsUrlState;
  onSort: (field: SortField) => void;
  changed: ChangedRows;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useNow(1_000);
  // TanStack Virtual returns functions the React Compiler cannot memoize; this component
  // is simply left uncompiled (the documented behaviour for such libraries).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1200, height: 600 },
    getItemKey: (index) => rows[index]?.uid ?? index,
  });
  const items = virtualizer.getVirtualItems();

  // Scroll anchoring: keep the first visible row where it was when rows are inserted above it.
  const anchor = useRef<{ uid: string; index: number } | null>(null);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const previous = anchor.current;
    if (el && previous && el.scrollTop > 0) {
      const index = rows.findIndex((r) => r.uid === previous.uid);
      if (index >= 0 && index !== previous.index) el.scrollTop += (index - previous.index) * ROW_HEIGHT;
    }
    const firstIndex = el ? Math.floor(el.scrollTop / ROW_HEIGHT) : 0;
    const first = rows[firstIndex];
    anchor.current = first ? { uid: first.uid, index: firstIndex } : null;
  }, [rows]);

  const last = items[items.length - 1];
  const nearEnd = last !== undefined && last.index >= rows.length - 20;
  useLayoutEffect(() => {
    if (nearEnd && hasMore && !loadingMore) onLoadMore();
  }, [nearEnd, hasMore, loadingMore, onLoadMore]);

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (last?.end ?? 0);
  const clock = now ?? 0;

  return (
    <div
      ref={scrollRef}
      role="region"
      aria-label="Executions"
      tabIndex={0}
      onScroll={() => {
        const el = scrollRef.current;
        if (!el) return;
        const firstIndex = Math.floor(el.scrollTop / ROW_HEIGHT);
        const first = rows[firstIndex];
        anchor.current = first ? { uid: first.uid, index: firstIndex } : null;
      }}
      // Browser scroll anchoring (Chrome only) would compensate a second time: we anchor ourselves.
      className="relative h-[calc(100vh-24rem)] min-h-96 overflow-auto rounded-lg border border-line bg-surface [overflow-anchor:none]"
      data-testid="executions-scroller"
    >
      <table className="w-full min-w-[1100px] table-fixed border-collapse text-left text-sm" aria-rowcount={rows.length + 1} data-testid="executions-table">
        <thead className="sticky top-0 z-10 bg-surface-2 text-xs text-fg-muted">
          <tr>
            {COLUMNS.map((c) => {
              const active = c.sort && state.sort === c.sort;
              return (
                <th
                  key={c.id}
                  scope="col"
                  className={cn('px-3 py-2 font-medium whitespace-nowrap', c.className)}
                  aria-sort={active ? (state.order === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {c.sort ? (
                    <button type="button" onClick={() => onSort(c.sort as SortField)} className="inline-flex items-center gap-1 hover:text-fg" data-testid={`sort-${c.sort}`}>
                      {c.label}
                      <span aria-hidden="true">{active ? (state.order === 'asc' ? '▲' : '▼') : '↕'}</span>
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {paddingTop > 0 && (
            <tr aria-hidden="true">
              <td colSpan={COLUMNS.length} style={{ height: paddingTop, padding: 0 }} />
            </tr>
          )}
          {items.map((v) => {
            const row = rows[v.index];
            if (!row) return null;
            const flashed = changed.has(row.uid);
            const duration = executionDurationMs(row, clock);
            return (
              <tr
                key={row.uid}
                aria-rowindex={v.index + 2}
                data-testid="execution-row"
                data-uid={row.uid}
                data-name={row.name}
                data-phase={row.phase}
                className={cn('h-9 transition-colors duration-700 hover:bg-surface-2/60', flashed && 'bg-amber-100 dark:bg-amber-900/40')}
              >
                <td className="truncate px-3 font-mono text-xs" title={row.namespace}>
                  {row.namespace}
                </td>
                <td className="truncate px-3">
                  <Link href={`/executions/${encodeURIComponent(row.namespace)}/${encodeURIComponent(row.name)}`} className="font-medium text-accent hover:underline" title={row.name}>
                    {row.name}
                  </Link>
                </td>
                <td className="px-3">
                  <PhaseBadge phase={row.phase} rawPhase={row.rawPhase} invalid={Boolean(row.invalid)} />
                </td>
                <td className="truncate px-3" title={row.invalid ? row.invalid.reason : row.workflowId}>
                  {row.invalid ? <span className="text-fg-muted italic">invalid object</span> : row.workflowId}
                </td>
                <td className="truncate px-3 font-mono text-xs" title={row.targetResource}>
                  {row.targetResource}
                </td>
                <td className="px-3 text-right tabular-nums" data-testid="duration">
                  {row.phase === 'Running' && now === null ? '—' : formatDuration(duration)}
                </td>
                <td className="truncate px-3" title={row.failureReason ?? row.reason}>
                  {row.failureReason ? <Badge tone={row.failureReason === 'Deduplicated' ? 'neutral' : 'danger'}>{row.failureReason}</Badge> : (row.reason ?? '')}
                </td>
                <td className="truncate px-3" title={row.remediation?.name}>
                  {row.remediation?.signalName ?? <span className="text-fg-muted">—</span>}
                  {row.remediation?.severity && <span className="ml-1 text-xs text-fg-muted">({row.remediation.severity})</span>}
                </td>
                <td className="truncate px-3">
                  <ConformanceCell namespace={row.namespace} name={row.name} phase={row.rawPhase} />
                </td>
                <td className="px-3 whitespace-nowrap text-fg-muted">
                  <time dateTime={row.createdAt} title={formatTimestamp(row.createdAt)}>
                    {now === null ? formatTimestamp(row.createdAt).slice(5, 16) : formatTimeAgo(row.createdAt, now)}
                  </time>
                </td>
              </tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden="true">
              <td colSpan={COLUMNS.length} style={{ height: paddingBottom, padding: 0 }} />
            </tr>
          )}
        </tbody>
      </table>
      {(hasMore || loadingMore) && (
        <p className="px-3 py-2 text-center text-xs text-fg-muted" role="status">
          {loadingMore ? 'Loading more executions…' : 'Scroll for more'}
        </p>
      )}
    </div>
  );
}
