/**
 * Test readiness ingest against real reporter output produced during this run: a Go
 * module (tests/fixtures/go-report-suite) run with the Ginkgo CLI to JUnit and JSON
 * reports and with `go test -json`, and small Vitest and Playwright projects run with
 * their JUnit reporters. Uploads go through the real route handler into PostgreSQL (a
 * schema of its own per run) and, through the lib, into both PostgreSQL and PGlite.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getOverview } from '@/app/api/v1/readiness/route';
import { GET as getExport } from '@/app/api/v1/readiness/export/route';
import { GET as getHistory } from '@/app/api/v1/readiness/history/route';
import { POST as postReport } from '@/app/api/v1/readiness/reports/route';
import { GET as getRunRoute } from '@/app/api/v1/readiness/runs/[id]/route';
import { GET as getRunsRoute } from '@/app/api/v1/readiness/runs/route';
import { openDb, type Db } from '@/lib/db';
import { resetEnvForTests } from '@/lib/env';
import { ingestReport } from '@/lib/readiness/ingest';
import { loadRunDetail } from '@/lib/readiness/store';
import { ingestQuerySchema, type IngestResult, type ReadinessOverview, type RunDetail, type RunHistory, type RunsPage } from '@/lib/schemas/readiness';
import { stackVar } from './stack';

const REPO = path.resolve('.');
const TOKEN = `it-token-${randomBytes(8).toString('hex')}`;
/** Small enough that an oversized upload is cheap to build. */
const MAX_BYTES = 4 * 1024 * 1024;
const RUN = randomBytes(3).toString('hex');
const SCHEMA = `readiness_it_${RUN}`;
const BASE = 'http://flightdeck.test';

const GINKGO_VERSION = 'v2.32.0';
const FIXTURE = path.join(REPO, 'tests/fixtures/go-report-suite');
const cacheBin = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'flightdeck', 'bin');

let out: string;
const reports: Record<'ginkgoJunit' | 'ginkgoJson' | 'goTestJson' | 'vitestJunit' | 'playwrightJunit', Buffer> = {} as never;
let adminPool: pg.Pool;
let schemaUrl: string;

function run(cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): { status: number | null; output: string } {
  const res = spawnSync(cmd, args, {
    cwd: opts.cwd ?? REPO,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: 480_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error) throw res.error;
  return { status: res.status, output: `${res.stdout}\n${res.stderr}` };
}

/** Builds the Ginkgo CLI once per version from the fixture's own module graph. */
function ginkgoCli(): string {
  const bin = path.join(cacheBin, `ginkgo-${GINKGO_VERSION}`);
  if (!existsSync(bin)) {
    mkdirSync(cacheBin, { recursive: true });
    const built = run('go', ['build', '-o', bin, 'github.com/onsi/ginkgo/v2/ginkgo'], { cwd: FIXTURE });
    if (built.status !== 0) throw new Error(`building the ginkgo CLI failed:\n${built.output}`);
  }
  return bin;
}

/** Runs a reporter that is expected to fail (the fixtures fail on purpose) and returns its report. */
function produce(name: string, file: string, cmd: string, args: string[], opts: Parameters<typeof run>[2] = {}): Buffer {
  const res = run(cmd, args, opts);
  if (!existsSync(file)) throw new Error(`${name} wrote no report (exit ${res.status}):\n${res.output.slice(-4000)}`);
  // Exit 1 = some tests failed, which the fixtures do on purpose; anything else is a broken run.
  if (res.status !== 1) throw new Error(`${name} exited ${res.status}, expected 1 (intentional failures):\n${res.output.slice(-4000)}`);
  return readFileSync(file);
}

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'fd-readiness-it-'));

  reports.ginkgoJunit = produce('ginkgo', path.join(out, 'junit.xml'), ginkgoCli(), [
    '--junit-report=junit.xml',
    '--json-report=ginkgo.json',
    `--output-dir=${out}`,
    '--no-color',
    './suite',
  ], { cwd: FIXTURE });
  reports.ginkgoJson = readFileSync(path.join(out, 'ginkgo.json'));

  const goTest = run('go', ['test', '-json', './...'], { cwd: FIXTURE });
  if (goTest.status !== 1) throw new Error(`go test -json exited ${goTest.status}:\n${goTest.output.slice(-4000)}`);
  reports.goTestJson = Buffer.from(goTest.output.split('\n').filter((l) => l.startsWith('{')).join('\n'));

  reports.vitestJunit = produce('vitest', path.join(out, 'vitest-junit.xml'), process.execPath, [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--config',
    'tests/fixtures/vitest-report/vitest.config.ts',
    '--reporter=junit',
    `--outputFile=${path.join(out, 'vitest-junit.xml')}`,
  ]);

  reports.playwrightJunit = produce('playwright', path.join(out, 'playwright-junit.xml'), process.execPath, [
    'node_modules/@playwright/test/cli.js',
    'test',
    '--config',
    'tests/fixtures/playwright-report/playwright.config.ts',
  ], { env: { FIXTURE_JUNIT_FILE: path.join(out, 'playwright-junit.xml'), FIXTURE_OUTPUT_DIR: path.join(out, 'pw') } });

  // A schema of our own in Flightdeck's PostgreSQL database: this run's services and runs
  // never mix with other runs or with the dev server's data.
  const url = stackVar('DATABASE_URL');
  adminPool = new pg.Pool({ connectionString: url, max: 1 });
  await adminPool.query(`CREATE SCHEMA ${SCHEMA}`);
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${SCHEMA}`);
  schemaUrl = u.toString();

  process.env.DATABASE_URL = schemaUrl;
  process.env.READINESS_INGEST_TOKEN = TOKEN;
  process.env.READINESS_MAX_UPLOAD_BYTES = String(MAX_BYTES);
  resetEnvForTests();
}, 600_000);

afterAll(async () => {
  if (adminPool) {
    await adminPool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
    await adminPool.end();
  }
  if (out) rmSync(out, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------

interface Upload {
  service: string;
  tier: string;
  body: BodyInit | Buffer;
  params?: Record<string, string>;
  contentType?: string;
  token?: string | null;
  headers?: Record<string, string>;
}

async function upload(u: Upload): Promise<Response> {
  const url = new URL(`${BASE}/api/v1/readiness/reports`);
  url.search = new URLSearchParams({ service: u.service, tier: u.tier, ...u.params }).toString();
  const headers: Record<string, string> = { ...u.headers };
  if (u.token !== null) headers.authorization = `Bearer ${u.token ?? TOKEN}`;
  if (u.contentType) headers['content-type'] = u.contentType;
  // duplex is required by undici for stream bodies and missing from the DOM typings.
  const init = { method: 'POST', body: u.body as BodyInit, headers, duplex: 'half' } as RequestInit;
  return postReport(new Request(url, init), { params: Promise.resolve({}) });
}

async function uploadOk(u: Upload): Promise<IngestResult> {
  const res = await upload(u);
  const body = await res.json();
  if (res.status !== 201 && res.status !== 200) throw new Error(`upload failed: ${res.status} ${JSON.stringify(body)}`);
  return body as IngestResult;
}

async function get<T>(handler: (r: Request, c: { params: Promise<never> }) => Promise<Response>, pathAndQuery: string, params: unknown = {}): Promise<{ status: number; body: T }> {
  const res = await handler(new Request(`${BASE}${pathAndQuery}`), { params: Promise.resolve(params as never) });
  const text = await res.text();
  return { status: res.status, body: (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
}

async function runDetail(id: string): Promise<RunDetail> {
  const res = await get<RunDetail>(getRunRoute as never, `/api/v1/readiness/runs/${id}`, { id });
  expect(res.status).toBe(200);
  return res.body;
}

async function runCount(service: string): Promise<number> {
  const [row] = (await adminPool.query<{ n: string }>(`SELECT count(*) AS n FROM ${SCHEMA}.readiness_runs WHERE service = $1`, [service])).rows;
  return Number(row?.n);
}

/** The 1-based line of the fixture source that holds `needle` (where the reporter must point). */
function sourceLine(file: string, needle: string): number {
  const index = readFileSync(path.join(FIXTURE, file), 'utf8').split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`${needle} not found in ${file}`);
  return index + 1;
}

function svc(name: string): string {
  return `${name}-${RUN}`;
}

// ---------------------------------------------------------------------------

describe('readiness ingest route with real reporter output (PostgreSQL)', () => {
  it('ingests Ginkgo --junit-report: counts, pending as skipped, failures grouped with file and line', async () => {
    const res = await uploadOk({ service: svc('workflowexecution'), tier: 'e2e', body: reports.ginkgoJunit, contentType: 'application/xml', params: { commit: 'a1b2c3d', runId: 'gh-1', arch: 'amd64', branch: 'main' } });
    expect(res).toMatchObject({ format: 'junit', replaced: false, totals: { tests: 7, passed: 2, failed: 3, errored: 0, skipped: 2 } });

    const detail = await runDetail(res.id);
    expect(detail.run).toMatchObject({ service: svc('workflowexecution'), tier: 'e2e', commit: 'a1b2c3d', arch: 'amd64', branch: 'main', status: 'red', tool: 'ginkgo' });
    // "expected 3 audit events, got 1" and "expected 5 audit events, got 3" are one failure.
    expect(detail.failureGroups.map((g) => g.count)).toEqual([2, 1]);
    const audit = detail.failureGroups[0];
    expect(audit?.message).toMatch(/^expected 3 audit events, got 1/);
    expect(audit?.cases.map((c) => c.name)).toEqual(['WorkflowExecution audit emits 3 audit events', 'WorkflowExecution audit emits 5 audit events']);
    expect(audit?.cases[0]?.file).toMatch(/go-report-suite\/suite\/specs_test\.go$/);
    expect(audit?.cases[0]?.line).toBe(sourceLine('suite/specs_test.go', 'Expect(got).To(Equal(want)'));
    expect(audit?.cases[0]?.output).toContain('querying Data Storage for 3 events');
    expect(detail.failureGroups[1]?.message).toMatch(/^failure_reason must be set/);
  });

  it('ingests the Ginkgo JSON report of the same run with the same counts', async () => {
    const res = await uploadOk({ service: svc('workflowexecution'), tier: 'unit', body: reports.ginkgoJson, contentType: 'application/json', params: { commit: 'a1b2c3d', runId: 'gh-1' } });
    expect(res).toMatchObject({ format: 'ginkgo-json', totals: { tests: 7, passed: 2, failed: 3, skipped: 2 } });
    const detail = await runDetail(res.id);
    expect(detail.failureGroups.map((g) => g.count)).toEqual([2, 1]);
  });

  it('ingests a go test -json stream, sniffed without a Content-Type, and gzip-compressed', async () => {
    const plain = await uploadOk({ service: svc('datastorage'), tier: 'unit', body: reports.goTestJson, params: { commit: 'a1b2c3d', runId: 'go-1' } });
    expect(plain.format).toBe('go-test-json');
    // plain: TestAdd, TestParseDuration/seconds pass; TestParseDuration(+/minutes), TestTimeout fail; TestNeedsCluster skips.
    // suite: TestSuite (the Ginkgo suite) fails.
    expect(plain.totals).toMatchObject({ passed: 2, failed: 4, skipped: 1 });
    const detail = await runDetail(plain.id);
    const minutes = detail.failureGroups.flatMap((g) => g.cases).find((c) => c.name === 'TestParseDuration/minutes');
    expect(minutes).toMatchObject({ file: 'plain_test.go', line: sourceLine('plain/plain_test.go', 't.Errorf("parseDuration') });
    expect(minutes?.message).toContain('parseDuration("2m30s") = 120, want 150');

    const gz = await uploadOk({ service: svc('datastorage'), tier: 'unit', body: gzipSync(reports.goTestJson), contentType: 'application/gzip', params: { commit: 'a1b2c3d', runId: 'go-2' } });
    expect(gz.totals).toEqual(plain.totals);
  });

  it("ingests Vitest's and Playwright's JUnit reporters", async () => {
    const vitest = await uploadOk({ service: svc('flightdeck-ui'), tier: 'unit', body: reports.vitestJunit, contentType: 'text/xml', params: { commit: 'f00d' } });
    expect(vitest.totals).toMatchObject({ tests: 5, passed: 2, failed: 1, skipped: 2 });
    const vDetail = await runDetail(vitest.id);
    expect(vDetail.failureGroups[0]?.message).toContain('expected 1 to be 2');

    const playwright = await uploadOk({ service: svc('flightdeck-ui'), tier: 'e2e', body: reports.playwrightJunit, params: { commit: 'f00d' } });
    expect(playwright.totals).toMatchObject({ tests: 3, passed: 1, failed: 1, skipped: 1 });
    const pDetail = await runDetail(playwright.id);
    expect(pDetail.failureGroups[0]?.message).toContain('expected 3 ready pods');
  });

  it('replaces a run when the same run id is sent again, never duplicating it', async () => {
    const service = svc('replace');
    const first = await upload({ service, tier: 'e2e', body: reports.ginkgoJunit, params: { runId: 'same', commit: 'c1' } });
    expect(first.status).toBe(201);
    const firstBody = (await first.json()) as IngestResult;
    const second = await upload({ service, tier: 'e2e', body: reports.vitestJunit, params: { runId: 'same', commit: 'c1' } });
    expect(second.status).toBe(200);
    const secondBody = (await second.json()) as IngestResult;
    expect(secondBody).toMatchObject({ id: firstBody.id, replaced: true, totals: { tests: 5 } });
    expect(await runCount(service)).toBe(1);
    const detail = await runDetail(firstBody.id);
    expect(detail.run.tests).toBe(5);
    expect(detail.failureGroups.flatMap((g) => g.cases).every((c) => c.suite === 'sample.fixture-test.ts')).toBe(true);
  });

  it('answers 401 for a missing or wrong token, 403 when ingest is disabled', async () => {
    const service = svc('auth');
    expect((await upload({ service, tier: 'unit', body: reports.vitestJunit, token: null })).status).toBe(401);
    const wrong = await upload({ service, tier: 'unit', body: reports.vitestJunit, token: `${TOKEN}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('Bearer');
    delete process.env.READINESS_INGEST_TOKEN;
    resetEnvForTests();
    try {
      const disabled = await upload({ service, tier: 'unit', body: reports.vitestJunit });
      expect(disabled.status).toBe(403);
      expect(((await disabled.json()) as { detail: string }).detail).toContain('READINESS_INGEST_TOKEN');
    } finally {
      process.env.READINESS_INGEST_TOKEN = TOKEN;
      resetEnvForTests();
    }
    expect(await runCount(service)).toBe(0);
  });

  it('answers 400 naming the parameter for bad metadata', async () => {
    const res = await upload({ service: 'Not A Service!', tier: 'unit', body: reports.vitestJunit });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ param: 'service' });
    const time = await upload({ service: svc('meta'), tier: 'unit', body: reports.vitestJunit, params: { startedAt: 'yesterday' } });
    expect(time.status).toBe(400);
    expect(await time.json()).toMatchObject({ param: 'startedAt' });
  });

  it('rejects malformed and truncated reports with 400 naming where they broke, storing nothing', async () => {
    const service = svc('malformed');
    const xml = reports.ginkgoJunit.toString('utf8');
    const broken = xml.replace('</testcase>', '</testcas>');
    const res = await upload({ service, tier: 'e2e', body: broken, contentType: 'application/xml' });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { detail: string; line?: number; column?: number };
    const expectedLine = broken.slice(0, broken.indexOf('</testcas>')).split('\n').length;
    expect(problem.line).toBe(expectedLine);
    expect(problem.column).toBeGreaterThan(0);
    expect(problem.detail).toContain(`line ${expectedLine}`);

    const truncatedXml = await upload({ service, tier: 'e2e', body: xml.slice(0, Math.floor(xml.length / 2)) });
    expect(truncatedXml.status).toBe(400);
    const json = reports.ginkgoJson.toString('utf8');
    const truncatedJson = await upload({ service, tier: 'e2e', body: json.slice(0, Math.floor(json.length / 2)), contentType: 'application/json' });
    expect(truncatedJson.status).toBe(400);
    const brokenStream = await upload({ service, tier: 'unit', body: reports.goTestJson.toString('utf8').replace('"Action":"run"', '"Action":run"') });
    expect(brokenStream.status).toBe(400);
    expect(((await brokenStream.json()) as { line?: number }).line).toBeGreaterThan(0);
    expect(await runCount(service)).toBe(0);
  });

  it('answers 415 for something that is not a test report', async () => {
    const res = await upload({ service: svc('other'), tier: 'unit', body: 'Build clean; Unit 249/249\n', contentType: 'text/plain' });
    expect(res.status).toBe(415);
  });

  it('enforces the size limit on the declared length and while streaming, also after gunzip', async () => {
    const service = svc('oversized');
    const testcase = '<testcase classname="c" name="n" time="0.001"/>';
    const big = Buffer.from(`<testsuites><testsuite name="big">${testcase.repeat(Math.ceil((MAX_BYTES + 1024) / testcase.length))}</testsuite></testsuites>`);
    expect(big.length).toBeGreaterThan(MAX_BYTES);
    const declared = await upload({ service, tier: 'unit', body: big, headers: { 'content-length': String(big.length) } });
    expect(declared.status).toBe(413);

    // No Content-Length: a stream that would go on for 3x the limit is cut off while reading.
    let sent = 0;
    // Whole elements per chunk, so the document stays well-formed up to the cut.
    const chunk = Buffer.from('<testcase name="x"/>'.repeat(3277));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('<testsuite name="endless">'));
      },
      pull(controller) {
        if (sent > 3 * MAX_BYTES) return controller.close();
        sent += chunk.length;
        controller.enqueue(new Uint8Array(chunk));
      },
    });
    const streamed = await upload({ service, tier: 'unit', body: stream });
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(2 * MAX_BYTES);

    const bomb = gzipSync(big);
    expect(bomb.length).toBeLessThan(MAX_BYTES);
    const inflated = await upload({ service, tier: 'unit', body: bomb });
    expect(inflated.status).toBe(413);
    expect(await runCount(service)).toBe(0);
  });

  it('refuses hostile XML: entity expansion and external entities', async () => {
    const service = svc('hostile');
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<testsuites><testsuite name="&lol5;"><testcase name="&lol5;"><failure message="&lol5;"/></testcase></testsuite></testsuites>`;
    const lol = await upload({ service, tier: 'unit', body: laughs, contentType: 'application/xml' });
    expect(lol.status).toBe(400);

    const xxe = `<?xml version="1.0"?>
<!DOCTYPE t [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<testsuite name="s"><testcase name="&xxe;"/></testsuite>`;
    const ext = await upload({ service, tier: 'unit', body: xxe, contentType: 'application/xml' });
    expect(ext.status).toBe(400);
    expect(await ext.text()).not.toContain('root:');
    expect(await runCount(service)).toBe(0);
  });

  it('accepts reports sent with `flightdeck report` over HTTP, from a file and streamed from stdin', async () => {
    // A plain HTTP server in front of the real route handler, so the command talks HTTP.
    const server = http.createServer((req, res) => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const body = req.method === 'POST' ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined;
      const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body, duplex: 'half' } as RequestInit);
      void postReport(request, { params: Promise.resolve({}) }).then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Without CI variables the command's defaults (commit, run id) do not depend on where the test runs.
    const env: NodeJS.ProcessEnv = { ...process.env, FLIGHTDECK_URL: base, FLIGHTDECK_TOKEN: TOKEN };
    for (const k of Object.keys(env)) if (/^(GITHUB_|CI_)/.test(k)) delete env[k];
    const cli = (args: string[], stdin?: Buffer) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ['bin/flightdeck.mjs', 'report', ...args], { env });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
        child.stdin.end(stdin ?? Buffer.alloc(0));
      });
    try {
      const file = path.join(out, 'cli-junit.xml');
      writeFileSync(file, reports.ginkgoJunit);
      const service = svc('cli');
      const first = await cli(['--service', service, '--tier', 'e2e', '--commit', 'd00dfeed', '--run-id', 'cli-1', '--arch', 'arm64', file]);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain(`Stored ${service}/e2e run cli-1 (arm64): 2/5 passed, 3 failed, 2 skipped [junit]`);
      const link = /(http:\/\/\S+\/readiness\/runs\/(\d+))/.exec(first.stdout);
      expect(link?.[1]).toBe(`${base}/readiness/runs/${link?.[2]}`);

      const again = await cli(['--service', service, '--tier', 'e2e', '--commit', 'd00dfeed', '--run-id', 'cli-1', '--arch', 'arm64', file]);
      expect(again.stdout).toContain(`Replaced ${service}/e2e run cli-1`);
      expect(await runCount(service)).toBe(1);

      const piped = await cli(['--service', service, '--tier', 'unit', '--commit', 'd00dfeed', '--gzip', '-'], reports.goTestJson);
      expect(piped.code).toBe(0);
      expect(piped.stdout).toMatch(/: 2\/6 passed, 4 failed, 1 skipped \[go-test-json\]/);

      const refused = await cli(['--service', service, '--tier', 'unit', '--token', 'not-the-token-at-all', file]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('HTTP 401');
      const usage = await cli(['--tier', 'unit', file]);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('--service is required');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('shows the uploads in the matrix, the history, the run list and the Markdown export', async () => {
    const { status, body } = await get<ReadinessOverview>(getOverview as never, '/api/v1/readiness');
    expect(status).toBe(200);
    const wfe = body.services.find((s) => s.service === svc('workflowexecution'));
    expect(wfe?.cells.e2e?.latest).toMatchObject({ passed: 2, tests: 7, skipped: 2, status: 'red' });
    expect(wfe?.cells.e2e?.arches).toEqual([expect.objectContaining({ arch: 'amd64', status: 'red' })]);
    expect(wfe?.ready).toBe(false);
    expect(wfe?.blocking.map((b) => b.message)).toEqual(expect.arrayContaining(['E2E: 2/5 (3 failing, 2 skipped) on a1b2c3d']));

    const md = await get<string>(getExport as never, '/api/v1/readiness/export');
    expect(md.status).toBe(200);
    expect(md.body).toContain('| Service |');
    expect(md.body).toMatch(new RegExp(`\\| ${svc('workflowexecution')} \\|.*❌ 2/5 \\(3 failing, 2 skipped\\)`));

    const history = await get<RunHistory>(getHistory as never, `/api/v1/readiness/history?service=${svc('datastorage')}&tier=unit`);
    expect(history.body.points.map((p) => p.runId)).toEqual(['go-1', 'go-2']);
    const bad = await get<{ param: string }>(getHistory as never, `/api/v1/readiness/history?service=${svc('datastorage')}&tier=unit&limit=7`);
    expect(bad.status).toBe(400);
    expect(bad.body.param).toBe('limit');

    const runs = await get<RunsPage>(getRunsRoute as never, `/api/v1/readiness/runs?service=${svc('datastorage')}&limit=1`);
    expect(runs.body.runs).toHaveLength(1);
    expect(runs.body.nextCursor).not.toBeNull();

    const missing = await get<{ code: string }>(getRunRoute as never, '/api/v1/readiness/runs/999999999', { id: '999999999' });
    expect(missing.status).toBe(404);
  });
});

describe.each([
  ['PostgreSQL', () => openDb({ databaseUrl: schemaUrl, dataDir: '' })],
  ['PGlite', () => openDb({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'fd-readiness-pglite-')) })],
] as const)('readiness store on %s', (_name, open) => {
  let db: Db;
  beforeAll(async () => {
    db = await open();
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  const meta = (service: string, tier: string, runId: string) => ingestQuerySchema.parse({ service, tier, runId, commit: 'beef' });

  it('stores every real report format and reads back the grouped failures', async () => {
    const service = svc(`store-${_name.toLowerCase()}`);
    const cases: [string, Buffer, number][] = [
      ['ginkgo-junit', reports.ginkgoJunit, 7],
      ['ginkgo-json', reports.ginkgoJson, 7],
      ['go-test-json', reports.goTestJson, 7],
      ['vitest', reports.vitestJunit, 5],
      ['playwright', reports.playwrightJunit, 3],
    ];
    for (const [tier, body, tests] of cases) {
      const res = await ingestReport(db, meta(service, tier, 'r1'), body, { contentType: null, maxBytes: MAX_BYTES });
      expect(res.totals.tests).toBe(tests);
      const detail = await loadRunDetail(db, res.id);
      expect(detail?.failureCount).toBe(res.totals.failed + res.totals.errored);
      expect(detail?.failureGroups.reduce((n, g) => n + g.count, 0)).toBe(detail?.failureCount);
    }
  });

  it('replaces on re-upload and stores nothing from a failed upload', async () => {
    const service = svc(`replace-${_name.toLowerCase()}`);
    const a = await ingestReport(db, meta(service, 'e2e', 'x'), reports.ginkgoJunit, { contentType: null, maxBytes: MAX_BYTES });
    const b = await ingestReport(db, meta(service, 'e2e', 'x'), reports.playwrightJunit, { contentType: null, maxBytes: MAX_BYTES });
    expect(b).toMatchObject({ id: a.id, replaced: true });
    await expect(ingestReport(db, meta(service, 'e2e', 'y'), reports.ginkgoJunit.subarray(0, 2000), { contentType: null, maxBytes: MAX_BYTES })).rejects.toMatchObject({ status: 400 });
    const rows = await db.query<{ run_id: string; tests: number }>('SELECT run_id, tests FROM readiness_runs WHERE service = $1', [service]);
    expect(rows).toEqual([{ run_id: 'x', tests: 3 }]);
  });
});
