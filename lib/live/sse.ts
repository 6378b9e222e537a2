/**
 * Server-Sent Events: the wire encoding and the stream of one browser tab.
 *
 * Every message carries JSON on a single `data:` line (JSON.stringify never emits a raw
 * newline, which would start a new field). `id:` is `<epoch>.<seq>`: the bus sequence of
 * the last event included, so a reconnect with Last-Event-ID resumes exactly; an id from
 * another process epoch, or older than the replay buffer, gets a `reset` per subscription
 * telling the tab to refetch. A comment line every 15 s keeps proxies from closing the
 * connection; every listener and timer is released when the client goes.
 */
import 'server-only';
import { onShutdown } from '../lifecycle';
import { log } from '../log';
import { metrics } from '../metrics';
import type { LiveEvent } from '../schemas/live';
import type { BusEvent, LiveBus } from './bus';
import type { ResolvedSubscription } from './subscriptions';

export interface SseMessage {
  id?: string;
  event?: string;
  data?: unknown;
  retry?: number;
  comment?: string;
}

/** Encodes one SSE message. */
export function encodeSse(msg: SseMessage): string {
  let out = '';
  if (msg.comment !== undefined) out += `: ${msg.comment.replace(/[\r\n]+/g, ' ')}\n`;
  if (msg.retry !== undefined) out += `retry: ${Math.max(0, Math.floor(msg.retry))}\n`;
  if (msg.id !== undefined) out += `id: ${msg.id.replace(/[\r\n\0]/g, '')}\n`;
  if (msg.event !== undefined) out += `event: ${msg.event.replace(/[\r\n]/g, '')}\n`;
  if (msg.data !== undefined) out += `data: ${JSON.stringify(msg.data)}\n`;
  return `${out}\n`;
}

export function formatEventId(epoch: string, seq: number): string {
  return `${epoch}.${seq}`;
}

/** Parses `<epoch>.<seq>`; null for anything else. */
export function parseEventId(id: string | null | undefined): { epoch: string; seq: number } | null {
  if (!id) return null;
  const match = /^([0-9a-f]{1,32})\.(\d{1,15})$/.exec(id.trim());
  if (!match) return null;
  return { epoch: match[1] as string, seq: Number(match[2]) };
}

export const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream; charset=utf-8',
  // no-transform: `next start` gzips responses, and gzip holds small frames back.
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

export interface LiveStreamOptions {
  bus: LiveBus;
  subscriptions: ResolvedSubscription[];
  /** Last-Event-ID header, or the `since` parameter of a new connection. */
  resumeFrom?: string | null;
  signal: AbortSignal;
  heartbeatMs?: number;
  /** Queued bytes after which a too-slow client is dropped (it reconnects and resumes). */
  maxQueuedBytes?: number;
}

/** The event stream of one tab: replay from the resume point, then live events. */
export function createLiveStream(opts: LiveStreamOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const { bus, subscriptions } = opts;
  const topics = new Set(subscriptions.flatMap((s) => s.topics));
  let cleanup = () => {};
  let closed = false;
  let queued = 0;

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const maxQueued = opts.maxQueuedBytes ?? 4 * 1024 * 1024;
      const write = (text: string) => {
        if (closed) return;
        const bytes = encoder.encode(text);
        // desiredSize counts bytes (ByteLengthQueuingStrategy): negative means the client lags.
        queued = Math.max(0, 64 * 1024 - (controller.desiredSize ?? 0)) + bytes.length;
        if (queued > maxQueued) {
          log.warn('live stream client too slow; closing', { queuedBytes: queued });
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed
          }
          return;
        }
        controller.enqueue(bytes);
      };

      const send = (event: BusEvent) => {
        const out: LiveEvent[] = [];
        for (const sub of subscriptions) {
          if (!sub.topics.includes(event.topic)) continue;
          const mapped = sub.map(event);
          if (mapped) out.push(mapped);
        }
        // The id goes on the last message of a bus event only, so a connection lost
        // between two of them resumes before the event and nothing is skipped.
        out.forEach((e, i) => write(encodeSse({ data: e, ...(i === out.length - 1 ? { id: formatEventId(bus.epoch, event.seq) } : {}) })));
        if (out.length) metrics().sseEvents.inc(out.length);
      };

      write(encodeSse({ retry: 2000, comment: 'flightdeck live stream' }));

      // Replay and subscribe in one synchronous block: no event can fall in between.
      const resume = parseEventId(opts.resumeFrom);
      if (resume) {
        const replay = resume.epoch === bus.epoch ? bus.since(resume.seq, topics) : 'too-old';
        if (replay === 'too-old') {
          const reason = resume.epoch === bus.epoch ? 'Missed events are no longer buffered.' : 'The server restarted.';
          for (const sub of subscriptions) write(encodeSse({ data: { type: 'reset', sub: sub.key, seq: bus.seq, reason } satisfies LiveEvent }));
        } else {
          for (const event of replay) send(event);
        }
      }
      const unsubscribes = [...topics].map((topic) => bus.subscribe(topic, send));
      write(encodeSse({ id: formatEventId(bus.epoch, bus.seq), event: 'hello', data: { epoch: bus.epoch, seq: bus.seq, subs: subscriptions.map((s) => s.key) } }));

      // A named event, not a comment: proxies see traffic either way, but only an event
      // reaches the page's EventSource, which needs it to notice a silently dead connection.
      const heartbeat = setInterval(() => write(encodeSse({ event: 'ping', data: 'ping' })), opts.heartbeatMs ?? 15_000);
      heartbeat.unref?.();

      // Shutdown: tell the browser how soon to reconnect (to another replica) and end the
      // stream; it resumes with Last-Event-ID.
      metrics().sseClients.inc();
      const offShutdown = onShutdown((retryMs) => {
        write(encodeSse({ retry: retryMs, comment: 'server shutting down; reconnect' }));
        onAbort();
      });

      cleanup = () => {
        if (closed) return;
        closed = true;
        metrics().sseClients.dec();
        offShutdown();
        clearInterval(heartbeat);
        for (const u of unsubscribes) u();
        opts.signal.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      if (opts.signal.aborted) onAbort();
      else opts.signal.addEventListener('abort', onAbort, { once: true });
    },
    cancel() {
      cleanup();
    },
  }, new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }));
}
