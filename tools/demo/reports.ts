/**
 * Real test reports for the readiness page. The demo's Ginkgo suite (tools/demo/suites)
 * is compiled once with `go test -c` (cached by a hash of its sources and the Go
 * version, beside the stack's binaries) and run once per service, tier and commit; Ginkgo
 * itself writes the JUnit XML or JSON report, which is uploaded to Flightdeck's report
 * endpoint with the ingest token, exactly as CI would. Which specs fail is the demo's
 * choice (DEMO_FAIL), so the page gets a history, a flaky test and one blocked service.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rng } from './plan';

const SUITE_DIR = path.resolve(import.meta.dirname, 'suites');
const cacheBin = () => path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'flightdeck', 'bin');

export const REPORT_SERVICES = ['workflowexecution', 'datastorage', 'gateway', 'remediationorchestrator'] as const;
export const REPORT_TIERS = ['unit', 'integration', 'e2e'] as const;
export type ReportService = (typeof REPORT_SERVICES)[number];
export type ReportTier = (typeof REPORT_TIERS)[number];

/** The service whose latest commit stays red (its gate shows it blocked). */
export const BLOCKED_SERVICE: ReportService = 'gateway';

/** One upload: which cell, which commit, which specs fail. */
export interface PlannedReport {
  service: ReportService;
  tier: ReportTier;
  commit: string;
  /** `<instance>-…`, unique per attempt; re-sending it replaces the run (uploads are idempotent). */
  runId: string;
  startedAt: number;
  fail: string[];
}

function go(): string {
  for (const candidate of ['go', '/usr/local/go/bin/go']) {
    const r = spawnSync(candidate, ['version'], { encoding: 'utf8' });
    if (r.status === 0) return candidate;
  }
  throw new Error('Go is needed to build the demo test suite (https://go.dev/dl)');
}

/** Builds the suite's test binary unless the cached one matches its sources. Returns its path. */
export function suiteBinary(): string {
  const goBin = go();
  const h = createHash('sha256');
  h.update(spawnSync(goBin, ['version'], { encoding: 'utf8' }).stdout);
  for (const f of readdirSync(SUITE_DIR).sort()) h.update(f).update(readFileSync(path.join(SUITE_DIR, f)));
  const bin = path.join(cacheBin(), `demo-suites-${h.digest('hex').slice(0, 16)}.test`);
  if (existsSync(bin)) return bin;
  mkdirSync(cacheBin(), { recursive: true });
  // Ginkgo and Gomega come through the Go module proxy (pinned by go.sum) on a machine
  // whose module cache lacks them: `npm run demo` on a fresh machine has built nothing else
  // that needs them.
  const r = spawnSync(goBin, ['test', '-c', '-o', bin, '.'], { cwd: SUITE_DIR, encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=mod' } });
  if (r.status !== 0) throw new Error(`building the demo suite failed:\n${r.stderr.slice(-2000)}`);
  return bin;
}

/** Runs one cell and returns Ginkgo's report: JSON for unit, JUnit XML for the others. */
export async function produceReport(bin: string, r: PlannedReport): Promise<{ body: Buffer; contentType: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-demo-report-'));
  const json = r.tier === 'unit';
  const file = path.join(dir, json ? 'report.json' : 'junit.xml');
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(bin, [json ? `--ginkgo.json-report=${file}` : `--ginkgo.junit-report=${file}`, '--ginkgo.no-color', '--ginkgo.silence-skips'], {
        cwd: dir,
        env: { ...process.env, DEMO_SERVICE: r.service, DEMO_TIER: r.tier, DEMO_FAIL: r.fail.join(',') },
        stdio: 'ignore',
      });
      child.on('error', reject);
      // Exit 1 is "some specs failed", which the plan may ask for.
      child.on('exit', (code) => (code === 0 || code === 1 ? resolve() : reject(new Error(`${path.basename(bin)} exited ${code}`))));
    });
    return { body: readFileSync(file), contentType: json ? 'application/json' : 'application/xml' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Flightdeck {
  url: string;
  ingestToken: string;
}

/** POSTs a report to /api/v1/readiness/reports; returns the HTTP status (200 replaced, 201 new). */
export async function uploadReport(fd: Flightdeck, r: PlannedReport, report: { body: Buffer; contentType: string }): Promise<number> {
  const q = new URLSearchParams({
    service: r.service,
    tier: r.tier,
    commit: r.commit,
    runId: r.runId,
    branch: 'main',
    arch: 'amd64',
    startedAt: new Date(r.startedAt).toISOString(),
    finishedAt: new Date(r.startedAt + 60_000 + (r.tier === 'e2e' ? 600_000 : 0)).toISOString(),
  });
  const res = await fetch(`${fd.url.replace(/\/+$/, '')}/api/v1/readiness/reports?${q}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fd.ingestToken}`, 'content-type': report.contentType },
    body: new Uint8Array(report.body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status !== 200 && res.status !== 201) throw new Error(`report upload ${r.service}/${r.tier} answered HTTP ${res.status}: ${text.slice(0, 300)}`);
  return res.status;
}

function commitSha(random: () => number): string {
  return Array.from({ length: 40 }, () => Math.floor(random() * 16).toString(16)).join('');
}

/**
 * The report history of the backfill window: `commits` commits spread over it, each run
 * in every service and tier. One commit breaks a test that the next fixes; the last
 * commit of the blocked service stays red in e2e; on the last commit one integration
 * test fails and passes on its retry (flaky).
 */
export function planReportHistory({ from, to, instance, commits = 5, seed = 7 }: { from: number; to: number; instance: string; commits?: number; seed?: number }): PlannedReport[] {
  const random = rng(seed);
  const out: PlannedReport[] = [];
  for (let c = 0; c < commits; c++) {
    const commit = commitSha(random);
    const at = Math.round(from + ((c + 0.5) / commits) * (to - from));
    const last = c === commits - 1;
    for (const service of REPORT_SERVICES) {
      for (const [ti, tier] of REPORT_TIERS.entries()) {
        const fail: string[] = [];
        if (c === 1 && service === 'datastorage' && tier === 'integration') fail.push('ds-hash-chain');
        if (c === 2 && service === 'workflowexecution' && tier === 'e2e') fail.push('wfe-job-engine');
        if (last && service === BLOCKED_SERVICE && tier === 'e2e') fail.push('gw-storm', 'gw-dedup');
        const startedAt = at + ti * 15 * 60_000;
        const runId = `${instance}-${commit.slice(0, 10)}-${service}-${tier}`;
        if (last && service === 'workflowexecution' && tier === 'integration') {
          out.push({ service, tier, commit, runId: `${runId}-1`, startedAt, fail: ['wfe-cooldown'] });
          out.push({ service, tier, commit, runId: `${runId}-2`, startedAt: startedAt + 5 * 60_000, fail: [] });
          continue;
        }
        out.push({ service, tier, commit, runId, startedAt, fail });
      }
    }
  }
  return out;
}

/** A new commit of one service (never the blocked one) run in every tier, green: live CI. */
export function planLiveCommit(random: () => number, now: number, instance: string): PlannedReport[] {
  const services = REPORT_SERVICES.filter((s) => s !== BLOCKED_SERVICE);
  const service = services[Math.floor(random() * services.length)]!;
  const commit = commitSha(random);
  return REPORT_TIERS.map((tier, i) => ({ service, tier, commit, runId: `${instance}-${commit.slice(0, 10)}-${service}-${tier}`, startedAt: now - (REPORT_TIERS.length - i) * 60_000, fail: [] }));
}
