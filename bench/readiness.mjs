#!/usr/bin/env node
// Readiness benchmark: ingest speed and memory, and the matrix endpoint's latency.
//
//   npm run build                       # once: the bench runs the standalone server (what the image runs)
//   node bench/readiness.mjs            # PostgreSQL from the local stack (a schema of its own)
//   node bench/readiness.mjs --store pglite
//   node bench/readiness.mjs --store both   # PostgreSQL first (the memory baseline), then the embedded store
//   node bench/readiness.mjs --store all    # both, plus the embedded store on V8's defaults (MEMORY_PROFILE=default)
//   node bench/readiness.mjs --url http://127.0.0.1:3000 --token ...   # an already running server
//
// It starts .next/standalone/server.js on a free port (unless --url), then measures:
//   1. POST of a JUnit report with 10,000 test cases (~5 MB): median wall time of several
//      uploads, and the server's resident memory (peak, VmHWM) against the upload limit;
//   2. a streamed upload 20% over READINESS_MAX_UPLOAD_BYTES: time to the 413 and memory;
//   3. GET /api/v1/readiness with 500 runs stored: median and p95.
// Targets from the issue: ingest < 2 s, memory bounded by the size limit, matrix < 50 ms,
// and the server on the embedded store under 300 MB RSS after the ingest (its MEMORY_PROFILE
// is `small` unless set; see lib/memory-profile.ts). Each run ends
// with one memory line: RSS before the first upload, peak (VmHWM) and after everything.
// Prints medians and ratios; it asserts nothing (exit 1 only when the bench itself cannot run).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    store: { type: 'string', default: 'postgres' },
    url: { type: 'string' },
    token: { type: 'string' },
    cases: { type: 'string', default: '10000' },
    uploads: { type: 'string', default: '7' },
    runs: { type: 'string', default: '500' },
    requests: { type: 'string', default: '60' },
    'limit-mb': { type: 'string', default: '50' },
  },
});

const CASES = Number(args.cases);
const UPLOADS = Number(args.uploads);
const RUNS = Number(args.runs);
const REQUESTS = Number(args.requests);
const LIMIT = Number(args['limit-mb']) * 1024 * 1024;
const TAG = randomBytes(3).toString('hex');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (x) => `${x.toFixed(1)} ms`;

/** A JUnit report like go-junit-report writes: 2% failures with messages and output, some skips. */
function junitReport(n) {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n'];
  const perSuite = 500;
  for (let s = 0; s < n / perSuite; s++) {
    parts.push(`  <testsuite name="github.com/jordigilh/kubernaut/pkg/service${s}" tests="${perSuite}" time="12.5" timestamp="2026-01-01T10:00:00">\n`);
    for (let i = 0; i < perSuite; i++) {
      const k = s * perSuite + i;
      const open = `    <testcase classname="github.com/jordigilh/kubernaut/pkg/service${s}" name="TestReconcile_WorkflowExecution_Phase_${k}/handles_case_${k % 97}_with_a_descriptive_name" time="0.0${k % 90}">`;
      if (k % 50 === 7) {
        parts.push(
          `${open}\n      <failure message="expected ${k % 7} audit events, got ${k % 3} after ${k % 60}s" type="">reconciler_test.go:${100 + (k % 400)}: expected ${k % 7} audit events, got ${k % 3}\n${'    audit_test.go:88: waiting for events from Data Storage (retry)\n'.repeat(8)}</failure>\n    </testcase>\n`,
        );
      } else if (k % 100 === 3) {
        parts.push(`${open}\n      <skipped message="requires a Kind cluster"></skipped>\n    </testcase>\n`);
      } else {
        parts.push(
          `${open}\n      <system-out>=== RUN   TestReconcile_${k}\n    reconciler_test.go:${k % 500}: reconciling kubernaut-workflows/wfe-${k} phase Pending -&gt; Running\n    reconciler_test.go:${(k % 500) + 12}: PipelineRun wfe-${k} created, waiting for completion\n    audit.go:${k % 90}: workflowexecution.execution.started recorded\n--- PASS: TestReconcile_${k} (0.0${k % 90}s)</system-out>\n    </testcase>\n`,
        );
      }
    }
    parts.push('  </testsuite>\n');
  }
  parts.push('</testsuites>\n');
  return Buffer.from(parts.join(''));
}

function smallReport(passed, failed) {
  const cases = [];
  for (let i = 0; i < passed; i++) cases.push(`<testcase classname="c" name="ok ${i}" time="0.01"/>`);
  for (let i = 0; i < failed; i++) cases.push(`<testcase classname="c" name="bad ${i}" time="0.02"><failure message="boom ${i}">boom</failure></testcase>`);
  return `<testsuite name="s" tests="${passed + failed}">${cases.join('')}</testsuite>`;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function rss(pid) {
  if (!pid) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

async function startServer(store, profile) {
  const server = path.join(ROOT, '.next', 'standalone', 'server.js');
  if (!existsSync(server)) throw new Error('No standalone build: run `npm run build` first.');
  const stackFile = path.join(process.env.STACK_DIR || path.join(ROOT, '.stack'), 'env.json');
  const stackEnv = existsSync(stackFile) ? JSON.parse(readFileSync(stackFile, 'utf8')) : {};
  const port = await freePort();
  const token = `bench-${randomBytes(12).toString('hex')}`;
  const env = {
    ...stackEnv,
    ...process.env,
    READINESS_INGEST_TOKEN: token,
    READINESS_MAX_UPLOAD_BYTES: String(LIMIT),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    PORT: String(port),
    HOSTNAME: '127.0.0.1',
    METRICS_PORT: String(await freePort()),
    SHUTDOWN_DELAY_MS: '0',
    ...(profile ? { MEMORY_PROFILE: profile } : {}),
  };
  let cleanup = () => undefined;
  if (store === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-bench-'));
    env.DATABASE_URL = '';
    env.FLIGHTDECK_DATA_DIR = dir;
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  } else {
    if (!stackEnv.DATABASE_URL && !process.env.DATABASE_URL) throw new Error('--store postgres needs the local stack (npm run stack:up) or DATABASE_URL');
    const pg = (await import('pg')).default;
    const base = process.env.DATABASE_URL || stackEnv.DATABASE_URL;
    const schema = `bench_${TAG}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const u = new URL(base);
    u.searchParams.set('options', `-c search_path=${schema}`);
    env.DATABASE_URL = u.toString();
    cleanup = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    };
  }
  const child = spawn(process.execPath, [server], {
    cwd: path.dirname(server),
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await fetch(`${url}/api/healthz`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    token,
    pid: child.pid,
    logs: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await cleanup();
    },
  };
}

async function post(server, params, body, headers = {}) {
  const started = performance.now();
  const res = await fetch(`${server.url}/api/v1/readiness/reports?${new URLSearchParams(params)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/xml', ...headers },
    body,
    duplex: 'half',
  });
  const text = await res.text();
  return { status: res.status, ms: performance.now() - started, text };
}

async function main() {
  const stores = args.url
    ? [{ store: 'external' }]
    : args.store === 'both'
      ? [{ store: 'postgres' }, { store: 'pglite' }]
      : args.store === 'all'
        ? [{ store: 'postgres' }, { store: 'pglite', profile: 'default' }, { store: 'pglite' }]
        : [{ store: args.store }];
  const memory = [];
  for (const { store, profile } of stores) {
    const shown = profile ?? process.env.MEMORY_PROFILE;
    memory.push({ store, profile, label: shown ? `${store}, MEMORY_PROFILE=${shown}` : store, ...(await benchStore(store, profile)) });
  }
  if (memory.some((m) => m.first)) {
    console.log('\nserver memory (RSS before the first upload / peak / after):');
    for (const m of memory) if (m.first) console.log(`   ${m.label.padEnd(32)} ${mb(m.first.rss)} / ${mb(m.last.hwm)} / ${mb(m.last.rss)}`);
    const [pg, lite] = [memory.find((m) => m.store === 'postgres'), memory.findLast((m) => m.store === 'pglite')];
    if (pg?.first && lite?.first) console.log(`   embedded store's cost over PostgreSQL: ${mb(lite.last.rss - pg.last.rss)} after, ${mb(lite.last.hwm - pg.last.hwm)} at peak (target: pglite after < 300 MB)`);
    const before = memory.find((m) => m.store === 'pglite' && m.profile === 'default');
    if (before?.first && lite?.first && before !== lite) console.log(`   embedded store, small profile against V8's defaults: ${(lite.last.rss / before.last.rss).toFixed(2)}x RSS after, ${(lite.last.hwm / before.last.hwm).toFixed(2)}x at peak`);
  }
}

async function benchStore(store, profile) {
  console.log(`readiness bench: store=${store}${profile ? ` (MEMORY_PROFILE=${profile})` : ''}, ${CASES} cases x ${UPLOADS} uploads, ${RUNS} runs, ${REQUESTS} matrix requests, limit ${mb(LIMIT)}`);
  const server = args.url ? { url: args.url.replace(/\/$/, ''), token: args.token ?? process.env.READINESS_INGEST_TOKEN, pid: undefined, stop: async () => undefined } : await startServer(store, profile);
  current = server;
  const baseline = rss(server.pid);
  if (baseline) console.log(`server RSS at start: ${mb(baseline.rss)}`);
  let first;
  try {
    // The store opens on first use: touch it, so "before the first upload" includes it.
    await fetch(`${server.url}/api/v1/readiness`).then((r) => r.arrayBuffer());
    first = rss(server.pid);
    if (first) console.log(`server RSS before the first upload (store open): ${mb(first.rss)}`);
    // 1. Ingest of a 10,000-case report.
    const report = junitReport(CASES);
    console.log(`\n1. ingest: JUnit with ${CASES} cases, ${mb(report.length)}`);
    const warm = await post(server, { service: `bench-warm-${TAG}`, tier: 'unit', runId: 'warm' }, report);
    if (warm.status >= 300) throw new Error(`warm-up upload failed: ${warm.status} ${warm.text.slice(0, 300)}`);
    const before = rss(server.pid);
    const times = [];
    for (let i = 0; i < UPLOADS; i++) {
      const r = await post(server, { service: `bench-big-${TAG}`, tier: 'unit', runId: `r${i}`, commit: 'abc1234' }, report);
      if (r.status >= 300) throw new Error(`upload failed: ${r.status} ${r.text.slice(0, 300)}`);
      times.push(r.ms);
    }
    const after = rss(server.pid);
    console.log(`   wall time per upload: median ${ms(median(times))}, min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))} (target < 2000 ms: ${(median(times) / 2000).toFixed(2)}x of budget)`);
    const replaced = await post(server, { service: `bench-big-${TAG}`, tier: 'unit', runId: 'r0', commit: 'abc1234' }, report);
    console.log(`   re-upload of the same run id (replace): ${ms(replaced.ms)} (HTTP ${replaced.status})`);
    if (before && after) {
      console.log(`   server RSS before ${mb(before.rss)}, after ${mb(after.rss)}; peak (VmHWM) ${mb(after.hwm)}; peak growth ${mb(after.hwm - before.hwm)} for a ${mb(report.length)} report`);
    }

    // 2. Over the limit, streamed without Content-Length: cut off while reading.
    // ~500 bytes per case, so the byte limit (not the case-count limit) is what stops it.
    const chunk = Buffer.from(`<testcase classname="c" name="n" time="0.001"><system-out>${'x'.repeat(420)}</system-out></testcase>\n`.repeat(2_000));
    let sent = 0;
    const overTarget = LIMIT * 1.2;
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode('<testsuite name="huge">\n'));
      },
      pull(c) {
        if (sent >= overTarget) return c.close();
        sent += chunk.length;
        c.enqueue(new Uint8Array(chunk));
      },
    });
    const overBefore = rss(server.pid);
    const over = await post(server, { service: `bench-over-${TAG}`, tier: 'unit' }, stream);
    const overAfter = rss(server.pid);
    console.log(`\n2. oversized upload (${mb(overTarget)} streamed, limit ${mb(LIMIT)}): HTTP ${over.status} after ${ms(over.ms)}, ${mb(sent)} pulled from the stream`);
    if (over.status !== 413) console.log(`   unexpected answer: ${over.text.slice(0, 300)}`);
    if (overBefore && overAfter) {
      console.log(`   server peak RSS ${mb(overAfter.hwm)} (growth of peak ${mb(overAfter.hwm - overBefore.hwm)}; the limit is ${mb(LIMIT)})`);
    }

    // 3. The matrix with RUNS runs stored.
    const services = Math.max(1, Math.round(RUNS / 20));
    const tiers = ['build', 'unit', 'integration', 'e2e'];
    let stored = UPLOADS + 1;
    const seedStart = performance.now();
    for (let i = 0; stored < RUNS; i++) {
      const s = i % services;
      const t = tiers[Math.floor(i / services) % tiers.length];
      const r = await post(server, { service: `bench-svc${s}-${TAG}`, tier: t, runId: `s${i}`, commit: `c${Math.floor(i / (services * 4))}`, arch: i % 3 ? 'amd64' : 'arm64' }, smallReport(40 + (i % 7), i % 5 === 0 ? 2 : 0));
      if (r.status >= 300) throw new Error(`seed upload failed: ${r.status} ${r.text.slice(0, 300)}`);
      stored++;
    }
    console.log(`\n3. matrix: ${stored} runs stored (${services} services x ${tiers.length} tiers + the big ones), seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    for (let i = 0; i < 5; i++) await fetch(`${server.url}/api/v1/readiness`).then((r) => r.arrayBuffer());
    const lat = [];
    let bytes = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/v1/readiness`);
      const body = await res.arrayBuffer();
      lat.push(performance.now() - t0);
      bytes = body.byteLength;
      if (!res.ok) throw new Error(`GET /api/v1/readiness: HTTP ${res.status}`);
    }
    console.log(`   GET /api/v1/readiness: median ${ms(median(lat))}, p95 ${ms(pct(lat, 95))}, max ${ms(Math.max(...lat))}; ${(bytes / 1024).toFixed(0)} KB (target < 50 ms: ${(median(lat) / 50).toFixed(2)}x of budget)`);
    const md = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await fetch(`${server.url}/api/v1/readiness/export`).then((r) => r.text());
      md.push(performance.now() - t0);
    }
    console.log(`   GET /api/v1/readiness/export (Markdown): median ${ms(median(md))}`);
    return { first, last: rss(server.pid) };
  } finally {
    await server.stop();
  }
}

let current;
main().catch((err) => {
  console.error(`bench failed: ${err.message}${current?.logs ? `\nserver log (tail):\n${current.logs()}` : ''}`);
  process.exitCode = 1;
});
