/**
 * Graceful shutdown of the server process. Kubernetes sends SIGTERM and, at the same
 * time, starts removing the Pod from the Service's endpoints; requests keep arriving for
 * a few seconds. So on SIGTERM:
 *
 *  1. readiness turns false at once (`/api/readyz` answers 503 "shutting down");
 *  2. after `SHUTDOWN_DELAY_MS` (endpoints have caught up) the listeners stop accepting
 *     connections, API requests on kept-alive connections get 503 with `Retry-After`
 *     and `Connection: close`, and every open live stream gets a `retry:` hint and is
 *     closed, so the browser reconnects (to another replica) and resumes;
 *  3. requests in flight finish; the process exits once none is left, or after
 *     `SHUTDOWN_TIMEOUT_MS` at the latest.
 *
 * Next.js's own SIGTERM handler waits for every connection to end, which never happens
 * while a live stream is open, so this module replaces it. The HTTP server is not ours
 * (server.js creates it): it is found through Node's `http.server.request.start`
 * diagnostics channel, which also counts requests in flight.
 */
import 'server-only';
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { log } from './log';
import { processSingleton } from './singleton';

export type Phase = 'serving' | 'draining' | 'closing';

/** Request header with the phase the process was in when the request arrived. */
const ARRIVAL_HEADER = 'x-flightdeck-arrival';

/**
 * Whether a request should be refused because it arrived after the process stopped
 * accepting work (it came on a kept-alive connection). Requests already in flight when
 * shutdown began are served.
 */
export function arrivedWhileClosing(request: Request): boolean {
  return request.headers.get(ARRIVAL_HEADER) === 'closing';
}

interface Lifecycle {
  phase: Phase;
  servers: Set<Server>;
  inFlight: number;
  /** Closers of open live streams, called with the reconnect delay to advertise. */
  streams: Set<(retryMs: number) => void>;
  /** Other listeners (the metrics server) to close with the main one. */
  closers: Set<() => Promise<void>>;
  installed: boolean;
}

const state = () =>
  processSingleton<Lifecycle>('lifecycle', () => ({ phase: 'serving', servers: new Set(), inFlight: 0, streams: new Set(), closers: new Set(), installed: false }));

/** Where the process is in its shutdown. */
export function lifecyclePhase(): Phase {
  return state().phase;
}

/** Requests being served right now (every route and page, the live streams included). */
export function requestsInFlight(): number {
  return state().inFlight;
}

/**
 * Registers an open live stream; `close` is called once at shutdown with the reconnect
 * delay to send. Returns the function that unregisters it (when the client leaves).
 */
export function onShutdown(close: (retryMs: number) => void): () => void {
  const streams = state().streams;
  streams.add(close);
  return () => streams.delete(close);
}

/** Registers another listener to close at shutdown (the metrics server). */
export function closeAtShutdown(close: () => Promise<void>): void {
  state().closers.add(close);
}

export interface ShutdownOptions {
  delayMs: number;
  timeoutMs: number;
  /** Reconnect delay advertised to live streams. */
  retryMs?: number;
  exit?: (code: number) => void;
}

/** Watches requests and installs the SIGTERM handler (idempotent). */
export function installGracefulShutdown(opts: ShutdownOptions): void {
  const s = state();
  if (s.installed) return;
  s.installed = true;
  subscribe('http.server.request.start', (message) => {
    const { server, request, response } = message as { server: Server; request: IncomingMessage; response: ServerResponse };
    s.servers.add(server);
    // Stamped on arrival (any value a client sent is overwritten): a handler may run only
    // once the whole body is in, after shutdown began, yet the request was already in
    // flight and must be served.
    request.headers[ARRIVAL_HEADER] = s.phase;
    s.inFlight += 1;
    // 'close' fires when the response finished or the client went away.
    response.once('close', () => {
      s.inFlight -= 1;
    });
    if (s.phase === 'closing') response.shouldKeepAlive = false;
  });
  for (const listener of process.listeners('SIGTERM')) process.off('SIGTERM', listener);
  process.once('SIGTERM', () => void shutdown(opts));
}

/** Runs the shutdown sequence (exported for tests; SIGTERM calls it). */
export async function shutdown(opts: ShutdownOptions): Promise<void> {
  const s = state();
  if (s.phase !== 'serving') return;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const started = Date.now();
  s.phase = 'draining';
  log.info('shutdown: readiness is false; still serving while endpoints update', { delayMs: opts.delayMs, inFlight: s.inFlight });
  await sleep(opts.delayMs);

  s.phase = 'closing';
  const retryMs = opts.retryMs ?? 1_000;
  const streams = [...s.streams];
  s.streams.clear();
  for (const close of streams) {
    try {
      close(retryMs);
    } catch (err) {
      log.warn('shutdown: closing a live stream failed', { err });
    }
  }
  const closed = Promise.all([
    ...[...s.servers].map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        }),
    ),
    ...[...s.closers].map((c) => c().catch(() => undefined)),
  ]);
  log.info('shutdown: stopped accepting connections; waiting for requests in flight', { liveStreams: streams.length, inFlight: s.inFlight });

  const deadline = started + opts.delayMs + opts.timeoutMs;
  while (s.inFlight > 0 && Date.now() < deadline) {
    for (const server of s.servers) server.closeIdleConnections();
    await sleep(50);
  }
  const late = s.inFlight;
  for (const server of s.servers) server.closeAllConnections();
  await Promise.race([closed, sleep(500)]);
  log.info('shutdown: exiting', { seconds: Math.round((Date.now() - started) / 100) / 10, abandonedRequests: late });
  exit(0);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
