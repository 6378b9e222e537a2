// The lifecycle every process component shares: reuse a healthy process, wait for one
// that is starting, replace an unhealthy one, otherwise start it and wait for health;
// stop it politely, or kill it like a crash; report it in a status line.
import fs from 'node:fs';
import { certFiles } from './certs';
import { cfg } from './config';
import { findOrphan, livePid, logFile, readPid, realExe, spawnDetached, stopProcess, writePidFile } from './proc';
import type { ProcessComponent, StatusRow } from './components/component';
import { StackError, errorMessage, log, portInUse, secondsSince, sleep } from './util';

/**
 * Reuses a healthy running process, waits a little for one that is still starting,
 * replaces one that is unhealthy, and otherwise starts it and waits for health.
 * A process that exits while we wait fails with its log.
 */
export async function ensureProcess(c: ProcessComponent): Promise<{ pid: number; started: boolean }> {
  try {
    return await ensureProcessUnwrapped(c);
  } catch (err) {
    if (err instanceof StackError) throw err;
    throw new StackError(c.name, errorMessage(err), { logFile: logFile(c.name), cause: err });
  }
}

async function ensureProcessUnwrapped(c: ProcessComponent): Promise<{ pid: number; started: boolean }> {
  const start = Date.now();
  const pid = livePid(c.name, c.exe) ?? adopt(c);
  if (pid) {
    if (await c.healthy()) {
      log(`${c.name}: already running (pid ${pid}), healthy`);
      return { pid, started: false };
    }
    log(`${c.name}: running (pid ${pid}) but not healthy yet, waiting up to ${c.reuseWaitMs / 1000}s`);
    if (await waitHealthy(c, () => livePid(c.name, c.exe) === pid, c.reuseWaitMs)) {
      log(`${c.name}: healthy (pid ${pid}) after ${secondsSince(start)}`);
      return { pid, started: false };
    }
    log(`${c.name}: pid ${pid} stayed unhealthy, restarting it`);
    await stopProcess(c.name, c.exe, c.stopOpts);
  }
  for (const p of c.ports) {
    if (await portInUse(p)) {
      throw new StackError(
        c.name,
        `port ${cfg.host}:${p} is in use by a process this stack did not start (find it with: ss -ltnp 'sport = :${p}')`,
        { logFile: logFile(c.name) },
      );
    }
  }
  await c.prepare?.();
  const spec = c.command();
  const child = spawnDetached(c.name, spec);
  if (!child.pid) throw new StackError(c.name, `could not start ${spec.cmd}`, { logFile: logFile(c.name) });
  const ok = await waitHealthy(c, () => !child.exited.done, c.startTimeoutMs);
  if (!ok) {
    const why = child.exited.done
      ? `exited during start-up (${child.exited.code !== null ? `exit code ${child.exited.code}` : child.exited.signal})`
      : `not healthy after ${c.startTimeoutMs / 1000}s`;
    if (!child.exited.done) await stopProcess(c.name, c.exe, c.stopOpts);
    throw new StackError(c.name, why, { logFile: logFile(c.name) });
  }
  log(`${c.name}: started (pid ${child.pid}), healthy in ${secondsSince(start)}`);
  return { pid: child.pid, started: true };
}

/** Re-tracks a component process whose pid file was lost, so `up` neither duplicates nor fails on it. */
function adopt(c: ProcessComponent): number | null {
  let pid = c.adopt?.() ?? null;
  if (!pid) {
    const { cmd, exe, cwd } = c.command();
    pid = findOrphan(exe ?? cmd, cwd);
    if (pid) writePidFile(c.name, pid, realExe(exe ?? cmd));
  }
  if (pid) log(`${c.name}: found running pid ${pid} without a pid file, adopting it`);
  return pid;
}

async function waitHealthy(c: ProcessComponent, alive: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) return false;
    if (await c.healthy()) return true;
    await sleep(250);
  }
  return false;
}

/** Graceful stop by default; `kill: true` simulates a crash (SIGKILL, no shutdown path). */
export async function stopComponentProcess(c: ProcessComponent, { kill = false } = {}): Promise<boolean> {
  const start = Date.now();
  const pid = readPid(c.name);
  const stopped = await stopProcess(c.name, c.exe, kill ? { sig: 'SIGKILL', graceMs: 5000 } : c.stopOpts);
  log(stopped ? `${c.name}: ${kill ? 'killed' : 'stopped'} (pid ${pid}) in ${secondsSince(start)}` : `${c.name}: was not running`);
  return stopped;
}

/** Whether the tracked process runs and answers its health probe. */
export async function processUp(c: ProcessComponent): Promise<boolean> {
  return Boolean(livePid(c.name, c.exe)) && (await c.healthy());
}

/** The status line of a process component. */
export async function processStatus(c: ProcessComponent): Promise<StatusRow> {
  const pid = livePid(c.name, c.exe);
  // Probes of the apiserver need the admin certificate; before the first `up` nothing answers.
  const healthy = fs.existsSync(certFiles.adminCrt) ? await c.healthy() : false;
  if (pid && healthy) return { name: c.name, up: true, detail: `pid ${pid}  ${c.endpoint}` };
  if (pid) return { name: c.name, up: false, detail: `pid ${pid} running but not healthy  ${c.endpoint}  (log: ${logFile(c.name)})` };
  if (healthy) return { name: c.name, up: false, detail: `answers on ${c.endpoint} but not started by this stack (no live pid file)` };
  return { name: c.name, up: false, detail: `not running  (log: ${logFile(c.name)})` };
}
