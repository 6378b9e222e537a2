// PostgreSQL from Debian's packages, one cluster in the stack directory, listening on
// 127.0.0.1 and on a private Unix socket (superuser access for setup runs over it).
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findPgBin } from '../build';
import { cfg, paths } from '../config';
import { isRunning, writePidFile } from '../proc';
import { StackError, childEnv, log, mkdirp, run, secondsSince } from '../util';
import type { ProcessComponent } from './component';

const { host, ports } = cfg;

type PgTool = 'postgres' | 'initdb' | 'pg_isready' | 'psql';

function pgBin(tool: PgTool): string {
  const dir = findPgBin();
  if (!dir) throw new StackError('postgres', 'PostgreSQL binaries not found (apt-get install postgresql)');
  return path.join(dir, tool);
}

interface OsUser {
  uid: number;
  gid: number;
}

/** initdb and postgres refuse to run as root: use the postgres OS user then. */
function pgOsUser(): OsUser | null {
  if (process.getuid?.() !== 0) return null;
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new StackError('postgres', 'running as root needs the "postgres" OS user (created by the postgresql package)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Unix sockets have a ~107 byte path limit; fall back to /tmp when STACK_DIR is deep. */
function pgSocketDir(): string {
  if (`${paths.run}/.s.PGSQL.${ports.postgres}.lock`.length < 100) return paths.run;
  return path.join(os.tmpdir(), `flightdeck-stack-${crypto.createHash('sha256').update(cfg.stackDir).digest('hex').slice(0, 10)}`);
}

/** The postgres OS user must be able to reach its data directory through every parent. */
function assertTraversable(dir: string, owner: OsUser | null): void {
  if (!owner) return;
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    const st = fs.statSync(d);
    const ok = st.mode & 0o001 || (st.uid === owner.uid && st.mode & 0o100) || (st.gid === owner.gid && st.mode & 0o010);
    if (!ok) {
      throw new StackError('postgres', `the postgres OS user cannot enter ${d} (mode ${(st.mode & 0o777).toString(8)}); set STACK_DIR to a directory it can reach`);
    }
    if (d === path.dirname(d)) return;
  }
}

function chownTree(dir: string, owner: OsUser | null): void {
  if (!owner) return;
  fs.chownSync(dir, owner.uid, owner.gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(p, owner);
    else fs.lchownSync(p, owner.uid, owner.gid);
  }
}

function pgIsReady(): boolean {
  const res = spawnSync(pgBin('pg_isready'), ['-q', '-h', host, '-p', String(ports.postgres), '-t', '2'], { env: childEnv() });
  return res.status === 0;
}

/** Runs SQL as the superuser over the Unix socket (local connections are trusted). */
export function psql(sql: string, db = 'postgres'): string {
  return run('postgres', pgBin('psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', pgSocketDir(), '-p', String(ports.postgres), '-U', 'postgres', '-d', db, '-f', '-'], {
    input: sql,
    env: childEnv(),
  });
}

export const postgres: ProcessComponent = {
  kind: 'process',
  name: 'postgres',
  aliases: ['postgresql'],
  exe: 'postgres',
  ports: [ports.postgres],
  needs: [],
  endpoint: `${host}:${ports.postgres}`,
  reuseWaitMs: 20000,
  startTimeoutMs: 60000,
  // SIGINT is PostgreSQL's "fast" shutdown; SIGTERM ("smart") would wait for every
  // client, e.g. a dev server's connection pool, to disconnect on its own.
  stopOpts: { sig: 'SIGINT', graceMs: 30000 },
  healthy: async () => pgIsReady(),
  // A postmaster whose pid file we lost (e.g. .stack/pids removed) is still ours.
  adopt: () => {
    try {
      const pid = Number(fs.readFileSync(path.join(paths.postgres, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (isRunning(pid, pgBin('postgres'))) {
        writePidFile('postgres', pid, fs.realpathSync(pgBin('postgres')));
        return pid;
      }
    } catch {
      // no running cluster
    }
    return null;
  },
  prepare: () => {
    const sock = pgSocketDir();
    const owner = pgOsUser();
    // After a SIGKILL (or a host crash) postmaster.pid stays behind, and PostgreSQL
    // refuses to start while its pid exists, even as an unreaped zombie. adopt() ran
    // first, so no live postmaster uses this directory.
    const lock = path.join(paths.postgres, 'postmaster.pid');
    try {
      const stale = Number(fs.readFileSync(lock, 'utf8').split('\n')[0]);
      if (!isRunning(stale, pgBin('postgres'))) fs.rmSync(lock, { force: true });
    } catch {
      // no lock file
    }
    mkdirp(paths.postgres, 0o700);
    mkdirp(sock, 0o700);
    assertTraversable(paths.postgres, owner);
    assertTraversable(sock, owner);
    fs.chmodSync(paths.postgres, 0o700);
    chownTree(paths.postgres, owner);
    chownTree(sock, owner);
    if (!fs.existsSync(path.join(paths.postgres, 'PG_VERSION'))) {
      const start = Date.now();
      run('postgres', pgBin('initdb'), [
        '-D', paths.postgres, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256',
        '-E', 'UTF8', '--no-locale', '--no-instructions',
      ], { env: childEnv(), cwd: '/', ...(owner ?? {}) });
      log(`postgres: initdb done in ${secondsSince(start)}`);
    }
  },
  command: () => ({
    cmd: pgBin('postgres'),
    cwd: '/',
    env: childEnv(),
    ...(pgOsUser() ?? {}),
    args: [
      '-D', paths.postgres,
      '-c', `listen_addresses=${host}`,
      '-c', `port=${ports.postgres}`,
      '-c', `unix_socket_directories=${pgSocketDir()}`,
      '-c', 'unix_socket_permissions=0700',
      '-c', 'max_connections=200',
      // Test data: losing the last few commits on a crash is fine; corruption is not,
      // so fsync stays on and only commit waits are relaxed.
      '-c', 'synchronous_commit=off',
      '-c', 'logging_collector=off',
    ],
  }),
};
