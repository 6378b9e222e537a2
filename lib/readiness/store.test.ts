import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

process.env.LOG_LEVEL ??= 'warn';
import { openDb, type Db } from '../db';
import { ingestQuerySchema, type IngestQuery } from '../schemas/readiness';
import { buildOverview } from './gate';
import { ingestReport } from './ingest';
import { failureSignature, parseReport } from './parse';
import { applyRetention } from './service';
import { listRuns, loadHistory, loadMatrix, loadRunDetail, pruneRuns, saveRun } from './store';

let dir: string;
let db: Db;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fd-readiness-store-'));
  db = await openDb({ dataDir: dir });
}, 60_000);

afterAll(async () => {
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

function meta(q: Record<string, string>): IngestQuery {
  return ingestQuerySchema.parse(q);
}

function junit(cases: { name: string; status?: 'passed' | 'failed' | 'error' | 'skipped'; message?: string; time?: number }[]): string {
  const body = cases
    .map((c) => {
      const open = `<testcase classname="pkg" name="${c.name}" time="${c.time ?? 0.1}">`;
      if (c.status === 'failed') return `${open}<failure message="${c.message ?? 'boom'}" type="Failure">${c.message ?? 'boom'}\n  at suite_test.go:42</failure></testcase>`;
      if (c.status === 'error') return `${open}<error message="${c.message ?? 'crash'}"/></testcase>`;
      if (c.status === 'skipped') return `${open}<skipped/></testcase>`;
      return `${open}</testcase>`;
    })
    .join('\n');
  return `<?xml version="1.0"?>\n<testsuites><testsuite name="Suite" tests="${cases.length}">\n${body}\n</testsuite></testsuites>\n`;
}

async function upload(q: Record<string, string>, report: string) {
  return ingestReport(db, meta(q), report, { contentType: 'application/xml', maxBytes: 1_000_000 });
}

async function countRuns(service: string): Promise<number> {
  const [row] = await db.query<{ n: number | string }>('SELECT count(*) AS n FROM readiness_runs WHERE service = $1', [service]);
  return Number(row?.n);
}

describe('readiness store (PGlite)', () => {
  it('stores a run with its counts and replaces it when the same run id is sent again', async () => {
    const first = await upload(
      { service: 'replace-svc', tier: 'unit', runId: 'r1', commit: 'aaaaaaa', arch: 'amd64' },
      junit([{ name: 'a' }, { name: 'b', status: 'failed' }, { name: 'c', status: 'skipped' }]),
    );
    expect(first.replaced).toBe(false);
    expect(first.totals).toMatchObject({ tests: 3, passed: 1, failed: 1, skipped: 1 });

    const second = await upload(
      { service: 'replace-svc', tier: 'unit', runId: 'r1', commit: 'aaaaaaa', arch: 'amd64' },
      junit([{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }]),
    );
    expect(second.replaced).toBe(true);
    expect(second.id).toBe(first.id);
    expect(await countRuns('replace-svc')).toBe(1);
    const detail = await loadRunDetail(db, first.id);
    expect(detail?.run).toMatchObject({ tests: 4, passed: 4, failed: 0, status: 'green' });
    expect(detail?.failureGroups).toEqual([]);
    const [cases] = await db.query<{ n: number | string }>('SELECT count(*) AS n FROM readiness_cases WHERE run_pk = $1', [first.id]);
    expect(Number(cases?.n)).toBe(4);
  });

  it('keeps runs of the same run id on different architectures apart, and shows the worst in the cell', async () => {
    await upload({ service: 'arch-svc', tier: 'e2e', runId: '77', commit: 'c0ffee1', arch: 'amd64' }, junit([{ name: 'a', status: 'failed' }]));
    // Uploaded last, green: must not hide the red amd64 run of the same commit.
    await upload({ service: 'arch-svc', tier: 'e2e', runId: '77', commit: 'c0ffee1', arch: 'arm64' }, junit([{ name: 'a' }]));
    expect(await countRuns('arch-svc')).toBe(2);
    const matrix = await loadMatrix(db);
    const cell = matrix.cells.find((c) => c.service === 'arch-svc' && c.tier === 'e2e');
    expect(cell?.arches.map((a) => `${a.arch}:${a.status}`).sort()).toEqual(['amd64:red', 'arm64:green']);
    expect(cell?.latest).toMatchObject({ arch: 'amd64', status: 'red' });
  });

  it('stores nothing when a case cannot be written (one transaction per upload)', async () => {
    const report = await parseReport(junit([{ name: 'a' }, { name: 'b' }]), { contentType: 'application/xml' });
    const broken = structuredClone(report);
    // A status outside the column's CHECK makes the cases INSERT fail after the run row was written.
    const second = broken.suites[0]?.cases[1];
    if (!second) throw new Error('fixture has no second case');
    (second as { status: string }).status = 'bogus';
    await expect(saveRun(db, { service: 'tx-svc', tier: 'unit', runId: 'x' }, broken, failureSignature)).rejects.toThrow();
    expect(await countRuns('tx-svc')).toBe(0);
  });

  it('groups failures by normalised signature with message, file, line and output', async () => {
    const res = await upload(
      { service: 'group-svc', tier: 'e2e', runId: 'g1', commit: 'bbbbbbb' },
      junit([
        { name: 'audit 1', status: 'failed', message: 'expected 3 audit events, got 1 after 30s' },
        { name: 'audit 2', status: 'failed', message: 'expected 5 audit events, got 2 after 12s' },
        { name: 'audit 3', status: 'failed', message: 'expected 4 audit events, got 0 after 9s' },
        { name: 'webhook', status: 'error', message: 'connection refused' },
        { name: 'ok', status: 'passed' },
      ]),
    );
    const detail = await loadRunDetail(db, res.id);
    expect(detail?.failureCount).toBe(4);
    expect(detail?.failureGroups.map((g) => g.count)).toEqual([3, 1]);
    const audit = detail?.failureGroups[0];
    expect(audit?.signature).toBe('expected <n> audit events, got <n> after <duration>');
    expect(audit?.message).toBe('expected 3 audit events, got 1 after 30s');
    expect(audit?.cases.map((c) => c.name)).toEqual(['audit 1', 'audit 2', 'audit 3']);
    expect(audit?.key).toMatch(/^[0-9a-f]{12}$/);
    expect(audit?.cases[0]?.output).toContain('suite_test.go:42');
  });

  it('finds flaky tests: failed and passed on the same commit', async () => {
    await upload({ service: 'flaky-svc', tier: 'integration', runId: 'f1', commit: 'ccccccc' }, junit([{ name: 'steady' }, { name: 'wobbly', status: 'failed' }]));
    const second = await upload({ service: 'flaky-svc', tier: 'integration', runId: 'f2', commit: 'ccccccc' }, junit([{ name: 'steady' }, { name: 'wobbly' }]));
    await upload({ service: 'flaky-svc', tier: 'integration', runId: 'f3', commit: 'ddddddd' }, junit([{ name: 'other', status: 'failed' }]));
    const detail = await loadRunDetail(db, second.id);
    expect(detail?.flaky).toEqual([{ suite: 'Suite', className: 'pkg', name: 'wobbly', passedRuns: 1, failedRuns: 1 }]);
    expect(detail?.siblings.map((s) => s.runId)).toEqual(['f1']);
  });

  it('builds the matrix and the gate from the latest run of every tier', async () => {
    await upload({ service: 'gate-svc', tier: 'unit', runId: 'u1', commit: 'eeeeeee', startedAt: '2026-01-01T10:00:00Z' }, junit([{ name: 'a' }, { name: 'b' }]));
    await upload({ service: 'gate-svc', tier: 'e2e', runId: 'e1', commit: 'eeeeeee', startedAt: '2026-01-01T11:00:00Z' }, junit([{ name: 'a' }, { name: 'b', status: 'failed' }]));
    // An older unit run uploaded later must not become the latest.
    await upload({ service: 'gate-svc', tier: 'unit', runId: 'u0', commit: '0000000', startedAt: '2025-12-31T10:00:00Z' }, junit([{ name: 'a', status: 'failed' }]));
    const overview = buildOverview(await loadMatrix(db), {
      snapshot: { checkedAt: '2026-01-01T12:00:00Z', ready: true, reasons: [], namespaces: [{ name: 'kubernaut-system', deployments: [{ namespace: 'kubernaut-system', name: 'gate-svc-controller', replicas: 1, readyReplicas: 1, ready: true, reason: null, warnings: [] }], pods: [] }], crds: [], dataStorage: { ready: true, message: null } },
    });
    const svc = overview.services.find((s) => s.service === 'gate-svc');
    expect(svc?.cells.unit?.latest.runId).toBe('u1');
    expect(svc?.cells.unit?.trend.map((t) => t.passRate)).toEqual([0, 1]);
    expect(svc?.ready).toBe(false);
    expect(svc?.blocking.map((b) => b.message)).toEqual(['E2E: 1/2 (1 failing) on eeeeeee']);
    expect(svc?.deployments).toEqual(['kubernaut-system/gate-svc-controller']);
  });

  it('returns history oldest first and pages the run list', async () => {
    for (let i = 0; i < 5; i++) {
      await upload(
        { service: 'hist-svc', tier: 'unit', runId: `h${i}`, commit: `abc000${i}`, startedAt: `2026-02-0${i + 1}T00:00:00Z` },
        junit([{ name: 'a' }, { name: 'b', status: i % 2 ? 'failed' : 'passed' }]),
      );
    }
    const history = await loadHistory(db, { service: 'hist-svc', tier: 'unit', limit: 20 });
    expect(history.points.map((p) => p.runId)).toEqual(['h0', 'h1', 'h2', 'h3', 'h4']);
    expect(history.points.map((p) => p.passRate)).toEqual([1, 0.5, 1, 0.5, 1]);
    const page1 = await listRuns(db, { service: 'hist-svc', limit: 3 });
    expect(page1.runs).toHaveLength(3);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await listRuns(db, { service: 'hist-svc', limit: 3, cursor: page1.nextCursor ?? undefined });
    expect(page2.runs).toHaveLength(2);
    expect(page2.nextCursor).toBeNull();
    expect(new Set([...page1.runs, ...page2.runs].map((r) => r.runId)).size).toBe(5);
  });

  it('retention deletes old runs but never the latest run of a service and tier', async () => {
    await upload({ service: 'old-svc', tier: 'unit', runId: 'o1', startedAt: '2020-01-01T00:00:00Z' }, junit([{ name: 'a' }]));
    await upload({ service: 'old-svc', tier: 'unit', runId: 'o2', startedAt: '2020-01-02T00:00:00Z' }, junit([{ name: 'a' }]));
    await upload({ service: 'old-svc', tier: 'e2e', runId: 'o3', startedAt: '2020-01-01T00:00:00Z' }, junit([{ name: 'a' }]));
    const deleted = await pruneRuns(db, new Date('2021-01-01T00:00:00Z'));
    expect(deleted).toBe(1);
    const left = await listRuns(db, { service: 'old-svc', limit: 10 });
    expect(left.runs.map((r) => r.runId).sort()).toEqual(['o2', 'o3']);
  });

  it('applies READINESS_RETENTION_DAYS counted back from now', async () => {
    await upload({ service: 'days-svc', tier: 'unit', runId: 'd1', startedAt: '2026-03-01T00:00:00Z' }, junit([{ name: 'a' }]));
    await upload({ service: 'days-svc', tier: 'unit', runId: 'd2', startedAt: '2026-03-20T00:00:00Z' }, junit([{ name: 'a' }]));
    await upload({ service: 'days-svc', tier: 'unit', runId: 'd3', startedAt: '2026-03-30T00:00:00Z' }, junit([{ name: 'a' }]));
    // 15 days before April 1st is March 17th: d1 goes, d2 stays, d3 is the latest anyway.
    await applyRetention(db, 15, new Date('2026-04-01T00:00:00Z'));
    const left = await listRuns(db, { service: 'days-svc', limit: 10 });
    expect(left.runs.map((r) => r.runId).sort()).toEqual(['d2', 'd3']);
  });
});
