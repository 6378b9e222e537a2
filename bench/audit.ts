// Audit benchmarks against a running Flightdeck (production build) and the local stack.
//
//   npx tsx bench/audit.ts [--runs 7] [--cold 5] [--base http://127.0.0.1:3100] [--skip-fill]
//                          [--only correlation,timeline,explorer]
//
// 1. A correlation of 5,000 events: GET /api/v1/correlations/{id} versus fetching the
//    same pages (limit 1000, offsets 0..4000) straight from Data Storage in the same run,
//    one after another (what a client of Data Storage does), and, stricter, with the
//    plan Flightdeck uses (first page, then the rest 4 at a time). Runs are interleaved so
//    machine load hits all three alike. Flightdeck caches a correlation's events and
//    revalidates them with one small query, so the first request of a correlation (cold,
//    one sample per freshly written correlation) and repeated ones (warm) are reported
//    apart. Target: Flightdeck <= 1.2 x direct.
// 2. The timeline in Chromium: navigation to /correlations/{id}?event=... until the event
//    is selected in the side panel, then selecting another event. Target: < 1.5 s.
// 3. The audit explorer's first page with >= 100,000 events stored, end to end (the API
//    and the browser until the first row shows). Target: < 300 ms.
//
// Prints medians (and p90) and writes bench/results/audit-<time>.json. Events are written
// with the stack's writer token through Data Storage's batch API (tools/scenario).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { bulkEvents, runId, writeEvents, writerConfig, stackEnv } from '../tools/scenario/scenario';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return (i >= 0 && args[i + 1]) || fallback;
};
const RUNS = Number(opt('runs', '7'));
const BASE = opt('base', process.env.FLIGHTDECK_URL || 'http://127.0.0.1:3100').replace(/\/+$/, '');
const SKIP_FILL = args.includes('--skip-fill');
const CORRELATION_EVENTS = 5_000;
const COLD_SAMPLES = Number(opt('cold', '5'));
const ONLY = new Set(opt('only', 'correlation,timeline,explorer').split(','));
const STORED_TARGET = 100_000;

const env: Record<string, string | undefined> = { ...stackEnv(), ...process.env };
const DS = env.DATASTORAGE_URL;
if (!DS || !env.DATASTORAGE_TOKEN_FILE) throw new Error('DATASTORAGE_URL and DATASTORAGE_TOKEN_FILE are needed (is the stack up?)');
const readerToken = readFileSync(env.DATASTORAGE_TOKEN_FILE, 'utf8').trim();
const writer = writerConfig(env);

/** A page of Data Storage's audit event list, as far as the bench reads it. */
interface DsPage {
  pagination: { total: number };
  data: { correlation_id: string }[];
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]): number => {
  const s = sorted(xs);
  const at = (i: number) => s[i] ?? NaN;
  return s.length % 2 ? at((s.length - 1) / 2) : (at(s.length / 2 - 1) + at(s.length / 2)) / 2;
};
const p90 = (xs: number[]): number => sorted(xs)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.9) - 1)] ?? NaN;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

async function ds(pathAndQuery: string): Promise<DsPage> {
  const res = await fetch(`${DS}${pathAndQuery}`, { headers: { authorization: `Bearer ${readerToken}`, accept: 'application/json' } });
  if (!res.ok) throw new Error(`Data Storage ${res.status} for ${pathAndQuery}`);
  return (await res.json()) as DsPage;
}

async function storedTotal(): Promise<number> {
  return (await ds('/api/v1/audit/events?limit=1')).pagination.total;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/** The same pages fetched directly, one after another. */
async function directSequential(id: string): Promise<number> {
  let offset = 0;
  let n = 0;
  let total = Infinity;
  while (offset < Math.min(total, 10_000)) {
    const page = await ds(`/api/v1/audit/events?correlation_id=${encodeURIComponent(id)}&limit=1000&offset=${offset}`);
    total = page.pagination.total;
    n += page.data.length;
    offset += 1000;
  }
  return n;
}

/**
 * What Flightdeck does for a correlation, done directly: the first two pages at once (the
 * second asked for before the total is known), then the rest 4 at a time.
 */
async function directCorrelation(id: string): Promise<number> {
  const url = (offset: number, limit = 1000) => `/api/v1/audit/events?correlation_id=${encodeURIComponent(id)}&limit=${limit}&offset=${offset}`;
  const [first, second] = await Promise.all([ds(url(0)), ds(url(1000))]);
  const total = Math.min(first.pagination.total, 10_000);
  const offsets: number[] = [];
  for (let o = 2000; o < total; o += 1000) offsets.push(o);
  const pages = total > 1000 ? [second] : [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(4, offsets.length) }, async () => {
      while (next < offsets.length) {
        const o = offsets[next++] ?? 0;
        pages.push(await ds(url(o, Math.min(1000, total - o))));
      }
    }),
  );
  return first.data.length + pages.reduce((n, p) => n + p.data.length, 0);
}

/**
 * Injected before any page script: records, on the page's own clock (ms since navigation
 * start), the first animation frame after `selector` matched, i.e. when it was painted.
 */
type ProbeWindow = Window & { __painted?: Record<string, number>; __probe?: string[] };

function paintProbe(selector: string): void {
  const w = window as ProbeWindow;
  const painted: Record<string, number> = {};
  w.__painted = painted;
  const check = () => {
    for (const sel of w.__probe ?? []) {
      if (painted[sel] === undefined && document.querySelector(sel)) {
        painted[sel] = -1;
        requestAnimationFrame(() => (painted[sel] = performance.now()));
      }
    }
  };
  w.__probe = [selector];
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
}

async function paintedAt(page: Page, selector: string): Promise<number> {
  await page.waitForFunction((sel) => ((window as ProbeWindow).__painted?.[sel] ?? -1) > 0, selector);
  return page.evaluate((sel) => (window as ProbeWindow).__painted?.[sel] ?? -1, selector);
}

/** The correlation view's events, as far as the bench reads them. */
interface CorrelationView {
  events: { id: string }[];
}

async function flightdeck<T = unknown>(pathAndQuery: string): Promise<T> {
  const res = await fetch(`${BASE}${pathAndQuery}`, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`Flightdeck ${res.status} for ${pathAndQuery}: ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}

async function main() {
  const results: Record<string, unknown> & { at: string } = { base: BASE, runs: RUNS, at: new Date().toISOString() };
  console.log(`Flightdeck ${BASE}, Data Storage ${DS}, ${RUNS} runs per measurement\n`);
  await flightdeck('/api/healthz');

  // --- arrange -------------------------------------------------------------------------
  const correlations: string[] = [];
  for (let i = 0; i < COLD_SAMPLES; i++) {
    const id = `rr-bench-${runId()}`;
    const t = await timed(() => writeEvents(bulkEvents({ correlationId: id, namespace: 'bench', count: CORRELATION_EVENTS, spanMs: 2 * 3600_000 }), writer));
    console.log(`wrote a ${CORRELATION_EVENTS}-event correlation ${id} in ${fmt(t.ms)}`);
    correlations.push(id);
  }
  const correlationId = correlations[0];
  if (!correlationId) throw new Error('--cold must be at least 1');
  let total = await storedTotal();
  if (!SKIP_FILL && total < STORED_TARGET) {
    const missing = STORED_TARGET - total;
    const perCorrelation = 100;
    const batch: ReturnType<typeof bulkEvents> = [];
    const fillRun = runId();
    const started = performance.now();
    for (let i = 0; i * perCorrelation < missing; i++) {
      batch.push(...bulkEvents({ correlationId: `rr-fill-${fillRun}-${i}`, namespace: 'bench-fill', count: perCorrelation, end: Date.now() - 3600_000 - i * 1000, spanMs: 3 * 24 * 3600_000 }));
      if (batch.length >= 5_000) await writeEvents(batch.splice(0), writer);
    }
    if (batch.length) await writeEvents(batch.splice(0), writer);
    total = await storedTotal();
    console.log(`filled Data Storage to ${total} events in ${fmt(performance.now() - started)}`);
  }
  results.storedEvents = total;
  console.log(`Data Storage holds ${total.toLocaleString('en-US')} audit events\n`);

  // --- 1. correlation API ----------------------------------------------------------------
  // A running server has compiled its code paths: one unmeasured request of another
  // correlation first, so the first cold sample is not also the server's first call.
  const warmup = (await ds('/api/v1/audit/events?limit=1')).data[0]?.correlation_id;
  if (warmup) await flightdeck(`/api/v1/correlations/${warmup}`);
  interface Samples {
    sequential: number[];
    concurrent: number[];
    flightdeck: number[];
  }
  async function sample(id: string, into: Samples): Promise<void> {
    const s = await timed(() => directSequential(id));
    const a = await timed(() => directCorrelation(id));
    if (a.value !== CORRELATION_EVENTS || s.value !== CORRELATION_EVENTS) throw new Error(`direct fetch returned ${a.value}/${s.value} events`);
    const b = await timed(() => flightdeck<CorrelationView>(`/api/v1/correlations/${id}`));
    if (b.value.events.length !== CORRELATION_EVENTS) throw new Error(`Flightdeck returned ${b.value.events.length} events`);
    into.sequential.push(s.ms);
    into.concurrent.push(a.ms);
    into.flightdeck.push(b.ms);
  }
  const summarize = (x: Samples) => ({
    sequentialMedianMs: median(x.sequential),
    concurrentMedianMs: median(x.concurrent),
    flightdeckMedianMs: median(x.flightdeck),
    ratioToSequential: median(x.flightdeck) / median(x.sequential),
    ratioToConcurrent: median(x.flightdeck) / median(x.concurrent),
    ...x,
  });
  if (ONLY.has('correlation')) {
  const cold: Samples = { sequential: [], concurrent: [], flightdeck: [] };
  for (const id of correlations) await sample(id, cold);
  const warm: Samples = { sequential: [], concurrent: [], flightdeck: [] };
  for (let i = 0; i < RUNS; i++) await sample(correlationId, warm);
  const correlationApi = { cold: summarize(cold), warm: summarize(warm) };
  results.correlationApi = correlationApi;
  console.log(`1. correlation of ${CORRELATION_EVENTS} events (interleaved runs)`);
  for (const [name, r] of Object.entries(correlationApi)) {
    console.log(`   ${name} (${r.flightdeck.length} samples)`);
    console.log(`     Data Storage, pages one by one    median ${fmt(r.sequentialMedianMs)}  p90 ${fmt(p90(r.sequential))}`);
    console.log(`     Data Storage, Flightdeck's plan   median ${fmt(r.concurrentMedianMs)}  p90 ${fmt(p90(r.concurrent))}`);
    console.log(`     GET /api/v1/correlations/{id}     median ${fmt(r.flightdeckMedianMs)}  p90 ${fmt(p90(r.flightdeck))}`);
    console.log(`     ratio ${r.ratioToSequential.toFixed(2)} to one-by-one, ${r.ratioToConcurrent.toFixed(2)} to the same plan (target <= 1.20)`);
  }
  console.log('');
  }

  // --- 2 and 3 in Chromium ---------------------------------------------------------------------
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    if (ONLY.has('timeline')) {
    const view = await flightdeck<CorrelationView>(`/api/v1/correlations/${correlationId}`);
    const target = view.events[Math.floor(view.events.length / 2)]?.id;
    const other = view.events[Math.floor(view.events.length / 2) + 1]?.id;
    if (!target || !other) throw new Error(`correlation ${correlationId} has too few events`);
    const rendered: number[] = [];
    const inPage: number[] = [];
    const selectable: number[] = [];
    const selectedSel = `[data-testid="event-detail"][data-event-id="${target}"]`;
    for (let i = 0; i <= RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
      const page = await context.newPage();
      await page.addInitScript(paintProbe, selectedSel);
      const t0 = performance.now();
      await page.goto(`${BASE}/correlations/${correlationId}?event=${target}`, { waitUntil: 'commit' });
      await page.locator(selectedSel).waitFor();
      await page.getByTestId('timeline-canvas').waitFor();
      const t1 = performance.now();
      const painted = await paintedAt(page, selectedSel);
      const t2 = performance.now();
      await page.getByTestId(`timeline-row-${other}`).click();
      await page.locator(`[data-testid="event-detail"][data-event-id="${other}"]`).waitFor();
      const t3 = performance.now();
      if (i > 0) {
        rendered.push(t1 - t0);
        inPage.push(painted);
        selectable.push(t3 - t2);
      }
      await context.close();
    }
    results.timeline = { renderedMedianMs: median(rendered), paintedInPageMedianMs: median(inPage), selectMedianMs: median(selectable), rendered, paintedInPage: inPage, select: selectable };
    console.log(`2. timeline of ${CORRELATION_EVENTS} events in Chromium (cold page each run, first run discarded; target < 1500 ms)`);
    console.log(`   navigation -> event selected and painted (page clock)  median ${fmt(median(inPage))}  p90 ${fmt(p90(inPage))}`);
    console.log(`   same, seen by the test driver                          median ${fmt(median(rendered))}  p90 ${fmt(p90(rendered))}`);
    console.log(`   click another event -> side panel shows it              median ${fmt(median(selectable))}  p90 ${fmt(p90(selectable))}\n`);
    }

    if (ONLY.has('explorer')) {
    const api: number[] = [];
    const dsDirect: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const a = await timed(() => flightdeck('/api/v1/audit/events'));
      const b = await timed(() => ds('/api/v1/audit/events?limit=50'));
      if (i > 0) {
        api.push(a.ms);
        dsDirect.push(b.ms);
      }
    }
    const page: number[] = [];
    const pagePainted: number[] = [];
    const ttfb: number[] = [];
    const fcp: number[] = [];
    const rowSel = '[data-testid="audit-table"] tbody tr';
    for (let i = 0; i <= RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
      const p = await context.newPage();
      // Load the app shell first so the measurement is the table, not the first JS download.
      await p.goto(`${BASE}/`, { waitUntil: 'networkidle' });
      await p.addInitScript(paintProbe, rowSel);
      const t0 = performance.now();
      await p.goto(`${BASE}/audit`, { waitUntil: 'commit' });
      await p.locator(rowSel).first().waitFor();
      const t1 = performance.now();
      const painted = await paintedAt(p, rowSel);
      const nav = await p.evaluate(() => ({
        responseStart: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.responseStart ?? -1,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1,
      }));
      if (i > 0) {
        page.push(t1 - t0);
        pagePainted.push(painted);
        ttfb.push(nav.responseStart);
        fcp.push(nav.fcp);
      }
      await context.close();
    }
    results.auditFirstPage = { apiMedianMs: median(api), dataStorageMedianMs: median(dsDirect), browserPaintedMedianMs: median(pagePainted), browserDriverMedianMs: median(page), ttfbMedianMs: median(ttfb), fcpMedianMs: median(fcp), api, dataStorage: dsDirect, browserPainted: pagePainted, browserDriver: page, ttfb, fcp };
    console.log(`3. audit explorer, first page of 50 with ${total.toLocaleString('en-US')} events stored`);
    console.log(`   Data Storage directly      median ${fmt(median(dsDirect))}  p90 ${fmt(p90(dsDirect))}`);
    console.log(`   GET /api/v1/audit/events   median ${fmt(median(api))}  p90 ${fmt(p90(api))}  (target < 300 ms)`);
    console.log(`   browser: navigation -> first row painted (page clock)  median ${fmt(median(pagePainted))}  p90 ${fmt(p90(pagePainted))}  (target < 300 ms)`);
    console.log(`     of which: first byte of the page (server render)      median ${fmt(median(ttfb))}; first contentful paint median ${fmt(median(fcp))}`);
    console.log(`   same, seen by the test driver                        median ${fmt(median(page))}  p90 ${fmt(p90(page))}\n`);
    }
  } finally {
    await browser.close();
  }

  const dir = path.resolve('bench/results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `audit-${results.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results: ${path.relative(process.cwd(), file)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
