/**
 * Operating the standalone server (the file the image runs) against the local stack:
 * Prometheus metrics on their own port, JSON log lines with request ids, and graceful
 * shutdown on SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedDatabase, standaloneMissing, startStandalone, type StandaloneServer } from './standalone';

const RUN = randomBytes(3).toString('hex');
const INGEST_TOKEN = `ops-ingest-token-${RUN}-0000`;
const missing = standaloneMissing();
const skipReason = missing ? ` (skipped: ${missing})` : '';
let db: Awaited<ReturnType<typeof isolatedDatabase>> | undefined;

const JUNIT = (n: number) =>
  `<?xml version="1.0"?>\n<testsuites><testsuite name="ops" tests="${n}" failures="0">${Array.from({ length: n }, (_, i) => `<testcase classname="ops" name="case ${i}" time="0.01"/>`).join('')}</testsuite></testsuites>\n`;

beforeAll(async () => {
  if (!missing) db = await isolatedDatabase(`ops_${RUN}`);
});
afterAll(async () => {
  await db?.drop();
});

/** Parses the Prometheus text format into `name{labels}` → value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}
const sum = (m: Map<string, number>, prefix: string, ...contains: string[]) =>
  [...m].filter(([k]) => k.startsWith(prefix) && contains.every((c) => k.includes(c))).reduce((a, [, v]) => a + v, 0);

describe.skipIf(missing !== null)(`metrics and logs${skipReason}`, () => {
  let server: StandaloneServer;
  beforeAll(async () => {
    server = await startStandalone({ env: { DATABASE_URL: db?.url ?? '', READINESS_INGEST_TOKEN: INGEST_TOKEN, LOG_LEVEL: 'debug' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function scrape(): Promise<{ map: Map<string, number>; text: string; ms: number }> {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return { map: samples(text), text, ms: performance.now() - t0 };
  }

  it('serves /metrics on its own port only, every family prefixed flightdeck_', async () => {
    const { text } = await scrape();
    const families = [...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1] as string);
    expect(families.length).toBeGreaterThan(10);
    expect(families.filter((f) => !f.startsWith('flightdeck_'))).toEqual([]);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
  });

  it('has every family the Grafana dashboard in the chart queries', async () => {
    const { text } = await scrape();
    const families = new Set([...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1] as string));
    const dashboard = readFileSync('charts/flightdeck/dashboards/flightdeck.json', 'utf8');
    const queried = new Set([...dashboard.matchAll(/flightdeck_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|count|sum)$/, '')));
    expect(queried.size).toBeGreaterThan(8);
    expect([...queried].filter((name) => !families.has(name))).toEqual([]);
  });

  it('moves the HTTP, watch, live-stream, Data Storage and ingest families', async () => {
    const before = (await scrape()).map;

    await fetch(`${server.url}/api/v1/executions?limit=5`);
    await fetch(`${server.url}/api/v1/executions/nowhere/nothing`);
    await fetch(`${server.url}/api/v1/audit/events?limit=1`);
    const abort = new AbortController();
    const stream = await fetch(`${server.url}/api/v1/stream?topic=executions`, { signal: abort.signal });
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const report = JUNIT(20);
    const upload = await fetch(`${server.url}/api/v1/readiness/reports?service=ops-${RUN}&tier=unit&runId=r1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/xml' },
      body: report,
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
    const refused = await fetch(`${server.url}/api/v1/readiness/reports?service=ops-${RUN}&tier=unit`, { method: 'POST', headers: { authorization: 'Bearer wrong-token-wrong-token' }, body: 'x' });
    expect(refused.status).toBe(401);

    const during = (await scrape()).map;
    expect(during.get('flightdeck_sse_clients')).toBeGreaterThanOrEqual(1);
    abort.abort();
    await reader.cancel().catch(() => undefined);

    const after = (await scrape()).map;
    const delta = (prefix: string, ...contains: string[]) => sum(after, prefix, ...contains) - sum(before, prefix, ...contains);
    expect(delta('flightdeck_http_requests_total', 'route="/api/v1/executions"', 'status="200"')).toBe(1);
    expect(delta('flightdeck_http_requests_total', 'route="/api/v1/executions/[namespace]/[name]"', 'status="404"')).toBe(1);
    expect(delta('flightdeck_http_request_duration_seconds_count', 'route="/api/v1/executions"')).toBe(1);
    expect(delta('flightdeck_datastorage_requests_total', 'outcome="ok"')).toBeGreaterThanOrEqual(1);
    expect(delta('flightdeck_datastorage_request_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(delta('flightdeck_report_ingests_total', 'outcome="stored"')).toBe(1);
    expect(delta('flightdeck_report_ingest_bytes_total', 'outcome="stored"')).toBe(Buffer.byteLength(report));
    expect(delta('flightdeck_report_ingests_total', 'outcome="rejected"')).toBe(1);
    // The watch cache of the executions list: objects, and a recent event or list.
    expect(sum(after, 'flightdeck_watch_objects', 'resource="workflowexecutions"')).toBeGreaterThanOrEqual(0);
    expect([...after.keys()].some((k) => k.startsWith('flightdeck_watch_seconds_since_last_event{resource="workflowexecutions"'))).toBe(true);
    expect([...after.keys()].some((k) => k.startsWith('flightdeck_watch_relists_total{'))).toBe(true);
    expect([...after.keys()].some((k) => k.startsWith('flightdeck_watch_restarts_total{'))).toBe(true);
    expect(after.get('flightdeck_sse_events_sent_total')).toBeGreaterThanOrEqual(0);
    await expect.poll(async () => (await scrape()).map.get('flightdeck_sse_clients')).toBe(0);
  });

  it('writes JSON log lines that carry the request id', async () => {
    await fetch(`${server.url}/api/v1/executions/nowhere/nothing`, { headers: { 'x-request-id': `ops-${RUN}` } });
    await expect.poll(() => server.output().includes(`"requestId":"ops-${RUN}"`)).toBe(true);
    const line = server.output().split('\n').find((l) => l.includes(`"requestId":"ops-${RUN}"`)) as string;
    expect(JSON.parse(line)).toMatchObject({ level: 'info', time: expect.any(String), requestId: `ops-${RUN}`, status: 404, msg: 'access', subject: 'flightdeck' });
    // The watch cache was started by the first request; its own lines are not that request's.
    const background = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg?: string; requestId?: string })
      .filter((e) => e.msg === 'invalid WorkflowExecution' || e.msg?.startsWith('watch '));
    expect(background.filter((e) => e.requestId !== undefined)).toEqual([]);
  });
});

describe.skipIf(missing !== null)(`graceful shutdown on SIGTERM${skipReason}`, () => {
  it('turns unready, closes live streams with a retry hint, refuses new connections, finishes uploads in flight, exits 0 in bounded time', async () => {
    const server = await startStandalone({ env: { DATABASE_URL: db?.url ?? '', READINESS_INGEST_TOKEN: INGEST_TOKEN, SHUTDOWN_DELAY_MS: '1500', SHUTDOWN_TIMEOUT_MS: '8000' } });
    try {
      expect((await fetch(`${server.url}/api/readyz`)).status).toBe(200);

      // A live stream, read to the end.
      const stream = await fetch(`${server.url}/api/v1/stream?topic=executions`);
      let streamText = '';
      const streamDone = (async () => {
        const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          streamText += decoder.decode(value);
        }
      })();

      // An upload in flight: half the body now, the rest after shutdown has begun.
      const report = JUNIT(2000);
      const half = Math.floor(report.length / 2);
      let sendRest: () => void = () => undefined;
      const restSent = new Promise<void>((resolve) => (sendRest = resolve));
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode(report.slice(0, half)));
          await restSent;
          controller.enqueue(new TextEncoder().encode(report.slice(half)));
          controller.close();
        },
      });
      const upload = fetch(`${server.url}/api/v1/readiness/reports?service=ops-${RUN}&tier=shutdown&runId=r1`, {
        method: 'POST',
        headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/xml' },
        body,
        duplex: 'half',
      } as RequestInit);
      await new Promise((r) => setTimeout(r, 300));

      const t0 = Date.now();
      server.child.kill('SIGTERM');
      // Readiness goes false first, while the server still serves.
      await expect.poll(async () => (await fetch(`${server.url}/api/readyz`)).status, { timeout: 1000, interval: 50 }).toBe(503);
      expect((await fetch(`${server.url}/api/healthz`)).status).toBe(200);

      // After the delay the stream is closed with a retry hint.
      await streamDone;
      expect(Date.now() - t0, streamText.slice(-300)).toBeGreaterThanOrEqual(1400);
      expect(streamText).toMatch(/: server shutting down; reconnect\nretry: \d+\n\n$/);

      // New connections are refused.
      await expect(fetch(`${server.url}/api/healthz`, { headers: { connection: 'close' } })).rejects.toThrow();

      // The upload that started before finishes.
      sendRest();
      const res = await upload;
      expect(res.status, await res.clone().text()).toBe(201);

      const exit = await server.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(Date.now() - t0).toBeLessThan(1500 + 8000);
      expect(server.output()).toContain('shutdown: exiting');
    } finally {
      await server.stop();
    }
  });
});
