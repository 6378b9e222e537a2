/**
 * The client of the tab's one live stream. Components register subscriptions (a list
 * filter, one execution, another feature's topic); the client keeps a single EventSource
 * carrying their union and reconnects with the new set when it changes, resuming from
 * the last position so nothing is missed. Events are handed to the registration whose
 * subscription they name. A connection that stays silent past the heartbeat is reopened;
 * one the browser gave up on is retried with backoff.
 */
import type { LiveEvent, LivePosition, Subscription } from '@/lib/schemas/live';

export type LiveStatus = 'idle' | 'connecting' | 'open' | 'error';

interface Registration {
  sub: Subscription;
  key: string;
  since?: LivePosition;
  listener: (event: LiveEvent) => void;
}

const STREAM_PATH = '/api/v1/stream';

/**
 * The server sends a `ping` event every 15 s; after this long without any event the
 * connection is taken for dead (a half-open TCP connection raises no error) and reopened.
 */
export const HEARTBEAT_TIMEOUT_MS = 45_000;

/** The stream's event id, `<epoch>.<seq>`, as a position. */
export function parseId(id: string | undefined | null): LivePosition | undefined {
  const match = id ? /^([0-9a-f]+)\.(\d+)$/.exec(id) : null;
  return match ? { epoch: match[1] as string, seq: Number(match[2]) } : undefined;
}

/** Wait before reconnecting after the `failures`-th failure in a row: 2 s, 4 s, … 30 s. */
export function reconnectDelay(failures: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(failures, 5));
}

/**
 * Where a new connection resumes: the oldest position any registration still needs in
 * the stream's epoch, else the last event seen.
 */
export function resumePosition(last: LivePosition | undefined, needed: Iterable<LivePosition | undefined>): LivePosition | undefined {
  let since = last;
  for (const position of needed) {
    if (!position) continue;
    if (!since || (position.epoch === since.epoch && position.seq < since.seq)) since = position;
  }
  return since;
}

/**
 * The tab's one EventSource and its registrations (no React: hooks/use-live-stream
 * binds it to components). `createSource` is the EventSource constructor (replaced in tests).
 */
export class LiveStreamClient {
  constructor(private readonly createSource: (url: string) => EventSource = (url) => new EventSource(url)) {}

  private readonly regs = new Map<number, Registration>();
  private nextId = 1;
  private source: EventSource | undefined;
  private keys = '';
  private last: LivePosition | undefined;
  /** The first sequence number the current connection covers (events after it arrive). */
  private coveredFrom: LivePosition | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
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

    const since = resumePosition(this.last, [...this.regs.values()].map((reg) => reg.since));
    const params = new URLSearchParams();
    for (const sub of unique.values()) params.append('sub', JSON.stringify(sub));
    if (since) params.set('since', `${since.epoch}.${since.seq}`);
    this.coveredFrom = since;
    this.setStatus('connecting');
    const source = this.createSource(`${STREAM_PATH}?${params.toString()}`);
    this.source = source;
    this.feedWatchdog();

    source.addEventListener('hello', (message) => {
      const m = message as MessageEvent<string>;
      const position = parseId(m.lastEventId);
      this.failures = 0;
      this.feedWatchdog();
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
    source.addEventListener('ping', () => this.feedWatchdog());
    source.onmessage = (message: MessageEvent<string>) => {
      this.feedWatchdog();
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
        this.schedule(reconnectDelay(this.failures), true);
      } else {
        // The browser reconnects by itself with Last-Event-ID.
        this.setStatus('connecting');
      }
    };
  }

  /** Restarts the silence timer: an event (a ping at least) arrived on the connection. */
  private feedWatchdog(): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      if (!this.source) return;
      // Silent for too long: reopen from the last position seen.
      this.setStatus('connecting');
      this.connect(true);
    }, HEARTBEAT_TIMEOUT_MS);
  }

  private close(): void {
    clearTimeout(this.watchdog);
    this.source?.close();
    this.source = undefined;
  }
}
