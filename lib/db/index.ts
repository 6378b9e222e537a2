/**
 * Flightdeck's own database: PostgreSQL when DATABASE_URL is set, otherwise an embedded
 * PGlite under FLIGHTDECK_DATA_DIR. Both speak the same SQL, so stores are written once.
 * Migrations run on first use.
 */
import 'server-only';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors';
import { env } from '../env';
import { log } from '../log';
import { processSingleton } from '../singleton';
import { MIGRATIONS } from './migrations';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction: everything or nothing is stored. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Node error codes and PostgreSQL SQLSTATEs that mean "the server is not there right now". */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

/**
 * A lost or refused database connection becomes a 503 with Retry-After, so a client (CI
 * uploading a report) retries; the open transaction died with the connection, so nothing
 * is half stored. Other errors (SQL bugs) stay 500s.
 */
function unavailable(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown })?.code;
  const message = err instanceof Error ? err.message : '';
  if ((typeof code === 'string' && UNAVAILABLE_CODES.has(code)) || /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed|not queryable/i.test(message)) {
    return new AppError('unavailable:database', "Flightdeck's database is not reachable right now; retry shortly.", { cause: err, headers: { 'retry-after': '5' } });
  }
  return err;
}

async function openPostgres(url: string): Promise<Db> {
  const { Pool } = (await import('pg')).default;
  const pool = new Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  // An idle client error (database restarted) must not crash the process.
  pool.on('error', (err) => log.warn('postgres pool error', { err }));
  return {
    kind: 'postgres',
    async query<T>(sql: string, params: unknown[] = []) {
      try {
        return (await pool.query(sql, params)).rows as T[];
      } catch (err) {
        throw unavailable(err);
      }
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect().catch((err: unknown) => {
        throw unavailable(err);
      });
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn({ query: async <R>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as R[] });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw unavailable(err);
      } finally {
        // A client whose connection died must not go back to the pool.
        client.release(broken || undefined);
      }
    },
    close: () => pool.end(),
  };
}

/**
 * PGlite reserves PostgreSQL's default 128 MB of shared_buffers inside its WASM heap;
 * Flightdeck's tables are small and its one connection reads them sequentially, so 16 MB
 * holds the working set (the readiness bench's ingest and matrix queries ran as fast).
 * A runtime setting only: existing data directories open unchanged.
 */
const PGLITE_SETTINGS = ['-c', 'shared_buffers=16MB', '-c', 'wal_buffers=512kB'];

/**
 * Creating a data directory runs initdb in a second PGlite instance plus initdb's own
 * WASM module; that memory (~600 MB) stays in the heap of whoever ran it until a full
 * GC, and part of it never returns. So a new directory is created by a short-lived child
 * process; when that fails (no child processes allowed, module not resolvable from the
 * working directory) initdb runs in this process as before.
 */
async function initPgliteDir(dir: string, startParams: string[]): Promise<void> {
  if (existsSync(path.join(dir, 'PG_VERSION'))) return;
  const { spawn } = await import('node:child_process');
  const script = `const { PGlite } = await import('@electric-sql/pglite'); const db = await PGlite.create(process.argv[1], { startParams: JSON.parse(process.argv[2]) }); await db.close();`;
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, dir, JSON.stringify(startParams)], { cwd: process.cwd(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.on('error', () => resolve(-1));
    child.on('exit', (c) => {
      if (c !== 0) log.warn('embedded store: initdb in a child process failed; running it in this process', { code: c, stderr });
      resolve(c);
    });
  });
  if (code !== 0) await rm(dir, { recursive: true, force: true }).then(() => mkdir(dir, { recursive: true }));
}

async function openPglite(dir: string): Promise<Db> {
  await mkdir(dir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const startParams = [...PGlite.defaultStartParams, ...PGLITE_SETTINGS];
  await initPgliteDir(dir, startParams);
  const db = await PGlite.create(dir, { startParams });
  return {
    kind: 'pglite',
    async query<T>(sql: string, params: unknown[] = []) {
      return (await db.query<T>(sql, params)).rows;
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return db.transaction(async (tx) => fn({ query: async <R>(sql: string, params: unknown[] = []) => (await tx.query<R>(sql, params)).rows }));
    },
    close: () => db.close(),
  };
}

/** Applies pending migrations in order, each in its own transaction. */
export async function migrate(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    // Serialises concurrent start-ups against one PostgreSQL; PGlite has one connection anyway.
    if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(724001)');
    // Under the lock: two concurrent CREATE TABLE IF NOT EXISTS race on pg_type and one fails.
    await tx.query(`CREATE TABLE IF NOT EXISTS flightdeck_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await tx.query<{ id: string }>('SELECT id FROM flightdeck_migrations')).map((r) => r.id));
    for (const m of MIGRATIONS) {
      if (done.has(m.id)) continue;
      for (const statement of m.statements) await tx.query(statement);
      await tx.query('INSERT INTO flightdeck_migrations (id) VALUES ($1)', [m.id]);
      log.info('applied migration', { id: m.id });
    }
  });
}

/** Opens a database from explicit settings (tests use this to try both stores). */
export async function openDb(options: { databaseUrl?: string; dataDir: string }): Promise<Db> {
  const db = options.databaseUrl ? await openPostgres(options.databaseUrl) : await openPglite(path.resolve(options.dataDir, 'pglite'));
  await migrate(db);
  return db;
}

// One per process, keyed by the settings (see lib/singleton.ts): two PGlite instances on
// one directory abort or corrupt it.

/** The process-wide database, opened and migrated on first use. */
export function getDb(): Promise<Db> {
  const e = env();
  const shared = processSingleton('db', () => new Map<string, Promise<Db>>());
  const key = `${e.DATABASE_URL ?? ''}\u0000${path.resolve(e.FLIGHTDECK_DATA_DIR)}`;
  let db = shared.get(key);
  if (!db) {
    db = openDb({ databaseUrl: e.DATABASE_URL, dataDir: e.FLIGHTDECK_DATA_DIR }).then(
      (opened): Db => ({
        ...opened,
        close: async () => {
          shared.delete(key);
          await opened.close();
        },
      }),
      (err: unknown) => {
        shared.delete(key);
        throw new AppError('unavailable:database', "Flightdeck's database could not be opened.", { cause: err });
      },
    );
    shared.set(key, db);
  }
  return db;
}

export async function pingDatabase(): Promise<{ kind: Db['kind'] }> {
  const db = await getDb();
  await db.query('SELECT 1');
  return { kind: db.kind };
}

/**
 * Calls `onPayload` for every NOTIFY on `channel` by any process using the PostgreSQL
 * database at `url` (how replicas tell each other about writes). One dedicated
 * connection, re-opened with backoff when it drops; notifications sent while it is down
 * are lost, which callers accept (they are hints to refetch). Returns the stop function.
 */
export function listenPostgres(url: string, channel: string, onPayload: (payload: string) => void): () => void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  let stopped = false;
  let attempt = 0;
  let client: import('pg').Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  const reconnect = () => {
    client = undefined;
    if (stopped) return;
    const delay = Math.min(30_000, 500 * 2 ** attempt++);
    timer = setTimeout(() => void connect(), delay);
    timer.unref?.();
  };
  const connect = async () => {
    const { Client } = (await import('pg')).default;
    const c = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      log.warn('database notifications: connection lost; reconnecting', { channel, err });
      c.end().catch(() => undefined);
      reconnect();
    };
    c.on('error', fail);
    c.on('end', () => fail(new Error('connection ended')));
    c.on('notification', (msg) => {
      if (msg.channel === channel && msg.payload !== undefined) onPayload(msg.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      if (stopped) {
        failed = true;
        await c.end();
        return;
      }
      attempt = 0;
      client = c;
    } catch (err) {
      fail(err);
    }
  };
  void connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    void client?.end().catch(() => undefined);
  };
}
