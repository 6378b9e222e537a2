'use client';

import { useMemo } from 'react';
import { cn } from '@/components/ui/cn';
import { formatDuration } from '@/lib/executions/duration';
import { formatTimestamp } from '@/components/ui/format';
import { useNow } from '@/hooks/use-now';
import { timelineRange, toMs, type TimelineItem, type TimelineStatus } from '@/lib/executions/timeline';

export type { TimelineItem, TimelineStatus } from '@/lib/executions/timeline';

const BAR: Record<TimelineStatus, string> = {
  success: 'bg-emerald-600 dark:bg-emerald-500',
  failure: 'bg-red-600 dark:bg-red-500',
  running: 'bg-sky-600 dark:bg-sky-500 animate-pulse',
  pending: 'bg-amber-500 dark:bg-amber-400',
  info: 'bg-zinc-500 dark:bg-zinc-400',
  warning: 'bg-amber-600 dark:bg-amber-500',
};

const TICKS = 5;

function latestTime(items: TimelineItem[]): number {
  let latest = 0;
  for (const item of items) latest = Math.max(latest, toMs(item.start) ?? 0, toMs(item.end ?? undefined) ?? 0);
  return latest;
}

/**
 * Items on one time axis, one row per lane. Bars have a start and an end (an ongoing
 * bar grows with the clock); instants are diamonds. Each item is focusable and named
 * for screen readers; the tooltip has the exact times. Other features pass extra items
 * (for example audit events) in their own lanes.
 */
export function Timeline({ items, lanes, className }: { items: TimelineItem[]; lanes?: string[]; className?: string }) {
  const now = useNow(1_000);
  // Until the client clock exists, ongoing items end at the latest known time.
  const clock = now ?? latestTime(items);
  const { from, to } = useMemo(() => timelineRange(items, clock), [items, clock]);
  const laneNames = useMemo(() => lanes ?? [...new Set(items.map((i) => i.lane))], [items, lanes]);
  const span = to - from;
  const pct = (ms: number) => `${(((ms - from) / span) * 100).toFixed(3)}%`;

  if (items.length === 0) return <p className="text-sm text-fg-muted">Nothing to show on the timeline yet.</p>;

  return (
    <div className={cn('text-xs', className)} data-testid="execution-timeline">
      <div className="relative ml-28 h-5 border-b border-line text-fg-muted" aria-hidden="true">
        {Array.from({ length: TICKS + 1 }, (_, i) => {
          const t = from + (span * i) / TICKS;
          return (
            <span key={i} className="absolute -translate-x-1/2 whitespace-nowrap" style={{ left: `${(i / TICKS) * 100}%` }}>
              {i === 0 ? formatTimestamp(t).slice(11, 19) : `+${formatDuration(t - from)}`}
            </span>
          );
        })}
      </div>
      <ul className="divide-y divide-line" aria-label="Timeline lanes">
        {laneNames.map((lane) => (
          <li key={lane} className="flex items-stretch">
            <span className="w-28 shrink-0 py-2 pr-2 font-medium text-fg-muted">{lane}</span>
            <ul className="relative min-h-8 flex-1" aria-label={lane}>
              {items
                .filter((i) => i.lane === lane)
                .map((item, index) => {
                  const s = toMs(item.start);
                  if (s === undefined) return null;
                  const instant = item.end === undefined;
                  const e = item.end === null ? clock : instant ? s : (toMs(item.end) ?? s);
                  const status = item.status ?? 'info';
                  const title = `${item.label}${item.detail ? ` — ${item.detail}` : ''}\n${formatTimestamp(s)}${instant ? '' : ` → ${item.end === null ? 'now' : formatTimestamp(e)} (${formatDuration(e - s)})`}`;
                  return (
                    <li
                      key={item.id}
                      tabIndex={0}
                      title={title}
                      aria-label={title.replace('\n', ', ')}
                      data-testid="timeline-item"
                      className="absolute outline-none focus-visible:ring-2 focus-visible:ring-focus"
                      style={{
                        left: pct(s),
                        top: `${4 + (index % 3) * 9}px`,
                        width: instant ? undefined : `max(${(((e - s) / span) * 100).toFixed(3)}%, 3px)`,
                      }}
                    >
                      {instant ? (
                        <span className={cn('block size-2.5 -translate-x-1/2 rotate-45', BAR[status])} />
                      ) : (
                        <span className={cn('block h-2 rounded-sm', BAR[status])} />
                      )}
                    </li>
                  );
                })}
            </ul>
          </li>
        ))}
      </ul>
      <details className="mt-2">
        <summary className="cursor-pointer text-fg-muted">Timeline as a list</summary>
        <ol className="mt-1 space-y-0.5">
          {[...items]
            .sort((a, b) => (toMs(a.start) ?? 0) - (toMs(b.start) ?? 0))
            .map((item) => (
              <li key={item.id}>
                <span className="font-mono">{formatTimestamp(item.start)}</span> · {item.lane} · {item.label}
                {item.detail ? ` — ${item.detail}` : ''}
              </li>
            ))}
        </ol>
      </details>
    </div>
  );
}
