'use client';

import { useSyncExternalStore } from 'react';
import { formatDuration } from '@/lib/executions/duration';
import { formatTimeAgo, formatTimestamp, toEpochMs } from './format';

interface Ticker {
  now: number;
  listeners: Set<() => void>;
  timer?: ReturnType<typeof setInterval>;
}

/** One interval per tick length for the whole page, however many clocks are shown. */
const tickers = new Map<number, Ticker>();

function tickerFor(intervalMs: number): Ticker {
  let ticker = tickers.get(intervalMs);
  if (!ticker) {
    ticker = { now: Date.now(), listeners: new Set() };
    tickers.set(intervalMs, ticker);
  }
  return ticker;
}

function subscribe(intervalMs: number, listener: () => void): () => void {
  const ticker = tickerFor(intervalMs);
  ticker.listeners.add(listener);
  if (!ticker.timer) {
    ticker.now = Date.now();
    ticker.timer = setInterval(() => {
      ticker.now = Date.now();
      for (const l of ticker.listeners) l();
    }, intervalMs);
  }
  return () => {
    ticker.listeners.delete(listener);
    if (ticker.listeners.size === 0 && ticker.timer) {
      clearInterval(ticker.timer);
      ticker.timer = undefined;
    }
  };
}

/**
 * One subscribe function per interval. useSyncExternalStore resubscribes whenever the
 * function changes; a fresh one per render made a lone clock restart its ticker (and so
 * change the snapshot) on every render, looping until React gave up.
 */
const subscribers = new Map<number, (listener: () => void) => () => void>();

function subscriberFor(intervalMs: number): (listener: () => void) => () => void {
  let fn = subscribers.get(intervalMs);
  if (!fn) {
    fn = (listener) => subscribe(intervalMs, listener);
    subscribers.set(intervalMs, fn);
  }
  return fn;
}

/**
 * The current time, updated every `intervalMs`; `null` while rendering on the server and
 * during hydration, so server HTML and the first client render agree.
 */
export function useNow(intervalMs = 1_000): number | null {
  return useSyncExternalStore(
    subscriberFor(intervalMs),
    () => tickerFor(intervalMs).now,
    () => null,
  );
}

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
