import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '@/lib/schemas/live';
import { HEARTBEAT_TIMEOUT_MS, LiveStreamClient, reconnectDelay, resumePosition } from './live-stream-client';

/** Just enough of the browser's EventSource to drive the client. */
class FakeSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readyState = FakeSource.CONNECTING;
  onmessage: ((m: MessageEvent<string>) => void) | null = null;
  onerror: (() => void) | null = null;
  private readonly listeners = new Map<string, ((m: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, fn: (m: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close(): void {
    this.readyState = FakeSource.CLOSED;
  }
  /** The server's `hello` with the stream position. */
  hello(id: string): void {
    this.readyState = FakeSource.OPEN;
    for (const fn of this.listeners.get('hello') ?? []) fn({ lastEventId: id, data: '{}' } as MessageEvent<string>);
  }
  ping(): void {
    for (const fn of this.listeners.get('ping') ?? []) fn({ lastEventId: '', data: '"ping"' } as MessageEvent<string>);
  }
  event(id: string, event: LiveEvent): void {
    this.onmessage?.({ lastEventId: id, data: JSON.stringify(event) } as MessageEvent<string>);
  }
  /** The connection failed; `final`: the browser gave up (an HTTP error) instead of retrying. */
  fail(final: boolean): void {
    this.readyState = final ? FakeSource.CLOSED : FakeSource.CONNECTING;
    this.onerror?.();
  }
  get since(): string | null {
    return new URL(this.url, 'http://x').searchParams.get('since');
  }
}

const SUB = { topic: 'executions', filter: {} } as const;
const KEY = 'executions:{}';

let sources: FakeSource[];
let client: LiveStreamClient;
const latest = () => sources[sources.length - 1]!;

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('EventSource', FakeSource);
  sources = [];
  client = new LiveStreamClient((url) => {
    const s = new FakeSource(url);
    sources.push(s);
    return s as unknown as EventSource;
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function register(listener: (e: LiveEvent) => void = () => {}, since?: { epoch: string; seq: number }) {
  const id = client.register({ sub: SUB, key: KEY, listener, ...(since ? { since } : {}) });
  vi.advanceTimersByTime(0);
  return id;
}

describe('reconnecting', () => {
  it('retries with growing waits after the browser gives up, and resets once connected', () => {
    register();
    expect(sources).toHaveLength(1);
    latest().fail(true);
    expect(client.status).toBe('error');
    vi.advanceTimersByTime(reconnectDelay(1) - 1);
    expect(sources).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(2);

    latest().fail(true);
    vi.advanceTimersByTime(reconnectDelay(1));
    expect(sources).toHaveLength(2);
    vi.advanceTimersByTime(reconnectDelay(2) - reconnectDelay(1));
    expect(sources).toHaveLength(3);

    latest().hello('ab.1');
    expect(client.status).toBe('open');
    latest().fail(true);
    vi.advanceTimersByTime(reconnectDelay(1));
    expect(sources).toHaveLength(4);
  });

  it('leaves a transient error to the browser, which reconnects by itself', () => {
    register();
    latest().hello('ab.1');
    latest().fail(false);
    expect(client.status).toBe('connecting');
    vi.advanceTimersByTime(30_000);
    expect(sources).toHaveLength(1);
  });

  it('caps the wait at 30 seconds', () => {
    expect([1, 2, 3, 4, 5, 9].map(reconnectDelay)).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });
});

describe('resuming', () => {
  it('reconnects from the last event seen', () => {
    const seen: LiveEvent[] = [];
    register((e) => seen.push(e));
    latest().hello('ab.3');
    latest().event('ab.7', { type: 'message', sub: KEY, seq: 7, data: 1 } as LiveEvent);
    expect(seen).toHaveLength(1);
    latest().fail(true);
    vi.advanceTimersByTime(reconnectDelay(1));
    expect(latest().since).toBe('ab.7');
  });

  it('starts from the position of the data a registration already holds', () => {
    register(undefined, { epoch: 'ab', seq: 4 });
    expect(latest().since).toBe('ab.4');
  });

  it('asks a registration to refetch when the server restarted (a new epoch)', () => {
    const seen: LiveEvent[] = [];
    register((e) => seen.push(e), { epoch: 'ab', seq: 4 });
    latest().hello('cd.1');
    expect(seen).toEqual([expect.objectContaining({ type: 'reset', sub: KEY })]);
  });

  it('resumes from the oldest position still needed in the same epoch', () => {
    expect(resumePosition({ epoch: 'ab', seq: 9 }, [{ epoch: 'ab', seq: 4 }, undefined, { epoch: 'zz', seq: 1 }])).toEqual({ epoch: 'ab', seq: 4 });
    expect(resumePosition(undefined, [])).toBeUndefined();
  });
});

describe('heartbeat', () => {
  it('reopens a connection that stays silent past the heartbeat, from the last position', () => {
    register();
    latest().hello('ab.5');
    vi.advanceTimersByTime(HEARTBEAT_TIMEOUT_MS - 1);
    expect(sources).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(2);
    expect(sources[0]!.readyState).toBe(FakeSource.CLOSED);
    expect(latest().since).toBe('ab.5');
  });

  it('keeps a connection whose pings arrive', () => {
    register();
    latest().hello('ab.5');
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(15_000);
      latest().ping();
    }
    expect(sources).toHaveLength(1);
    expect(client.status).toBe('open');
  });
});
