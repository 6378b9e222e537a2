// Detached processes tracked by pid files, their logs, and the lock that keeps two
// stack operations (say, Vitest's and Playwright's global setups) from racing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { paths } from './config';
import { log, mkdirp, sleep, which } from './util';

export const pidFile = (name: string): string => path.join(paths.pids, `${name}.pid`);
export const logFile = (name: string): string => path.join(paths.logs, `${name}.log`);

/** {pid, exe} from a pid file; exe is the real path of the binary that was started. */
export function readPidInfo(name: string): { pid: number; exe: string | null } | null {
  try {
    const [pidLine, exe] = fs.readFileSync(pidFile(name), 'utf8').split('\n');
    const pid = Number(pidLine?.trim());
    return Number.isInteger(pid) && pid > 0 ? { pid, exe: exe?.trim() || null } : null;
  } catch {
    return null;
  }
}

export const readPid = (name: string): number | null => readPidInfo(name)?.pid ?? null;

export function writePidFile(name: string, pid: number, exe: string | null): void {
  mkdirp(paths.pids);
  fs.writeFileSync(pidFile(name), `${pid}\n${exe ?? ''}\n`);
}

export function realExe(cmd: string): string | null {
  try {
    return fs.realpathSync(cmd.includes('/') ? cmd : which(cmd) ?? cmd);
  } catch {
    return null;
  }
}

function signal(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the pid is alive and still runs the expected executable (a real path, or a
 * name prefix). The check matters after a reboot or a long pause, when a stale pid file
 * may name an unrelated process that must not be adopted or signalled. The executable,
 * not argv[0], is compared: PostgreSQL and Redis rewrite their process titles, and
 * Debian's redis-server is a symlink to redis-check-rdb.
 */
export function isRunning(pid: number | null | undefined, exe?: string | null): boolean {
  if (!pid || !signal(pid, 0)) return false;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // A zombie (state Z) has exited; its parent just has not reaped it yet.
    if (/^\d+ \(.*\) Z /.test(stat)) return false;
    if (!exe) return true;
    // A rebuilt binary shows as "<path> (deleted)" while the old process runs.
    const link = fs.readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, '');
    if (exe.includes('/')) return link === exe || path.basename(link) === path.basename(exe);
    return path.basename(link).startsWith(exe);
  } catch {
    return process.platform !== 'linux';
  }
}

/** True when the process runs a binary that has since been replaced on disk (rebuilt). */
export function runsReplacedBinary(pid: number): boolean {
  try {
    return fs.readlinkSync(`/proc/${pid}/exe`).endsWith(' (deleted)');
  } catch {
    return false;
  }
}

/**
 * Finds a process this stack started but whose pid file was lost: same executable, same
 * working directory (each component gets its own), and a process-group leader, which
 * every detached component is and its worker children are not.
 */
export function findOrphan(cmd: string, cwd: string | undefined): number | null {
  const exe = realExe(cmd);
  if (!exe || process.platform !== 'linux') return null;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const link = fs.readlinkSync(`/proc/${entry}/exe`).replace(/ \(deleted\)$/, '');
      if (link !== exe || fs.readlinkSync(`/proc/${entry}/cwd`) !== cwd) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && Number(fields[2]) === Number(entry)) return Number(entry);
    } catch {
      // gone, or not ours to inspect
    }
  }
  return null;
}

/** The pid of a live, tracked component process, or null (a stale pid file is removed). */
export function livePid(name: string, exeName: string): number | null {
  const info = readPidInfo(name);
  if (info && isRunning(info.pid, info.exe ?? exeName)) return info.pid;
  if (info) fs.rmSync(pidFile(name), { force: true });
  return null;
}

/**
 * Starts a long-running process detached from this CLI (own process group, output
 * appended to its log) so it outlives `stack up`. Returns the child so callers can
 * notice an early exit while they wait for health.
 */
export interface SpawnSpec {
  cmd: string;
  /** The executable the process ends up running when `cmd` is a wrapper that execs it. */
  exe?: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  uid?: number;
  gid?: number;
}

/** How a detached child ended, filled in when it exits while we still watch it. */
export interface ExitState {
  code: number | null;
  signal: string | null;
  done: boolean;
}

export function spawnDetached(name: string, { cmd, exe, args, env, uid, gid, cwd }: SpawnSpec): { pid: number | undefined; exited: ExitState } {
  mkdirp(paths.pids);
  mkdirp(paths.logs);
  const file = logFile(name);
  // Keep logs bounded across many runs without losing the previous run's tail.
  try {
    if (fs.statSync(file).size > 20 * 1024 * 1024) fs.renameSync(file, `${file}.1`);
  } catch {
    // no log yet
  }
  const fd = fs.openSync(file, 'a');
  fs.writeSync(fd, `\n===== ${new Date().toISOString()} starting: ${cmd} ${args.join(' ')}\n`);
  const child = spawn(cmd, args, {
    detached: true,
    stdio: ['ignore', fd, fd],
    env,
    cwd,
    ...(uid !== undefined ? { uid, gid } : {}),
  });
  fs.closeSync(fd);
  const exited: ExitState = { code: null, signal: null, done: false };
  child.on('exit', (code, sig) => Object.assign(exited, { code, signal: sig, done: true }));
  child.on('error', (err) => Object.assign(exited, { code: -1, signal: String(err.message), done: true }));
  child.unref();
  if (child.pid) writePidFile(name, child.pid, realExe(exe ?? cmd));
  return { pid: child.pid, exited };
}

/**
 * Stops a tracked process: the component's polite signal, a grace period, then SIGKILL
 * to its whole process group (PostgreSQL backends are children of the postmaster).
 * Returns false when nothing was running.
 */
export interface StopOptions {
  sig: NodeJS.Signals;
  graceMs: number;
}

export async function stopProcess(name: string, exeName: string, { sig, graceMs }: StopOptions = { sig: 'SIGTERM', graceMs: 30000 }): Promise<boolean> {
  const exe = readPidInfo(name)?.exe ?? exeName;
  const pid = livePid(name, exeName);
  if (!pid) {
    fs.rmSync(pidFile(name), { force: true });
    return false;
  }
  signal(pid, sig);
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && isRunning(pid, exe)) await sleep(100);
  if (isRunning(pid, exe)) {
    log(`${name}: still running ${graceMs / 1000}s after ${sig}, sending SIGKILL`);
    if (!signal(-pid, 'SIGKILL')) signal(pid, 'SIGKILL');
    const killDeadline = Date.now() + 5000;
    while (Date.now() < killDeadline && isRunning(pid, exe)) await sleep(100);
  }
  fs.rmSync(pidFile(name), { force: true });
  return true;
}

export function tailLog(file: string, lines = 30): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return `(no log at ${file})`;
  }
}

/**
 * A cross-process lock on the stack directory. A lock whose owner died is taken over;
 * a live owner is waited for, since its `up` will leave the stack in the state we want.
 */
let lockDepth = 0;

export async function withLock<T>(fn: () => Promise<T>, { timeoutMs = 30 * 60 * 1000 } = {}): Promise<T> {
  // Public entry points nest (ensureStackUp -> startComponent): the holder re-enters.
  if (lockDepth > 0) {
    lockDepth += 1;
    try {
      return await fn();
    } finally {
      lockDepth -= 1;
    }
  }
  mkdirp(path.dirname(paths.lock));
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      const fd = fs.openSync(paths.lock, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner: number | null = null;
      try {
        owner = Number(fs.readFileSync(paths.lock, 'utf8').trim());
      } catch {
        continue; // released between our open and read
      }
      if (!owner || owner === process.pid || !isRunning(owner)) {
        fs.rmSync(paths.lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another stack operation (pid ${owner}) holds ${paths.lock}`);
      if (!announced) {
        log(`waiting for another stack operation (pid ${owner}) to finish`);
        announced = true;
      }
      await sleep(500);
    }
  }
  lockDepth = 1;
  try {
    return await fn();
  } finally {
    lockDepth = 0;
    try {
      if (Number(fs.readFileSync(paths.lock, 'utf8').trim()) === process.pid) fs.rmSync(paths.lock, { force: true });
    } catch {
      // already gone
    }
  }
}
