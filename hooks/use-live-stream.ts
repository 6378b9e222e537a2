'use client';

/**
 * The one live stream of this browser tab. Components register subscriptions (a list
 * filter, one execution, another feature's topic); the tab keeps a single EventSource
 * carrying their union and reconnects with the new set when it changes, resuming from the
 * last event id so nothing is missed. Events are handed to the registration whose
 * subscription they name.
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { subscriptionKey, type LiveEvent, type LivePosition, type Subscription } from '@/lib/schemas/live';

export type LiveStatus = 'idle' | 'connecting' | 'open' | 'error';

interface Registration {
  sub: Subscription;
  key: string;
  since?: LivePosition;
  listener: (event: LiveEvent) => void;
}

const STREAM_PATH = '/api/v1/stream';

function parseId(id: string | undefined | null): LivePosition | undefined {
  const match = id ? /^([0-9a-f]+)\.(\d+)$/.exec(id) : null;
  return match ? { epoch: match[1] as string, seq: Number(match[2]) } : undefined;
}

class LiveStreamClient {
  private readonly regs = new Map<number, Registration>();
  private nextId = 1;
  private source: EventSource | undefined;
  private keys = '';
  private last: LivePosition | undefined;
  /** The first sequence number the current connection covers (events after it arrive). */
  private coveredFrom: LivePosition | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private statusValue: LiveStatus = 'idle';
  private readonly statusListeners = new Set<() => void>();

  get status(): LiveStatus {
    return this.statusValue;
  }

  onStatus(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private setStatus(status: LiveStatus): void {
    if (this.statusValue === status) return;
    this.statusValue = status;
    for (const l of this.statusListeners) l();
  }

  register(reg: Registration): number {
    const id = this.nextId++;
    this.regs.set(id, reg);
    this.schedule(0);
    return id;
  }

  unregister(id: number): void {
    this.regs.delete(id);
    this.schedule(50);
  }

  /** The data of a registration arrived: reconnect if the stream started after it. */
  setSince(id: number, since: LivePosition): void {
    const reg = this.regs.get(id);
    if (!reg) return;
    reg.since = since;
    const covered = this.coveredFrom;
    if (covered && (covered.epoch !== since.epoch || covered.seq > since.seq)) this.schedule(0, true);
  }

  private schedule(ms: number, force = false): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(force), ms);
  }

  private connect(force: boolean): void {
    const unique = new Map<string, Subscription>();
    for (const reg of this.regs.values()) unique.set(reg.key, reg.sub);
    const keys = [...unique.keys()].sort().join('\n');
    if (unique.size === 0) {
      this.close();
      this.keys = '';
      this.setStatus('idle');
      return;
    }
    if (!force && keys === this.keys && this.source && this.source.readyState !== EventSource.CLOSED) return;
    this.close();
    this.keys = keys;

    // Resume from the oldest position any registration still needs.
    let since = this.last;
    for (const reg of this.regs.values()) {
      if (!reg.since) continue;
      if (!since || (reg.since.epoch === since.epoch && reg.since.seq < since.seq)) since = reg.since;
    }
    const params = new URLSearchParams();
    for (const sub of unique.values()) params.append('sub', JSON.stringify(sub));
    if (since) params.set('since', `${since.epoch}.${since.seq}`);
    this.coveredFrom = since;
    this.setStatus('connecting');
    const source = new EventSource(`${STREAM_PATH}?${params.toString()}`);
    this.source = source;

    source.addEventListener('hello', (message) => {
      const m = message as MessageEvent<string>;
      const position = parseId(m.lastEventId);
      this.failures = 0;
      this.setStatus('open');
      if (position) {
        this.coveredFrom ??= position;
        // Data from a previous server process cannot be resumed: ask for a refetch.
        for (const reg of this.regs.values()) {
          if (reg.since && reg.since.epoch !== position.epoch) {
            reg.listener({ type: 'reset', sub: reg.key, seq: position.seq, reason: 'The server restarted.' });
            reg.since = position;
          }
        }
        this.last = position;
      }
    });
    source.onmessage = (message: MessageEvent<string>) => {
      const position = parseId(message.lastEventId);
      if (position) this.last = position;
      let event: LiveEvent;
      try {
        event = JSON.parse(message.data) as LiveEvent;
      } catch {
        return;
      }
      for (const reg of this.regs.values()) if (reg.key === event.sub) reg.listener(event);
    };
    source.onerror = () => {
      if (source !== this.source) return;
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (an HTTP error): retry ourselves, backing off.
        this.setStatus('error');
        this.failures += 1;
        this.schedule(Math.min(30_000, 1000 * 2 ** Math.min(this.failures, 5)), true);
      } else {
        // The browser reconnects by itself with Last-Event-ID.
        this.setStatus('connecting');
      }
    };
  }

  private close(): void {
    this.source?.close();
    this.source = undefined;
  }
}

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
