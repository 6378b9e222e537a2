/**
 * Storage of test runs and their cases in Flightdeck's own database (PostgreSQL or
 * PGlite; both run the same SQL). Every function takes the Db so tests can run them on
 * both stores. Tables are created by migration `0001_readiness` in lib/db/migrations.ts.
 */
import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db';
import {
  GROUP_CASES_LIMIT,
  OUTPUT_EXCERPT_CHARS,
  TREND_POINTS,
  passRate,
  passRatio,
  runStatusOf,
  type ArchBadge,
  type CaseStatus,
  type FailedCase,
  type FailureGroup,
  type FlakyTest,
  type HistoryPoint,
  type RunDetail,
  type RunHistory,
  type RunStatus,
  type RunsPage,
  type RunSummary,
  type TrendPoint,
} from '../schemas/readiness';
import type { ParsedCase, ParsedReport } from './parse/types';

/** Metadata of one upload, as given on the ingest URL. */
export interface RunMeta {
  service: string;
  tier: string;
  runId?: string;
  arch?: string;
  commit?: string;
  branch?: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface SavedRun {
  id: string;
  runId: string;
  arch: string;
  commit: string;
  replaced: boolean;
}

/** Rows per INSERT: one statement per chunk of cases keeps each round trip's payload bounded. */
const CASE_CHUNK = 2_000;
const MESSAGE_CHARS = 8_000;
const FIELD_CHARS = 1_000;
const MAX_FAILURE_GROUPS = 200;
const MAX_FLAKY = 200;

type Signer = (message: string) => string;

/**
 * Stores a parsed report as one run, in one transaction: either the run and all its
 * cases are stored, or nothing is. Re-sending the same (service, tier, runId, arch)
 * replaces the earlier run's cases and metadata and keeps its id.
 */
export async function saveRun(db: Db, meta: RunMeta, report: ParsedReport, sign: Signer): Promise<SavedRun> {
  const runId = meta.runId ?? randomUUID();
  const arch = meta.arch ?? '';
  const commit = meta.commit ?? '';
  const runAt = meta.startedAt ?? report.startedAt ?? meta.finishedAt ?? new Date().toISOString();
  const cases = report.suites.flatMap((s) => s.cases);
  const columns = caseColumns(cases, sign);
  const t = report.totals;

  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: string; replaced: boolean }>(
      `INSERT INTO readiness_runs
         (service, tier, run_id, arch, commit_sha, branch, format, tool, started_at, finished_at, run_at,
          tests, passed, failed, errored, skipped, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (service, tier, run_id, arch) DO UPDATE SET
         commit_sha = EXCLUDED.commit_sha, branch = EXCLUDED.branch, format = EXCLUDED.format,
         tool = EXCLUDED.tool, started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,
         run_at = EXCLUDED.run_at, received_at = now(), tests = EXCLUDED.tests, passed = EXCLUDED.passed,
         failed = EXCLUDED.failed, errored = EXCLUDED.errored, skipped = EXCLUDED.skipped,
         duration_ms = EXCLUDED.duration_ms
       RETURNING id::text AS id, (xmax <> 0) AS replaced`,
      [
        meta.service,
        meta.tier,
        runId,
        arch,
        commit,
        meta.branch ?? null,
        report.format,
        report.tool ?? null,
        meta.startedAt ?? report.startedAt ?? null,
        meta.finishedAt ?? null,
        runAt,
        t.tests,
        t.passed,
        t.failed,
        t.errored,
        t.skipped,
        t.durationMs,
      ],
    );
    if (!row) throw new Error('insert into readiness_runs returned no row');
    if (row.replaced) await tx.query('DELETE FROM readiness_cases WHERE run_pk = $1', [row.id]);
    await insertCases(tx, row.id, columns);
    return { id: row.id, runId, arch, commit, replaced: row.replaced };
  });
}

interface CaseColumns {
  ord: number[];
  suite: string[];
  className: (string | null)[];
  name: string[];
  status: string[];
  durationMs: number[];
  message: (string | null)[];
  failureType: (string | null)[];
  file: (string | null)[];
  line: (number | null)[];
  output: (string | null)[];
  signature: (string | null)[];
  labels: (string | null)[];
  flaky: boolean[];
}

function caseColumns(cases: ParsedCase[], sign: Signer): CaseColumns {
  const c: CaseColumns = {
    ord: [],
    suite: [],
    className: [],
    name: [],
    status: [],
    durationMs: [],
    message: [],
    failureType: [],
    file: [],
    line: [],
    output: [],
    signature: [],
    labels: [],
    flaky: [],
  };
  cases.forEach((k, i) => {
    const failing = k.status === 'failed' || k.status === 'error';
    const message = k.message ? clip(k.message, MESSAGE_CHARS) : null;
    c.ord.push(i);
    c.suite.push(clip(k.suite, FIELD_CHARS));
    c.className.push(k.className ? clip(k.className, FIELD_CHARS) : null);
    c.name.push(clip(k.name, FIELD_CHARS * 4));
    c.status.push(k.status);
    c.durationMs.push(Number.isFinite(k.durationMs) ? Math.max(0, k.durationMs) : 0);
    c.message.push(message);
    c.failureType.push(k.failureType ? clip(k.failureType, FIELD_CHARS) : null);
    c.file.push(k.file ? clip(k.file, FIELD_CHARS) : null);
    c.line.push(k.line !== undefined && Number.isInteger(k.line) && k.line > 0 && k.line < 2 ** 31 ? k.line : null);
    // Output is kept only where someone will read it: for cases that did not pass.
    c.output.push(k.output && k.status !== 'passed' ? tail(k.output, OUTPUT_EXCERPT_CHARS) : null);
    c.signature.push(failing ? signatureOf(k, sign) : null);
    c.labels.push(k.labels && k.labels.length > 0 ? JSON.stringify(k.labels.slice(0, 50).map((l) => clip(l, 200))) : null);
    c.flaky.push(k.flaky === true);
  });
  return c;
}

function signatureOf(k: ParsedCase, sign: Signer): string {
  const basis = k.message?.trim() || k.failureType?.trim() || firstLine(k.output) || '(no failure message)';
  return clip(sign(basis), MESSAGE_CHARS);
}

function firstLine(text: string | undefined): string | undefined {
  return text?.split('\n').find((l) => l.trim() !== '')?.trim();
}

/** PostgreSQL text cannot hold NUL characters; test output sometimes does. */
function clean(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

function clip(text: string, max: number): string {
  const t = clean(text);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function tail(text: string, max: number): string {
  const t = clean(text);
  return t.length > max ? `…${t.slice(t.length - max + 1)}` : t;
}

async function insertCases(tx: Queryable, runPk: string, c: CaseColumns): Promise<void> {
  // unnest() over one array per column inserts thousands of rows per round trip with a
  // fixed number of parameters, on PostgreSQL and PGlite alike.
  for (let start = 0; start < c.ord.length; start += CASE_CHUNK) {
    const end = start + CASE_CHUNK;
    await tx.query(
      `INSERT INTO readiness_cases
         (run_pk, ord, suite, class_name, name, status, duration_ms, message, failure_type, file, line, output, signature, labels, flaky)
       SELECT $1::bigint, u.ord, u.suite, u.class_name, u.name, u.status, u.duration_ms, u.message, u.failure_type,
              u.file, u.line, u.output, u.signature, u.labels::jsonb, u.flaky
       FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::text[], $9::text[],
                   $10::text[], $11::int[], $12::text[], $13::text[], $14::text[], $15::bool[])
         AS u(ord, suite, class_name, name, status, duration_ms, message, failure_type, file, line, output, signature, labels, flaky)`,
      [
        runPk,
        c.ord.slice(start, end),
        c.suite.slice(start, end),
        c.className.slice(start, end),
        c.name.slice(start, end),
        c.status.slice(start, end),
        c.durationMs.slice(start, end),
        c.message.slice(start, end),
        c.failureType.slice(start, end),
        c.file.slice(start, end),
        c.line.slice(start, end),
        c.output.slice(start, end),
        c.signature.slice(start, end),
        c.labels.slice(start, end),
        c.flaky.slice(start, end),
      ],
    );
  }
}

// ---------------------------------------------------------------------------
// Reading

const RUN_FIELDS = [
  'service', 'tier', 'run_id', 'arch', 'commit_sha', 'branch', 'format', 'tool', 'started_at', 'finished_at',
  'run_at', 'received_at', 'tests', 'passed', 'failed', 'errored', 'skipped', 'duration_ms',
] as const;

function runColumns(alias = ''): string {
  const p = alias ? `${alias}.` : '';
  return [`${p}id::text AS id`, ...RUN_FIELDS.map((f) => p + f)].join(', ');
}

const RUN_COLUMNS = runColumns();

interface RunRow {
  id: string;
  service: string;
  tier: string;
  run_id: string;
  arch: string;
  commit_sha: string;
  branch: string | null;
  format: string;
  tool: string | null;
  started_at: Date | string | null;
  finished_at: Date | string | null;
  run_at: Date | string;
  received_at: Date | string;
  tests: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  duration_ms: number;
}

function iso(v: Date | string): string {
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

function toSummary(r: RunRow): RunSummary {
  const counts = {
    tests: Number(r.tests),
    passed: Number(r.passed),
    failed: Number(r.failed),
    errored: Number(r.errored),
    skipped: Number(r.skipped),
    durationMs: Number(r.duration_ms),
  };
  return {
    id: r.id,
    service: r.service,
    tier: r.tier,
    runId: r.run_id,
    arch: r.arch,
    commit: r.commit_sha,
    branch: r.branch,
    format: r.format,
    tool: r.tool,
    startedAt: r.started_at === null ? null : iso(r.started_at),
    finishedAt: r.finished_at === null ? null : iso(r.finished_at),
    runAt: iso(r.run_at),
    receivedAt: iso(r.received_at),
    ...counts,
    status: runStatusOf(counts),
  };
}

const STATUS_RANK: Record<RunStatus, number> = { green: 0, empty: 1, red: 2 };

/** What the matrix needs from storage: per service and tier, the latest run, a trend and the architectures on its commit. */
export interface MatrixData {
  cells: {
    service: string;
    tier: string;
    latest: RunSummary;
    trend: TrendPoint[];
    arches: ArchBadge[];
  }[];
}

/**
 * Loads the latest run of every service and tier with its trend (the last TREND_POINTS
 * runs) and, per architecture, the latest run on the same commit. Optionally limited to
 * one branch.
 */
export async function loadMatrix(db: Queryable, branch?: string): Promise<MatrixData> {
  // The trend needs only counts; full rows come from the second query, which holds the
  // latest run of every architecture on the latest commit (the latest run among them).
  const recent = await db.query<{ id: string; service: string; tier: string; run_at: Date | string; tests: number; passed: number; failed: number; errored: number; skipped: number }>(
    `SELECT id, service, tier, run_at, tests, passed, failed, errored, skipped FROM (
       SELECT id::text AS id, service, tier, run_at, tests, passed, failed, errored, skipped,
              row_number() OVER (PARTITION BY service, tier ORDER BY run_at DESC, id DESC) AS rn
       FROM readiness_runs WHERE ($1::text IS NULL OR branch = $1::text)
     ) t WHERE rn <= ${TREND_POINTS}
     ORDER BY service, tier, rn`,
    [branch ?? null],
  );
  const onCommit = await db.query<RunRow>(
    `WITH latest AS (
       SELECT DISTINCT ON (service, tier) service, tier, commit_sha
       FROM readiness_runs WHERE ($1::text IS NULL OR branch = $1::text)
       ORDER BY service, tier, run_at DESC, id DESC
     )
     SELECT DISTINCT ON (r.service, r.tier, r.arch) ${runColumns('r')}
     FROM readiness_runs r JOIN latest l ON l.service = r.service AND l.tier = r.tier AND l.commit_sha = r.commit_sha
     WHERE ($1::text IS NULL OR r.branch = $1::text)
     ORDER BY r.service, r.tier, r.arch, r.run_at DESC, r.id DESC`,
    [branch ?? null],
  );

  const trends = new Map<string, { latestId: string; trend: TrendPoint[] }>();
  for (const row of recent) {
    const key = `${row.service}\u0000${row.tier}`;
    const counts = { tests: Number(row.tests), passed: Number(row.passed), failed: Number(row.failed), errored: Number(row.errored), skipped: Number(row.skipped) };
    let t = trends.get(key);
    if (!t) {
      t = { latestId: row.id, trend: [] };
      trends.set(key, t);
    }
    t.trend.unshift({ id: row.id, runAt: iso(row.run_at), passRate: passRate(counts), status: runStatusOf(counts) });
  }
  const cells = new Map<string, MatrixData['cells'][number]>();
  for (const row of onCommit) {
    const key = `${row.service}\u0000${row.tier}`;
    const t = trends.get(key);
    if (!t) continue;
    const s = toSummary(row);
    let cell = cells.get(key);
    if (!cell) {
      cell = { service: s.service, tier: s.tier, latest: s, trend: t.trend, arches: [] };
      cells.set(key, cell);
    }
    if (s.arch !== '') cell.arches.push({ arch: s.arch, status: s.status, id: s.id, ratio: passRatio(s), failing: s.failed + s.errored });
    // The cell shows the latest run, unless another architecture on the same commit is
    // worse: a green arm64 run uploaded last must not hide a red amd64 run.
    const current = cell.latest;
    const isLatest = s.id === t.latestId;
    if (current.id !== s.id && (STATUS_RANK[s.status] > STATUS_RANK[current.status] || (isLatest && STATUS_RANK[s.status] === STATUS_RANK[current.status]))) {
      cell.latest = s;
    }
  }
  return { cells: [...cells.values()] };
}

/** Loads one run with its failures grouped by signature, flaky tests on its commit and sibling runs. */
export async function loadRunDetail(db: Queryable, id: string): Promise<RunDetail | null> {
  const [row] = await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM readiness_runs WHERE id = $1::bigint`, [id]);
  if (!row) return null;
  const run = toSummary(row);

  const groups = await db.query<{ signature: string; n: number | string }>(
    `SELECT signature, count(*) AS n, min(ord) AS first
     FROM readiness_cases WHERE run_pk = $1::bigint AND status IN ('failed', 'error')
     GROUP BY signature ORDER BY n DESC, first LIMIT ${MAX_FAILURE_GROUPS}`,
    [id],
  );
  const caseRows = groups.length
    ? await db.query<CaseRow & { signature: string }>(
        `SELECT * FROM (
           SELECT suite, class_name, name, status, duration_ms, message, failure_type, file, line, output, signature, ord,
                  row_number() OVER (PARTITION BY signature ORDER BY ord) AS rn
           FROM readiness_cases
           WHERE run_pk = $1::bigint AND status IN ('failed', 'error') AND signature = ANY($2::text[])
         ) t WHERE rn <= ${GROUP_CASES_LIMIT} ORDER BY ord`,
        [id, groups.map((g) => g.signature)],
      )
    : [];
  const casesBySignature = new Map<string, FailedCase[]>();
  for (const c of caseRows) {
    const list = casesBySignature.get(c.signature) ?? [];
    list.push(toFailedCase(c));
    casesBySignature.set(c.signature, list);
  }
  const failureGroups: FailureGroup[] = groups.map((g) => {
    const cases = casesBySignature.get(g.signature) ?? [];
    return {
      key: groupKey(g.signature),
      signature: g.signature,
      message: cases[0]?.message ?? g.signature,
      count: Number(g.n),
      cases,
    };
  });

  const flaky = run.commit
    ? (
        await db.query<{ suite: string; class_name: string | null; name: string; passed_runs: number | string; failed_runs: number | string }>(
          `SELECT c.suite, c.class_name, c.name,
                  count(DISTINCT r.id) FILTER (WHERE c.status = 'passed') AS passed_runs,
                  count(DISTINCT r.id) FILTER (WHERE c.status IN ('failed', 'error')) AS failed_runs
           FROM readiness_runs r JOIN readiness_cases c ON c.run_pk = r.id
           WHERE r.service = $1 AND r.tier = $2 AND r.commit_sha = $3
           GROUP BY c.suite, c.class_name, c.name
           HAVING (bool_or(c.status = 'passed') AND bool_or(c.status IN ('failed', 'error'))) OR bool_or(c.flaky)
           ORDER BY c.suite, c.name LIMIT ${MAX_FLAKY}`,
          [run.service, run.tier, run.commit],
        )
      ).map(toFlaky)
    : (
        await db.query<{ suite: string; class_name: string | null; name: string; passed_runs: number | string; failed_runs: number | string }>(
          // Without a commit only the run's own retries can show flakiness.
          `SELECT suite, class_name, name, 1 AS passed_runs, 0 AS failed_runs
           FROM readiness_cases WHERE run_pk = $1::bigint AND flaky ORDER BY suite, name LIMIT ${MAX_FLAKY}`,
          [id],
        )
      ).map(toFlaky);

  const siblings = run.commit
    ? (
        await db.query<RunRow>(
          `SELECT ${RUN_COLUMNS} FROM readiness_runs
           WHERE service = $1 AND tier = $2 AND commit_sha = $3 AND id <> $4::bigint
           ORDER BY run_at DESC, id DESC LIMIT 50`,
          [run.service, run.tier, run.commit, id],
        )
      ).map(toSummary)
    : [];

  const failureCount = run.failed + run.errored;
  return { run, failureGroups, failureCount, flaky, siblings };
}

interface CaseRow {
  suite: string;
  class_name: string | null;
  name: string;
  status: string;
  duration_ms: number;
  message: string | null;
  failure_type: string | null;
  file: string | null;
  line: number | null;
  output: string | null;
}

function toFailedCase(c: CaseRow): FailedCase {
  return {
    suite: c.suite,
    className: c.class_name,
    name: c.name,
    status: c.status as CaseStatus,
    durationMs: Number(c.duration_ms),
    message: c.message,
    failureType: c.failure_type,
    file: c.file,
    line: c.line === null ? null : Number(c.line),
    output: c.output,
  };
}

function toFlaky(r: { suite: string; class_name: string | null; name: string; passed_runs: number | string; failed_runs: number | string }): FlakyTest {
  return { suite: r.suite, className: r.class_name, name: r.name, passedRuns: Number(r.passed_runs), failedRuns: Number(r.failed_runs) };
}

/** A short, URL-safe key for a failure signature. */
export function groupKey(signature: string): string {
  return createHash('sha256').update(signature).digest('hex').slice(0, 12);
}

/** The last `limit` runs of a service and tier, oldest first, for the history charts. */
export async function loadHistory(db: Queryable, q: { service: string; tier: string; limit: number; branch?: string }): Promise<RunHistory> {
  const rows = await db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM readiness_runs
     WHERE service = $1 AND tier = $2 AND ($3::text IS NULL OR branch = $3::text)
     ORDER BY run_at DESC, id DESC LIMIT $4`,
    [q.service, q.tier, q.branch ?? null, q.limit],
  );
  const points: HistoryPoint[] = rows.reverse().map((r) => {
    const s = toSummary(r);
    return {
      id: s.id,
      runId: s.runId,
      commit: s.commit,
      arch: s.arch,
      runAt: s.runAt,
      tests: s.tests,
      passed: s.passed,
      failed: s.failed,
      errored: s.errored,
      skipped: s.skipped,
      durationMs: s.durationMs,
      passRate: passRate(s),
      status: s.status,
    };
  });
  return { service: q.service, tier: q.tier, points };
}

/** Runs, newest first, filtered and paged by a keyset cursor (the id to continue below). */
export async function listRuns(
  db: Queryable,
  q: { service?: string; tier?: string; commit?: string; limit: number; cursor?: string },
): Promise<RunsPage> {
  const rows = await db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM readiness_runs
     WHERE ($1::text IS NULL OR service = $1::text) AND ($2::text IS NULL OR tier = $2::text)
       AND ($3::text IS NULL OR commit_sha = $3::text) AND ($4::bigint IS NULL OR id < $4::bigint)
     ORDER BY id DESC LIMIT $5`,
    [q.service ?? null, q.tier ?? null, q.commit ?? null, q.cursor ?? null, q.limit + 1],
  );
  const more = rows.length > q.limit;
  const runs = rows.slice(0, q.limit).map(toSummary);
  return { runs, nextCursor: more ? (runs[runs.length - 1]?.id ?? null) : null };
}

/**
 * Deletes runs (and, by cascade, their cases) whose run time is older than `before`,
 * except the latest run of every service, tier and architecture, so the matrix never
 * loses a cell to retention. Returns the number of runs deleted.
 */
export async function pruneRuns(db: Queryable, before: Date): Promise<number> {
  const rows = await db.query<{ id: string }>(
    `DELETE FROM readiness_runs
     WHERE run_at < $1::timestamptz
       AND id NOT IN (
         SELECT DISTINCT ON (service, tier, arch) id FROM readiness_runs ORDER BY service, tier, arch, run_at DESC, id DESC
       )
     RETURNING id::text AS id`,
    [before.toISOString()],
  );
  return rows.length;
}
