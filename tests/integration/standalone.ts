/**
 * Starts the standalone server that `npm run build` leaves in .next/standalone (the file
 * the container image runs) as a child process, with an explicit production environment
 * rather than this process's, the way the chart's Deployment configures it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { stackVar } from './stack';

export const STANDALONE_DIR = path.resolve('.next/standalone');
export const STANDALONE_SERVER = path.join(STANDALONE_DIR, 'server.js');

/** Why standalone tests cannot run here, or null when the build is present. */
export function standaloneMissing(): string | null {
  return existsSync(STANDALONE_SERVER) ? null : 'no standalone build: run `npm run build` first (tools/test-all.sh does, before the integration tests)';
}

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Credentials for a server child: copies of the stack's read-only kubeconfig and
 * Data Storage token in a private directory, owned by `uid` when given (the stack's own
 * files are readable by their owner only).
 */
export function serverCredentials(uid?: number): { dir: string; kubeconfig: string; tokenFile: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-server-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const tokenFile = path.join(dir, 'token');
  copyFileSync(path.join(stackVar('STACK_DIR'), 'kubeconfig-flightdeck'), kubeconfig);
  copyFileSync(stackVar('DATASTORAGE_TOKEN_FILE'), tokenFile);
  if (uid !== undefined) {
    for (const p of [dir, kubeconfig, tokenFile]) chownSync(p, uid, uid);
  }
  chmodSync(dir, 0o700);
  return { dir, kubeconfig, tokenFile, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ServerOptions {
  port?: number;
  metricsPort?: number;
  /** Variables on top of the production defaults. */
  env?: Record<string, string>;
  /** Run as this user and group (the image runs as 10001, not root). */
  uid?: number;
  /** Working directory (server.js changes into its own directory anyway). */
  cwd?: string;
}

export interface StandaloneServer {
  url: string;
  port: number;
  metricsPort: number;
  child: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far. */
  output: () => string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop: () => Promise<void>;
}

/** Starts server.js and waits until /api/healthz answers 200. */
export async function startStandalone(o: ServerOptions = {}): Promise<StandaloneServer> {
  const port = o.port ?? (await freePort());
  const metricsPort = o.metricsPort ?? (await freePort());
  const creds = serverCredentials(o.uid);
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    PORT: String(port),
    HOSTNAME: '127.0.0.1',
    METRICS_PORT: String(metricsPort),
    KUBECONFIG: creds.kubeconfig,
    DATASTORAGE_URL: stackVar('DATASTORAGE_URL'),
    DATASTORAGE_TOKEN_FILE: creds.tokenFile,
    DATABASE_URL: stackVar('DATABASE_URL'),
    LOG_LEVEL: 'info',
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    TMPDIR: os.tmpdir(),
    ...o.env,
  };
  const child: ChildProcess = spawn(process.execPath, [STANDALONE_SERVER], {
    cwd: o.cwd ?? STANDALONE_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    uid: o.uid,
    gid: o.uid,
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  exited.then(creds.cleanup, creds.cleanup);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server.js exited during start-up:\n${out}`);
    try {
      const res = await fetch(`${url}/api/healthz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server.js did not answer /api/healthz within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    metricsPort,
    child,
    output: () => out,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * A PostgreSQL schema of its own on the stack's Flightdeck database, so what a test's
 * server stores (test runs) never shows up in another suite's readiness matrix.
 */
export async function isolatedDatabase(schema: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  const pool = new pg.Pool({ connectionString: stackVar('DATABASE_URL'), max: 1 });
  // The database may be restarted under it (the outage test): an idle client's error is not fatal.
  pool.on('error', () => undefined);
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const u = new URL(stackVar('DATABASE_URL'));
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: u.toString(),
    drop: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await pool.end();
    },
  };
}
