'use client';

import { useNow } from '@/hooks/use-now';
import { formatDuration } from '@/lib/executions/duration';
import { formatTimeAgo, formatTimestamp, toEpochMs } from './format';

/** A timestamp as "5m ago" that keeps itself current; the exact UTC time is in the tooltip. */
export function TimeAgo({ value, className }: { value: string | number | Date | null | undefined; className?: string }) {
  const now = useNow(15_000);
  const ms = toEpochMs(value ?? undefined);
  if (ms === undefined) return <span className={className}>—</span>;
  const absolute = formatTimestamp(ms);
  return (
    <time dateTime={new Date(ms).toISOString()} title={absolute} className={className}>
      {now === null ? absolute : formatTimeAgo(ms, now)}
    </time>
  );
}

/** A fixed duration ("2m 30s"). */
export function Duration({ ms, className }: { ms: number | null | undefined; className?: string }) {
  return <span className={className}>{formatDuration(ms ?? undefined)}</span>;
}

/**
 * Elapsed time from `since` to `until`, ticking every second while `until` is absent
 * (a running step). Shows a dash until the client clock is available.
 */
export function LiveDuration({
  since,
  until,
  className,
}: {
  since: string | number | Date | null | undefined;
  until?: string | number | Date | null;
  className?: string;
}) {
  const now = useNow(1_000);
  const start = toEpochMs(since ?? undefined);
  const end = toEpochMs(until ?? undefined) ?? now;
  const ms = start === undefined || end === null ? undefined : Math.max(0, end - start);
  return <span className={className}>{formatDuration(ms)}</span>;
}
