/**
 * The processes `npm run demo` starts, recorded by id in .demo/pids.json so a later run
 * (or a demo killed without its Ctrl-C handler) can stop exactly those and nothing else.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export interface Started {
  role: 'driver' | 'app' | 'build';
  pid: number;
  /** A fragment of its command line, checked before a stale pid is signalled (pids are reused). */
  marker: string;
}

/** Resolves with a child's exit code (null when a signal ended it), at once if it has already exited. */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

export function readPids(file: string): Started[] {
  if (!existsSync(file)) return [];
  try {
    const list = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(list) ? list.filter(isStarted) : [];
  } catch {
    return [];
  }
}

function isStarted(x: unknown): x is Started {
  const o = x as Partial<Started> | null;
  return !!o && typeof o.pid === 'number' && Number.isInteger(o.pid) && o.pid > 1 && typeof o.marker === 'string' && typeof o.role === 'string';
}

export function writePids(file: string, list: Started[]): void {
  if (list.length) writeFileSync(file, `${JSON.stringify(list, null, 2)}\n`, { mode: 0o600 });
  else rmSync(file, { force: true });
}

/** The process's command line (NUL-separated on Linux), or null when it is gone. */
export function commandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return null;
  }
}

/** Whether `pid` still runs the process recorded (same command line fragment). */
export function stillOurs(p: Started): boolean {
  const cmd = commandLine(p.pid);
  return cmd !== null && cmd.includes(p.marker);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
