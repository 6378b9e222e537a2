/**
 * Prometheus metrics (prom-client), served on their own listener at METRICS_PORT so
 * they never share the public port. Every name starts with `flightdeck_`.
 *
 * HTTP requests are observed through Node's `http.server.*` diagnostics channels, so
 * every route and page is counted without touching the handlers; the watch caches are
 * read at scrape time from the registered informers.
 */
import 'server-only';
import { subscribe } from 'node:diagnostics_channel';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import client from 'prom-client';
import { closeAtShutdown } from './lifecycle';
import { log } from './log';
import { routeLabel } from './metrics-routes';
import { processSingleton } from './singleton';

/** What the metrics need from a watch cache (lib/k8s/informer.ts implements it). */
export interface WatchedCache {
  /** The collection path, such as /apis/kubernaut.ai/v1alpha1/namespaces/x/workflowexecutions. */
  readonly path: string;
  readonly size: number;
  readonly stats: { lists: number; watches: number; lastEventAt: number };
}

export type DataStorageOutcome = 'ok' | 'client_error' | 'server_error' | 'timeout' | 'network_error';
export type IngestOutcome = 'stored' | 'rejected' | 'unavailable' | 'error';

const SECOND_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'flightdeck_' });
  const caches = new Set<WatchedCache>();
  const labelsOf = (c: WatchedCache) => {
    const parts = c.path.split('/');
    const ns = parts.indexOf('namespaces');
    return { resource: parts.at(-1) ?? 'unknown', scope: ns >= 0 ? (parts[ns + 1] ?? 'unknown') : 'cluster' };
  };
  /** Sets a per-cache value at scrape time (counters are re-derived from the informers' own tallies). */
  const fromCaches = (set: (labels: { resource: string; scope: string }, c: WatchedCache) => void) => () => {
    for (const c of caches) set(labelsOf(c), c);
  };
  const watchLabels = ['resource', 'scope'] as const;

  const m = {
    registry,
    caches,
    httpRequests: new client.Counter({ name: 'flightdeck_http_requests_total', help: 'HTTP requests by route, method and status.', labelNames: ['route', 'method', 'status'], registers: [registry] }),
    httpDuration: new client.Histogram({
      name: 'flightdeck_http_request_duration_seconds',
      help: 'Time from request to the end of the response, by route (live streams: how long they stayed open).',
      labelNames: ['route', 'method'],
      buckets: SECOND_BUCKETS,
      registers: [registry],
    }),
    sseClients: new client.Gauge({ name: 'flightdeck_sse_clients', help: 'Open live streams (Server-Sent Events).', registers: [registry] }),
    sseEvents: new client.Counter({ name: 'flightdeck_sse_events_sent_total', help: 'Live events sent to streams.', registers: [registry] }),
    dsCalls: new client.Counter({ name: 'flightdeck_datastorage_requests_total', help: 'Calls to Data Storage by outcome (each retry counts).', labelNames: ['outcome'], registers: [registry] }),
    dsDuration: new client.Histogram({ name: 'flightdeck_datastorage_request_duration_seconds', help: 'Duration of Data Storage calls by outcome.', labelNames: ['outcome'], buckets: SECOND_BUCKETS, registers: [registry] }),
    ingests: new client.Counter({ name: 'flightdeck_report_ingests_total', help: 'Test-report uploads by outcome.', labelNames: ['outcome'], registers: [registry] }),
    ingestBytes: new client.Counter({ name: 'flightdeck_report_ingest_bytes_total', help: 'Bytes of test-report uploads (as received) by outcome.', labelNames: ['outcome'], registers: [registry] }),
  };
  new client.Gauge({
    name: 'flightdeck_watch_objects',
    help: 'Objects in a watch cache.',
    labelNames: watchLabels,
    registers: [registry],
    collect() {
      this.reset();
      fromCaches((l, c) => this.set(l, c.size))();
    },
  });
  new client.Counter({
    name: 'flightdeck_watch_relists_total',
    help: 'Full lists after the first (410 Gone, errors, restarts).',
    labelNames: watchLabels,
    registers: [registry],
    collect() {
      this.reset();
      fromCaches((l, c) => this.inc(l, Math.max(0, c.stats.lists - 1)))();
    },
  });
  new client.Counter({
    name: 'flightdeck_watch_restarts_total',
    help: 'Watches opened after the first (expiry, errors, the stall watchdog).',
    labelNames: watchLabels,
    registers: [registry],
    collect() {
      this.reset();
      fromCaches((l, c) => this.inc(l, Math.max(0, c.stats.watches - 1)))();
    },
  });
  new client.Gauge({
    name: 'flightdeck_watch_seconds_since_last_event',
    help: 'Seconds since the watch delivered anything (bookmarks included); climbs when a watch stalls.',
    labelNames: watchLabels,
    registers: [registry],
    collect() {
      this.reset();
      const now = Date.now();
      fromCaches((l, c) => {
        if (c.stats.lastEventAt) this.set(l, (now - c.stats.lastEventAt) / 1000);
      })();
    },
  });
  return m;
}

/** The process's metrics (one registry per process, whichever bundle asks). */
export const metrics = () => processSingleton('metrics', create);

/** Adds a watch cache to the scrape (until `unregister` is called). */
export function registerWatchedCache(cache: WatchedCache): () => void {
  const { caches } = metrics();
  caches.add(cache);
  return () => caches.delete(cache);
}

export function recordDataStorageCall(outcome: DataStorageOutcome, seconds: number): void {
  const m = metrics();
  m.dsCalls.inc({ outcome });
  m.dsDuration.observe({ outcome }, seconds);
}

export function recordIngest(outcome: IngestOutcome, bytes: number): void {
  const m = metrics();
  m.ingests.inc({ outcome });
  if (bytes > 0) m.ingestBytes.inc({ outcome }, bytes);
}

/** Counts every HTTP request of the main server by route and status (idempotent). */
function observeHttp(metricsServer: http.Server): void {
  const m = metrics();
  subscribe('http.server.request.start', (message) => {
    const { server, request, response } = message as { server: http.Server; request: IncomingMessage; response: ServerResponse };
    if (server === metricsServer) return;
    const started = performance.now();
    response.once('close', () => {
      const route = routeLabel(request.url ?? '/');
      const method = request.method ?? 'GET';
      // A response closed before it was sent means the client left.
      const status = response.headersSent ? String(response.statusCode) : 'aborted';
      m.httpRequests.inc({ route, method, status });
      m.httpDuration.observe({ route, method }, (performance.now() - started) / 1000);
    });
  });
}

/**
 * Starts the metrics listener (idempotent): GET /metrics in Prometheus text format, on
 * HOSTNAME (as server.js) and `port`.
 */
export function startMetricsServer(port: number, host = process.env.HOSTNAME || '0.0.0.0'): void {
  processSingleton('metricsServer', () => {
    const m = metrics();
    const server = http.createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      m.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': m.registry.contentType }).end(text),
        (err: unknown) => {
          log.error('metrics: collecting failed', { err });
          res.writeHead(500, { 'content-type': 'text/plain' }).end('collecting metrics failed\n');
        },
      );
    });
    server.on('error', (err) => log.error('metrics: listener failed', { err, port }));
    server.listen(port, host, () => log.info('metrics: listening', { host, port }));
    observeHttp(server);
    closeAtShutdown(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return server;
  });
}
