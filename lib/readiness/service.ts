/**
 * The readiness feature's entry points for route handlers and server pages: they wire
 * the process-wide database, the shared infrastructure snapshot and the retention job
 * to the store and the gate.
 */
import 'server-only';
import { getDb, type Db } from '../db';
import { env } from '../env';
import { AppError } from '../errors';
import { log } from '../log';
import { outsideRequestContext } from '../request-context';
import type {
  HistoryQuery,
  IngestQuery,
  IngestResult,
  InfrastructureSnapshot,
  ReadinessOverview,
  RunDetail,
  RunHistory,
  RunsPage,
  RunsQuery,
} from '../schemas/readiness';
import { buildOverview, overviewToMarkdown, type InfraState } from './gate';
import { cachedInfrastructure, getInfrastructure } from './infrastructure';
import { ingestReport, type IngestBody } from './ingest';
import { livePosition, notifyRunStored, startInfrastructureLive } from './live';
import { listRuns, loadHistory, loadMatrix, loadRunDetail, pruneRuns } from './store';

const DAY_MS = 24 * 60 * 60 * 1000;
let retentionTimer: NodeJS.Timeout | undefined;

/**
 * Deletes runs older than READINESS_RETENTION_DAYS, keeping the latest run of every
 * service, tier and architecture. Returns how many runs were deleted.
 */
/**
 * The advisory lock of the retention job. Every replica starts the job, on its own
 * schedule; the transaction-scoped lock lets one of them delete at a time and the others
 * skip that round (PGlite has one connection, so it always gets it).
 */
export const RETENTION_LOCK_KEY = 0x666c_6472;

/** Deletes old runs; null when another replica was deleting at the same moment. */
export async function applyRetention(db: Db, days = env().READINESS_RETENTION_DAYS, now = new Date()): Promise<number | null> {
  const deleted = await db.transaction(async (tx) => {
    const [lock] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [RETENTION_LOCK_KEY]);
    if (!lock?.locked) return null;
    return pruneRuns(tx, new Date(now.getTime() - days * DAY_MS));
  });
  if (deleted === null) log.info('readiness retention skipped: another replica is running it');
  else if (deleted > 0) log.info('readiness retention deleted runs', { deleted, days });
  return deleted;
}

/**
 * Starts the retention job: once now, then daily. Idempotent per module instance; called
 * at server start (instrumentation.ts) and on first use of the readiness database.
 * Replicas (and a second instance in another bundle) take turns through RETENTION_LOCK_KEY.
 */
export function startReadinessBackground(db?: Db): void {
  if (retentionTimer) return;
  const run = () => {
    (db ? Promise.resolve(db) : getDb())
      .then((d) => applyRetention(d))
      .catch((err: unknown) => log.warn('readiness retention failed', { err }));
  };
  retentionTimer = setInterval(run, DAY_MS);
  retentionTimer.unref?.();
  run();
}

async function readinessDb(): Promise<Db> {
  const db = await getDb();
  // Background work outlives the request that starts it: no request id on its log lines.
  outsideRequestContext(() => {
    startReadinessBackground();
    startInfrastructureLive();
  });
  return db;
}

/** How long the overview waits for a fresh infrastructure check before using the last one. */
const INFRA_BUDGET_MS = 2_000;

async function infraState(): Promise<InfraState> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const snapshot = await Promise.race([
      // The matrix must stay fast: a stale snapshot is fine here, the live stream follows up.
      getInfrastructure({ allowStale: true }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new AppError('timeout:kubernetes', `the infrastructure check did not finish within ${INFRA_BUDGET_MS} ms`)), INFRA_BUDGET_MS);
      }),
    ]);
    return { snapshot };
  } catch (err) {
    return { error: err instanceof AppError ? err.message : 'the infrastructure check failed (logged on the server)' };
  } finally {
    clearTimeout(timer);
  }
}

/** The matrix of services by tiers with each service's gate. */
export async function getReadinessOverview(options: { branch?: string } = {}): Promise<ReadinessOverview> {
  const db = await readinessDb();
  // Taken before reading, so a run stored meanwhile is replayed to the client, not lost.
  const live = livePosition();
  const [matrix, infra] = await Promise.all([loadMatrix(db, options.branch), infraState()]);
  return { ...buildOverview(matrix, infra, options), live };
}

/** The status table as Markdown (see overviewToMarkdown). */
export async function getReadinessMarkdown(options: { branch?: string } = {}): Promise<string> {
  return overviewToMarkdown(await getReadinessOverview(options));
}

/**
 * The snapshot the last check produced, without waiting for a new one (server pages
 * render with it; the client fetches a fresh one when there is none).
 */
export function getCachedInfrastructureSnapshot(): InfrastructureSnapshot | undefined {
  return cachedInfrastructure();
}

/** One run with grouped failures, flaky tests and sibling runs; 404 when unknown. */
export async function getRunDetail(id: string): Promise<RunDetail> {
  const db = await readinessDb();
  const live = livePosition();
  const detail = await loadRunDetail(db, id);
  if (!detail) throw new AppError('not_found:run', `There is no test run with id ${id}.`);
  return { ...detail, live };
}

export async function getRunHistory(q: HistoryQuery): Promise<RunHistory> {
  return loadHistory(await readinessDb(), q);
}

export async function getRuns(q: RunsQuery): Promise<RunsPage> {
  return listRuns(await readinessDb(), q);
}

/** The shared infrastructure snapshot (at most INFRA_MAX_AGE_MS old). */
export async function getInfrastructureSnapshot(): Promise<InfrastructureSnapshot> {
  outsideRequestContext(startInfrastructureLive);
  return getInfrastructure();
}

/** Stores one uploaded report and tells live clients about it. */
export async function ingest(meta: IngestQuery, body: IngestBody, contentType: string | null): Promise<IngestResult> {
  const db = await readinessDb();
  const result = await ingestReport(db, meta, body, { contentType });
  await notifyRunStored(db, result);
  return result;
}
