'use client';

/**
 * React bindings of the tab's one live stream (hooks/live-stream-client.ts).
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { subscriptionKey, type LiveEvent, type LivePosition, type Subscription } from '@/lib/schemas/live';
import { LiveStreamClient, type LiveStatus } from './live-stream-client';

export type { LiveStatus } from './live-stream-client';

let client: LiveStreamClient | undefined;

function liveClient(): LiveStreamClient {
  client ??= new LiveStreamClient();
  return client;
}

/**
 * Subscribes this component to the tab's live stream while mounted. `since` is the
 * position of the data the component shows (the list's or detail's `epoch` and `seq`).
 * `onEvent` may change between renders without resubscribing.
 */
export function useLiveSubscription(sub: Subscription | null, since: LivePosition | undefined, onEvent: (event: LiveEvent) => void): void {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  const key = sub ? subscriptionKey(sub) : null;
  const subRef = useRef(sub);
  const sinceRef = useRef(since);
  useEffect(() => {
    subRef.current = sub;
    sinceRef.current = since;
  });
  const idRef = useRef<number | null>(null);

  useEffect(() => {
    const current = subRef.current;
    if (!key || !current) return;
    const c = liveClient();
    const id = c.register({ sub: current, key, ...(sinceRef.current ? { since: sinceRef.current } : {}), listener: (e) => handler.current(e) });
    idRef.current = id;
    return () => {
      c.unregister(id);
      idRef.current = null;
    };
  }, [key]);

  const epoch = since?.epoch;
  const seq = since?.seq;
  useEffect(() => {
    if (idRef.current !== null && epoch !== undefined && seq !== undefined) liveClient().setSince(idRef.current, { epoch, seq });
  }, [epoch, seq, key]);
}

/** The connection state of the tab's live stream (for a "live" indicator). */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (listener) => liveClient().onStatus(listener),
    () => liveClient().status,
    () => 'idle',
  );
}
