'use client';

import { useSyncExternalStore } from 'react';

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
