'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { memo, useCallback, useLayoutEffect, useRef } from 'react';
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
 *
 * Kept cheap per scroll step, whatever the number of loaded rows (bench/executions.mjs
 * scrolls 10,000): a row re-renders only when its data, highlight or clock text changed;
 * the virtualizer's item keys are stable between renders (an inline `getItemKey` made it
 * re-measure every loaded row on each scroll event); row links do not prefetch (each
 * would watch the viewport and fetch its route while flying past); and rows' audit
 * badges are asked for once scrolling pauses.
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
  const getItemKey = useCallback((index: number) => rows[index]?.uid ?? index, [rows]);
  // TanStack Virtual returns functions the React Compiler cannot memoize; this component
  // is simply left uncompiled (the documented behaviour for such libraries).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    overscan: 12,
    initialRect: { width: 1200, height: 600 },
    getItemKey,
    // Rendering inside the scroll event (flushSync) made each wheel step one long task of
    // event, render and layout; React schedules the render right after instead.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const scrolling = virtualizer.isScrolling;

  // Scroll anchoring: keep the first visible row where it was when rows are inserted above
  // it. The offset is the virtualizer's (read at the scroll event), not scrollTop, which
  // would force a layout of the rows just rendered.
  const previousRows = useRef(rows);
  useLayoutEffect(() => {
    const before = previousRows.current;
    previousRows.current = rows;
    const el = scrollRef.current;
    const offset = virtualizer.scrollOffset ?? 0;
    if (!el || before === rows || offset <= 0) return;
    const firstIndex = Math.floor(offset / ROW_HEIGHT);
    const first = before[firstIndex];
    if (!first || rows[firstIndex]?.uid === first.uid) return;
    const index = rows.findIndex((r) => r.uid === first.uid);
    if (index >= 0) el.scrollTop += (index - firstIndex) * ROW_HEIGHT;
  }, [rows, virtualizer]);

  const last = items[items.length - 1];
  const nearEnd = last !== undefined && last.index >= rows.length - 20;
  useLayoutEffect(() => {
    if (nearEnd && hasMore && !loadingMore) onLoadMore();
  }, [nearEnd, hasMore, loadingMore, onLoadMore]);

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (last?.end ?? 0);

  return (
    <div
      ref={scrollRef}
      role="region"
      aria-label="Executions"
      tabIndex={0}
      // Browser scroll anchoring (Chrome only) would compensate a second time: we anchor
      // ourselves. will-change lets the compositor scroll the rows without repainting them.
      className="relative h-[calc(100vh-24rem)] min-h-96 overflow-auto rounded-lg border border-line bg-surface will-change-scroll [overflow-anchor:none]"
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
            return (
              <ExecutionRow
                key={row.uid}
                row={row}
                index={v.index}
                flashed={changed.has(row.uid)}
                durationText={row.phase === 'Running' && now === null ? '—' : formatDuration(executionDurationMs(row, now ?? 0))}
                ageText={now === null ? formatTimestamp(row.createdAt).slice(5, 16) : formatTimeAgo(row.createdAt, now)}
                deferAudit={scrolling}
              />
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

const estimateSize = () => ROW_HEIGHT;

/**
 * One row. Memoized on what it shows: the clock-dependent texts come in as strings, so
 * the one-second tick re-renders only rows whose text changed (running durations), and a
 * page append or a scroll step renders only the rows that entered the window.
 */
const ExecutionRow = memo(function ExecutionRow({
  row,
  index,
  flashed,
  durationText,
  ageText,
  deferAudit,
}: {
  row: ExecutionSummary;
  index: number;
  flashed: boolean;
  durationText: string;
  ageText: string;
  deferAudit: boolean;
}) {
  return (
    <tr
      aria-rowindex={index + 2}
      data-testid="execution-row"
      data-uid={row.uid}
      data-name={row.name}
      data-phase={row.phase}
      // The colour fades in only on a live change: a transition on every row made each
      // wheel step start fades on the rows passing under the pointer.
      className={cn('h-9 hover:bg-surface-2/60', flashed && 'bg-amber-100 transition-colors duration-700 dark:bg-amber-900/40')}
    >
      <td className="truncate px-3 font-mono text-xs" title={row.namespace}>
        {row.namespace}
      </td>
      <td className="truncate px-3">
        <Link
          href={`/executions/${encodeURIComponent(row.namespace)}/${encodeURIComponent(row.name)}`}
          prefetch={false}
          className="font-medium text-accent hover:underline"
          title={row.name}
        >
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
        {durationText}
      </td>
      <td className="truncate px-3" title={row.failureReason ?? row.reason}>
        {row.failureReason ? <Badge tone={row.failureReason === 'Deduplicated' ? 'neutral' : 'danger'}>{row.failureReason}</Badge> : (row.reason ?? '')}
      </td>
      <td className="truncate px-3" title={row.remediation?.name}>
        {row.remediation?.signalName ?? <span className="text-fg-muted">—</span>}
        {row.remediation?.severity && <span className="ml-1 text-xs text-fg-muted">({row.remediation.severity})</span>}
      </td>
      <td className="truncate px-3">
        <ConformanceCell namespace={row.namespace} name={row.name} phase={row.rawPhase} deferred={deferAudit} />
      </td>
      <td className="px-3 whitespace-nowrap text-fg-muted">
        <time dateTime={row.createdAt} title={formatTimestamp(row.createdAt)}>
          {ageText}
        </time>
      </td>
    </tr>
  );
});
