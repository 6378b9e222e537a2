#!/usr/bin/env node
/**
 * Executions benchmark against the local stack and a running Flightdeck server.
 *
 *   npm run stack:up
 *   npm run build && PORT=3100 METRICS_PORT=9464 npm start &     # the standalone server the image runs
 *   node bench/executions.mjs [--url http://127.0.0.1:3100] [--count 10000] [--clients 200]
 *        [--metrics http://127.0.0.1:9464/metrics] [--skip-browser] [--only list|auth|sse|browser|overview|cleanup]
 *        [--overview-loads 9] [--cleanup]
 *
 * 1. Arranges COUNT WorkflowExecutions in the namespace `bench-wfe` with the admin identity
 *    (idempotent: existing objects are kept, so a second run starts measuring at once),
 *    with a mix of phases set through the status subresource.
 * 2. GET /api/v1/executions (filtered, 50 rows) vs a raw paged LIST (limit=500) of the same
 *    objects from the kube-apiserver with Flightdeck's identity, in the same run.
 * 2b. The cost of authorization: the same list as a namespace-scoped person (a bearer
 *    token of the stack's execution-viewer, bound in COUNT's namespace only; Flightdeck
 *    asks SubjectAccessReviews, cached) vs as Flightdeck's ServiceAccount (no credentials,
 *    serviceaccount mode), interleaved in the same run.
 * 3. Status patch → SSE event latency at 50 patches per second, with CLIENTS live streams
 *    open on the same subscription (one measures, the others receive the same events).
 * 4. Server RSS with the objects cached and the streams open.
 * 5. GET /metrics scrape time (the separate METRICS_PORT listener).
 * 6. Long tasks in Chromium while scrolling the list from its first row to its last
 *    (every page of COUNT loaded): how many, how many over 100 ms, the longest.
 * 7. The overview: GET /api/v1/overview (every execution aggregated) p50/p95, and the first
 *    contentful paint of `/` in Chromium (median over OVERVIEW_LOADS fresh loads; target < 1 s).
 * 8. With --cleanup (or --only cleanup), removes what it arranged, namespace included (see
 *    cleanup()); otherwise the objects stay for the next run.
 *
 * Prints medians, p95 and ratios; asserts nothing. Results also go to bench/results/.
 *
 * The objects are hand-written on purpose: Kubernaut's real controller runs one execution
 * per target and polls every 10 s, so it cannot produce 10,000 executions or 50 status
 * changes a second; and they stay out of kubernaut-system, where it would fail them. With
 * the stack's AuthWebhook running, each status patch passes through it (as in a cluster),
 * which is part of the measured patch → SSE latency.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as k8s from '@kubernetes/client-node';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const URL_BASE = opt('url', process.env.BENCH_URL ?? 'http://127.0.0.1:3100');
const COUNT = Number(opt('count', '10000'));
const NS = opt('namespace', 'bench-wfe');
const CONCURRENCY = 20;
const SKIP_BROWSER = args.includes('--skip-browser');
const CLIENTS = Number(opt('clients', '200'));
const CLEANUP = args.includes('--cleanup');
const OVERVIEW_LOADS = Number(opt('overview-loads', '9'));
const METRICS_URL = opt('metrics', process.env.BENCH_METRICS_URL ?? 'http://127.0.0.1:9464/metrics');

const stackDir = process.env.STACK_DIR ?? path.resolve('.stack');
const stack = JSON.parse(readFileSync(path.join(stackDir, 'env.json'), 'utf8'));
const GROUP = 'kubernaut.ai';
const VERSION = 'v1alpha1';
const PLURAL = 'workflowexecutions';

const admin = new k8s.KubeConfig();
admin.loadFromFile(stack.STACK_ADMIN_KUBECONFIG);
const custom = admin.makeApiClient(k8s.CustomObjectsApi);
const core = admin.makeApiClient(k8s.CoreV1Api);
const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);

/**
 * Status patches over one keep-alive connection pool, as a controller's client does
 * (client-node opens a new TLS connection per call, which would measure handshakes).
 */
async function keepAlivePatcher(kc) {
  const opts = { headers: {} };
  await kc.applyToHTTPSOptions(opts);
  const agent = new https.Agent({ keepAlive: true, maxSockets: 16, ca: opts.ca, cert: opts.cert, key: opts.key });
  const server = kc.getCurrentCluster().server;
  return (name, status) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ status });
      const req = https.request(
        `${server}/apis/${GROUP}/${VERSION}/namespaces/${NS}/${PLURAL}/${name}/status`,
        { method: 'PATCH', agent, headers: { ...opts.headers, 'content-type': 'application/merge-patch+json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`PATCH ${name} → ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
}

const reader = new k8s.KubeConfig();
reader.loadFromFile(stack.KUBECONFIG);

const pct = (values, p) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const fmt = (ms) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : 'n/a');
const results = { url: URL_BASE, count: COUNT, namespace: NS, at: new Date().toISOString() };

async function pool(items, n, fn) {
  let next = 0;
  const workers = Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  });
  await Promise.all(workers);
}

const name = (i) => `bench-we-${String(i).padStart(5, '0')}`;
const PHASES = ['Completed', 'Completed', 'Completed', 'Failed', 'Running', 'Pending'];

function statusFor(i) {
  const phase = PHASES[i % PHASES.length];
  const start = new Date(Date.now() - (i % 500) * 60_000 - 120_000).toISOString();
  if (phase === 'Pending') return { phase: 'Pending' };
  if (phase === 'Running') return { phase, startTime: start };
  const seconds = 5 + (i % 300);
  const end = new Date(Date.parse(start) + seconds * 1000).toISOString();
  const base = { phase, startTime: start, completionTime: end, duration: `${seconds}s` };
  if (phase === 'Completed') return base;
  return {
    ...base,
    failureDetails: {
      failedTaskIndex: 0,
      failedTaskName: 'apply',
      reason: i % 4 === 0 ? 'OOMKilled' : 'TaskFailed',
      message: 'bench failure',
      failedAt: end,
      naturalLanguageSummary: 'bench',
      wasExecutionFailure: true,
    },
  };
}

async function arrange() {
  try {
    await core.createNamespace({ body: { metadata: { name: NS, labels: { 'flightdeck.bench': 'executions' } } } });
  } catch (err) {
    if (err.code !== 409) throw err;
  }
  const existing = new Map();
  let cont;
  do {
    const page = await custom.listNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: NS, plural: PLURAL, limit: 500, _continue: cont });
    for (const o of page.items) existing.set(o.metadata.name, Boolean(o.status?.phase));
    cont = page.metadata?.continue || undefined;
  } while (cont);
  const missing = [];
  for (let i = 0; i < COUNT; i++) if (!existing.get(name(i))) missing.push(i);
  console.log(`arrange: ${existing.size} exist in ${NS}; ${missing.length} to create or finish`);
  const started = Date.now();
  let done = 0;
  await pool(missing, CONCURRENCY, async (i) => {
    if (!existing.has(name(i))) {
      try {
        await custom.createNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          namespace: NS,
          plural: PLURAL,
          body: {
            apiVersion: `${GROUP}/${VERSION}`,
            kind: 'WorkflowExecution',
            metadata: { name: name(i), namespace: NS, labels: { 'flightdeck.bench/wfe': 'v1' } },
            spec: {
              workflowRef: { workflowId: ['restart-deployment', 'scale-up', 'increase-memory', 'rollback'][i % 4], version: '1.0.0', executionBundle: 'quay.io/kubernaut/bench:1' },
              targetResource: `${NS}/Deployment/app-${i % 97}`,
              parameters: { TARGET: `app-${i % 97}` },
              remediationRequestRef: { apiVersion: `${GROUP}/${VERSION}`, kind: 'RemediationRequest', name: `rr-bench-${i}`, namespace: NS },
            },
          },
        });
      } catch (err) {
        if (err.code !== 409) throw err;
      }
    }
    await custom.patchNamespacedCustomObjectStatus({ group: GROUP, version: VERSION, namespace: NS, plural: PLURAL, name: name(i), body: { status: statusFor(i) } }, mergePatch);
    done += 1;
    if (done % 1000 === 0) console.log(`arrange: ${done}/${missing.length} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  });
  results.arrangeSeconds = (Date.now() - started) / 1000;
}

async function getJson(url, headers = {}) {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`${url} → ${res.status} ${await res.text()}`);
  return res.json();
}

async function waitForCache() {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const page = await getJson(`${URL_BASE}/api/v1/executions?namespace=${NS}&limit=1`);
    if (page.total >= COUNT && !page.syncing) return page;
    if (Date.now() > deadline) throw new Error(`Flightdeck caches only ${page.total} of ${COUNT} after 5 minutes`);
    await sleep(1000);
  }
}

async function timeIt(fn, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  return times;
}

async function rawPagedList() {
  let cont;
  let items = 0;
  const api = reader.makeApiClient(k8s.CustomObjectsApi);
  do {
    const page = await api.listNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: NS, plural: PLURAL, limit: 500, _continue: cont });
    items += page.items.length;
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return items;
}

async function measureList() {
  const queries = [
    `namespace=${NS}&phase=Failed&limit=50`,
    `namespace=${NS}&q=app-42&limit=50`,
    `namespace=${NS}&workflow=scale&sort=duration&order=desc&limit=50`,
    `namespace=${NS}&reason=OOMKilled&sort=name&order=asc&limit=50`,
  ];
  // Warm up the server (JIT, route compilation) before measuring.
  for (const q of queries) for (let i = 0; i < 10; i++) await getJson(`${URL_BASE}/api/v1/executions?${q}`);
  const api = await timeIt((i) => getJson(`${URL_BASE}/api/v1/executions?${queries[i % queries.length]}`), 200);
  await rawPagedList();
  let listed = 0;
  const raw = await timeIt(async () => {
    listed = await rawPagedList();
  }, 5);
  const api50 = reader.makeApiClient(k8s.CustomObjectsApi);
  const rawFirstPage = await timeIt(() => api50.listNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: NS, plural: PLURAL, limit: 50 }), 20);
  results.list = {
    endpointP50: pct(api, 50),
    endpointP95: pct(api, 95),
    rawPagedListP50: pct(raw, 50),
    rawPagedListItems: listed,
    rawFirstPage50P50: pct(rawFirstPage, 50),
    ratioPagedListOverEndpoint: pct(raw, 50) / pct(api, 50),
  };
  console.log(`\nGET /api/v1/executions (filtered, 50 rows): p50 ${fmt(pct(api, 50))}, p95 ${fmt(pct(api, 95))} (n=200)`);
  console.log(`raw paged LIST of ${listed} objects (limit=500): p50 ${fmt(pct(raw, 50))} (n=5)`);
  console.log(`raw LIST first page (limit=50, unfiltered): p50 ${fmt(pct(rawFirstPage, 50))} (n=20)`);
  console.log(`ratio raw paged LIST / endpoint (p50): ${results.list.ratioPagedListOverEndpoint.toFixed(1)}x`);
}

/** Opens the SSE stream and resolves each marker's waiter when its event arrives. */
async function openStream(query, onEvent) {
  const controller = new AbortController();
  const res = await fetch(`${URL_BASE}/api/v1/stream?${query}`, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
  if (!res.ok || !res.body) throw new Error(`stream → ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          for (const line of block.split('\n')) if (line.startsWith('data: ') && !block.includes('event: hello')) onEvent(JSON.parse(line.slice(6)));
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
  })();
  return () => controller.abort();
}

async function measureLatency() {
  const RATE = 50;
  const SECONDS = 10;
  const sent = new Map();
  const latencies = [];
  const roundTrips = [];
  const acked = new Map();
  const afterAck = [];
  const patch = await keepAlivePatcher(admin);
  await patch(name(0), { conditions: [] });
  const close = await openStream(`topic=executions&namespace=${NS}`, (event) => {
    if (event.type !== 'upsert') return;
    const marker = event.item.reason;
    const t = sent.get(marker);
    if (t !== undefined) {
      const at = performance.now();
      latencies.push(at - t);
      sent.delete(marker);
      const ack = acked.get(marker);
      if (ack !== undefined) afterAck.push(at - ack);
      else acked.set(marker, -at);
    }
  });
  // The other clients: the same subscription, counting what they receive.
  let othersReceived = 0;
  const others = [];
  for (let i = 1; i < CLIENTS; i++) {
    others.push(
      await openStream(`topic=executions&namespace=${NS}`, (event) => {
        if (event.type === 'upsert') othersReceived += 1;
      }),
    );
  }
  await sleep(1000);
  const total = RATE * SECONDS;
  const started = performance.now();
  const inflight = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const marker = `BenchR${Date.now()}x${i}`;
    const t0 = performance.now();
    sent.set(marker, t0);
    inflight.push(
      patch(name((i * 7) % COUNT), { conditions: [{ type: 'Ready', status: 'True', reason: marker, message: '', lastTransitionTime: new Date().toISOString() }] })
        .then(() => {
          const now = performance.now();
          roundTrips.push(now - t0);
          const seen = acked.get(marker);
          // The event arrived before the patch answer: the API server's own work dominates.
          if (seen !== undefined && seen < 0) afterAck.push(0);
          else acked.set(marker, now);
        }),
    );
  }
  await Promise.all(inflight);
  const achieved = total / ((performance.now() - started) / 1000);
  await sleep(2000);
  // RSS while every stream is still open.
  serverRss();
  close();
  for (const c of others) c();
  results.sse = {
    clients: CLIENTS,
    othersReceivedPerClient: CLIENTS > 1 ? othersReceived / (CLIENTS - 1) : 0,
    patches: total,
    delivered: latencies.length,
    lost: sent.size,
    achievedRate: achieved,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    max: Math.max(...latencies),
    patchRoundTripP50: pct(roundTrips, 50),
    patchRoundTripP95: pct(roundTrips, 95),
    afterPatchAnswerP50: pct(afterAck, 50),
    afterPatchAnswerP95: pct(afterAck, 95),
  };
  console.log(`\n${CLIENTS} live streams open; each other client received ${results.sse.othersReceivedPerClient.toFixed(0)} upserts`);
  console.log(`patch → SSE event at ${achieved.toFixed(1)} patches/s: p50 ${fmt(pct(latencies, 50))}, p95 ${fmt(pct(latencies, 95))}, max ${fmt(results.sse.max)}; delivered ${latencies.length}/${total}`);
  console.log(`  of which the PATCH round trip to the API server: p50 ${fmt(results.sse.patchRoundTripP50)}, p95 ${fmt(results.sse.patchRoundTripP95)}; from the PATCH answer to the SSE event: p50 ${fmt(results.sse.afterPatchAnswerP50)}, p95 ${fmt(results.sse.afterPatchAnswerP95)}`);
}

function serverRss() {
  const port = new URL(URL_BASE).port || '80';
  let pid;
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
    pid = /pid=(\d+)/.exec(out)?.[1];
  } catch {
    pid = undefined;
  }
  pid = process.env.BENCH_SERVER_PID ?? pid;
  if (!pid) {
    console.log('\nserver RSS: could not find the process listening on the port (set BENCH_SERVER_PID)');
    return;
  }
  const rssOf = (p) => {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1];
      return kb ? Number(kb) / 1024 : 0;
    } catch {
      return 0;
    }
  };
  const rss = rssOf(pid);
  results.rssMb = rss;
  console.log(`\nserver RSS (pid ${pid}, the process serving ${port}) with ${COUNT} executions cached: ${rss.toFixed(0)} MB`);
}

/** GET /metrics on the metrics listener, 30 times. */
async function measureMetrics() {
  const times = [];
  let bytes = 0;
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    const res = await fetch(METRICS_URL);
    const text = await res.text();
    if (!res.ok) throw new Error(`metrics → ${res.status}`);
    times.push(performance.now() - t0);
    bytes = text.length;
  }
  results.metrics = { p50: pct(times, 50), p95: pct(times, 95), bytes };
  console.log(`\nGET /metrics (${(bytes / 1024).toFixed(0)} KiB): p50 ${fmt(results.metrics.p50)}, p95 ${fmt(results.metrics.p95)} (n=30)`);
}

/**
 * Long tasks in Chromium while the list is scrolled from the first row to the last of
 * COUNT: the wheel keeps going until every page is loaded and the last row is in view, so
 * the cost of a long list (page appends, row renders, live clocks) is all measured.
 */
async function measureScrolling() {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${URL_BASE}/executions?namespace=${NS}`);
    await page.getByTestId('execution-row').first().waitFor();
    await page.waitForTimeout(1500);
    await page.evaluate(() => (window.__longTasks = []));
    const scroller = page.getByTestId('executions-scroller');
    await scroller.hover();
    const started = Date.now();
    const deadline = started + 600_000;
    const position = () =>
      page.evaluate(() => {
        const el = document.querySelector('[data-testid="executions-scroller"]');
        const rows = Number(document.querySelector('[data-testid="executions-table"]')?.getAttribute('aria-rowcount') ?? 1) - 1;
        return { rows, atEnd: el ? el.scrollTop + el.clientHeight >= el.scrollHeight - 2 : false };
      });
    let at = await position();
    let wheels = 0;
    while (!(at.rows >= COUNT && at.atEnd)) {
      if (Date.now() > deadline) throw new Error(`scrolling stopped at ${at.rows} of ${COUNT} rows after 10 minutes`);
      // About a screenful per wheel at a brisk but human pace.
      await page.mouse.wheel(0, 800);
      await page.waitForTimeout(40);
      wheels += 1;
      if (wheels % 10 === 0) at = await position();
    }
    await page.waitForTimeout(1000);
    const tasks = await page.evaluate(() => window.__longTasks);
    results.scroll = {
      seconds: (Date.now() - started) / 1000,
      wheels,
      rowsLoaded: at.rows,
      longTasks: tasks.length,
      over100: tasks.filter((t) => t > 100).length,
      over200: tasks.filter((t) => t > 200).length,
      maxLongTask: tasks.length ? Math.max(...tasks) : 0,
      // Long tasks depend on what else the cores run: say how busy the machine was.
      loadAverage1m: os.loadavg()[0],
    };
    console.log(
      `\nscrolling the list in Chromium to its last row (${results.scroll.rowsLoaded} rows loaded, ${wheels} wheel steps in ${results.scroll.seconds.toFixed(0)} s): ` +
        `${tasks.length} long tasks (>50 ms), ${results.scroll.over100} over 100 ms, ${results.scroll.over200} over 200 ms, longest ${fmt(results.scroll.maxLongTask)}`,
    );
  } finally {
    await browser.close();
  }
}

async function measureOverview() {
  const first = await getJson(`${URL_BASE}/api/v1/overview`);
  if (first.total < COUNT) throw new Error(`the overview counts ${first.total} executions, expected at least ${COUNT}`);
  for (let i = 0; i < 10; i++) await getJson(`${URL_BASE}/api/v1/overview`);
  // The server reuses an answer while no execution changed: to time the aggregation, touch
  // one execution (an annotation: a watch event, no change to the numbers) before each call.
  const fresh = [];
  for (let i = 0; i < 40; i++) {
    await custom.patchNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: NS, plural: PLURAL, name: name(0), body: { metadata: { annotations: { 'flightdeck.bench/touch': String(Date.now()) } } } }, mergePatch);
    await sleep(150);
    const t = performance.now();
    await getJson(`${URL_BASE}/api/v1/overview`);
    fresh.push(performance.now() - t);
  }
  const reused = await timeIt(() => getJson(`${URL_BASE}/api/v1/overview`), 100);
  results.overview = { executions: first.total, routeP50: pct(fresh, 50), routeP95: pct(fresh, 95), reusedP50: pct(reused, 50) };
  console.log(`\nGET /api/v1/overview over ${first.total} executions, recomputed after a change: p50 ${fmt(results.overview.routeP50)}, p95 ${fmt(results.overview.routeP95)} (n=40); reused while nothing changed: p50 ${fmt(results.overview.reusedP50)} (n=100)`);
  if (SKIP_BROWSER) return;
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const fcp = [];
    // One warm-up load (the server's first render of the page), then fresh contexts: no HTTP cache.
    for (let i = 0; i <= OVERVIEW_LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
      const page = await context.newPage();
      await page.goto(`${URL_BASE}/`, { waitUntil: 'load' });
      await page.getByTestId('stat-failed-value').waitFor();
      const value = await page.evaluate(
        () =>
          new Promise((resolve) => {
            const seen = performance.getEntriesByName('first-contentful-paint')[0];
            if (seen) return resolve(seen.startTime);
            new PerformanceObserver((list) => resolve(list.getEntries()[0]?.startTime ?? NaN)).observe({ type: 'paint', buffered: true });
          }),
      );
      if (i > 0) fcp.push(value);
      await context.close();
    }
    results.overview.fcpMedian = pct(fcp, 50);
    results.overview.fcp = fcp;
    console.log(`overview first contentful paint in Chromium with ${first.total} executions: median ${fmt(results.overview.fcpMedian)} over ${fcp.length} loads (max ${fmt(Math.max(...fcp))}; target < 1000 ms)`);
  } finally {
    await browser.close();
  }
}


async function measureAuthCost() {
  const rbac = admin.makeApiClient(k8s.RbacAuthorizationV1Api);
  await rbac
    .createNamespacedRoleBinding({
      namespace: NS,
      body: {
        metadata: { name: 'bench-execution-viewer' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'flightdeck-execution-viewer' },
        subjects: [{ kind: 'ServiceAccount', name: 'execution-viewer', namespace: 'kubernaut-system' }],
      },
    })
    .catch((err) => {
      if (err?.code !== 409) throw err;
    });
  const person = { authorization: `Bearer ${readFileSync(stack.STACK_VIEWER_TOKEN_FILE, 'utf8').trim()}` };
  const queries = ['limit=50', `namespace=${NS}&phase=Failed&limit=50`, 'q=app-42&limit=50', 'sort=duration&order=desc&limit=50'];
  // The viewer may also be bound in namespaces other tests left behind; it must see this
  // namespace's COUNT and fewer than Flightdeck's own identity.
  const seen = (await getJson(`${URL_BASE}/api/v1/executions?limit=1`, person)).total;
  const all = (await getJson(`${URL_BASE}/api/v1/executions?limit=1`)).total;
  if (seen < COUNT || seen >= all) throw new Error(`the namespace-scoped person sees ${seen} executions (serviceaccount: ${all}), expected ${COUNT} of this namespace and fewer than all`);
  results.authRows = { person: seen, serviceAccount: all };
  for (const q of queries) for (let i = 0; i < 10; i++) {
    await getJson(`${URL_BASE}/api/v1/executions?${q}`, person);
    await getJson(`${URL_BASE}/api/v1/executions?${q}`);
  }
  const asPerson = [];
  const asServiceAccount = [];
  for (let i = 0; i < 400; i++) {
    const q = queries[i % queries.length];
    const [list, headers] = i % 2 ? [asPerson, person] : [asServiceAccount, {}];
    const t = performance.now();
    await getJson(`${URL_BASE}/api/v1/executions?${q}`, headers);
    list.push(performance.now() - t);
  }
  results.auth = {
    personP50: pct(asPerson, 50),
    personP95: pct(asPerson, 95),
    serviceAccountP50: pct(asServiceAccount, 50),
    serviceAccountP95: pct(asServiceAccount, 95),
    ratioP50: pct(asPerson, 50) / pct(asServiceAccount, 50),
  };
  console.log(`
GET /api/v1/executions with ${COUNT} executions in ${NS}, interleaved (n=200 each); the person sees ${seen} rows, serviceaccount mode ${all}:`);
  console.log(`  namespace-scoped person (bearer token, SubjectAccessReviews cached): p50 ${fmt(results.auth.personP50)}, p95 ${fmt(results.auth.personP95)}`);
  console.log(`  serviceaccount mode (no credentials):                              p50 ${fmt(results.auth.serviceAccountP50)}, p95 ${fmt(results.auth.serviceAccountP95)}`);
  console.log(`  ratio person / serviceaccount (p50): ${results.auth.ratioP50.toFixed(2)}x (target ≤ 1.5x)`);
}

/**
 * Removes the namespace and everything the bench put in it. The local stack runs no
 * kube-controller-manager, so nothing would empty a deleted namespace and it would stay
 * Terminating for ever: the bench deletes its own objects (executions, the viewer's
 * RoleBinding), checks nothing else is left, then finalizes the namespace itself, as the
 * namespace controller would.
 */
async function cleanup() {
  try {
    await core.readNamespace({ name: NS });
  } catch (err) {
    if (err.code === 404) return console.log(`\ncleanup: ${NS} does not exist`);
    throw err;
  }
  const rbac = admin.makeApiClient(k8s.RbacAuthorizationV1Api);
  await custom.deleteCollectionNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: NS, plural: PLURAL });
  await rbac.deleteNamespacedRoleBinding({ namespace: NS, name: 'bench-execution-viewer' }).catch((err) => {
    if (err?.code !== 404) throw err;
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const left = await custom.listNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: NS, plural: PLURAL, limit: 1 });
    if (!left.items.length) break;
    if (Date.now() > deadline) throw new Error(`cleanup: executions are still in ${NS} after 2 minutes`);
    await sleep(1000);
  }
  const bindings = await rbac.listNamespacedRoleBinding({ namespace: NS });
  if (bindings.items.length) throw new Error(`cleanup: ${NS} holds RoleBindings the bench did not make (${bindings.items.map((b) => b.metadata?.name).join(', ')}); left as it is`);
  await core.deleteNamespace({ name: NS });
  await core.replaceNamespaceFinalize({ name: NS, body: { metadata: { name: NS }, spec: { finalizers: [] } } });
  for (;;) {
    try {
      await core.readNamespace({ name: NS });
    } catch (err) {
      if (err.code === 404) break;
      throw err;
    }
    if (Date.now() > deadline) throw new Error(`cleanup: ${NS} still exists after 2 minutes`);
    await sleep(500);
  }
  console.log(`\ncleanup: ${NS} and its ${COUNT} executions removed`);
}

const ONLY = opt('only', 'all');
if (ONLY === 'cleanup') {
  await cleanup();
  process.exit(0);
}
await arrange();
await waitForCache();
if (ONLY === 'all' || ONLY === 'list') await measureList();
if (ONLY === 'all' || ONLY === 'auth') await measureAuthCost();
if (ONLY === 'all' || ONLY === 'sse') await measureLatency();
else serverRss();
if (ONLY === 'all' || ONLY === 'sse') await measureMetrics();
if (!SKIP_BROWSER && (ONLY === 'all' || ONLY === 'browser')) await measureScrolling();
if (ONLY === 'all' || ONLY === 'overview') await measureOverview();
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/executions-${Date.now()}.json`;
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`\nresults written to ${file}`);
if (CLEANUP) await cleanup();
