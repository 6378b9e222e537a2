// Public API of the local stack, for the CLI (stack.ts) and for test global-setup code:
//
//   import { ensureStackUp, readStackEnv, stopComponent, startComponent } from '@/tools/stack/lib';
//
// Every operation that changes processes holds a lock on the stack directory, so
// concurrent callers (two test runners) serialize instead of racing.
import fs from 'node:fs';
import { ensureBinaries, ensureSystemPackages, kubernautDir } from './build';
import { ensureCerts } from './certs';
import type { StatusRow, UpContext } from './components/component';
import { COMPONENTS, PROCESSES, isEnabled, processByName } from './components';
import { cfg, paths } from './config';
import { writeEnvFiles } from './env';
import { livePid, withLock } from './proc';
import { ensureProcess, processStatus, processUp, stopComponentProcess } from './supervise';
import { StackError, errorMessage, log, mkdirp, secondsSince, setQuiet } from './util';

export { StackError } from './util';
export { cfg as stackConfig, paths as stackPaths } from './config';

async function timed<T>(label: string, fn: () => T | Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await fn();
  } catch (err) {
    if (err instanceof StackError) throw err;
    throw new StackError(label, errorMessage(err), { cause: err });
  } finally {
    if (process.env.STACK_DEBUG) log(`${label}: ${secondsSince(start)}`);
  }
}

/**
 * Brings the whole stack up, reusing whatever already runs and is healthy, and returns
 * the environment map (also written to .stack/env and .stack/env.json).
 */
export async function ensureStackUp({ quiet = false } = {}): Promise<Record<string, string>> {
  setQuiet(quiet);
  const start = Date.now();
  return withLock(async () => {
    for (const dir of [cfg.stackDir, paths.pids, paths.logs]) mkdirp(dir);
    // Belt and braces next to the repo's .gitignore: the directory holds keys and tokens.
    if (!fs.existsSync(`${cfg.stackDir}/.gitignore`)) fs.writeFileSync(`${cfg.stackDir}/.gitignore`, '*\n');

    await timed('packages', () => ensureSystemPackages());
    const bins = await timed('binaries', () => ensureBinaries(paths.logs));
    await timed('kubernaut', () => kubernautDir());
    const changedCerts = await timed('certs', () => ensureCerts());
    const ctx: UpContext = { bins, changedCerts };

    for (const c of COMPONENTS) {
      if (!isEnabled(c)) {
        if (c.kind === 'process') {
          if (livePid(c.name, c.exe)) {
            log(`${c.name}: disabled (STACK_CONTROLLERS=0), stopping it`);
            await stopComponentProcess(c);
          }
          await timed(c.name, () => c.disable?.());
        }
        continue;
      }
      if (c.kind === 'setup') {
        await timed(c.name, () => c.ensure(ctx));
        continue;
      }
      const why = c.outdated?.(ctx);
      if (why && livePid(c.name, c.exe)) {
        log(`${c.name}: ${why}, restarting`);
        await stopComponentProcess(c);
      }
      await ensureProcess(c);
    }

    const env = writeEnvFiles();
    log(`stack up in ${secondsSince(start)}; environment in ${paths.env} (and env.json)`);
    return env;
  });
}

/** Stops every component this stack started, in reverse start order. Data is kept. */
export async function stopStack({ quiet = false } = {}): Promise<void> {
  setQuiet(quiet);
  const start = Date.now();
  return withLock(async () => {
    for (const c of [...PROCESSES].reverse()) await stopComponentProcess(c);
    log(`stack down in ${secondsSince(start)}`);
  });
}

/** One line per component (processes, then the checks of setup steps); ok=false when anything is down. */
export async function stackStatus(): Promise<{ ok: boolean; lines: string[] }> {
  const rows: StatusRow[] = [];
  const up = new Set<string>();
  for (const c of PROCESSES) {
    if (!isEnabled(c) && !livePid(c.name, c.exe)) {
      rows.push({ name: c.name, up: true, detail: 'off (STACK_CONTROLLERS=0)' });
      continue;
    }
    const row = await processStatus(c);
    if (row.up) up.add(c.name);
    rows.push(row);
  }
  for (const c of COMPONENTS) {
    if (c.kind === 'setup' && c.status && isEnabled(c)) rows.push(...(await c.status((name) => up.has(name))));
  }
  return {
    ok: rows.every((r) => r.up),
    lines: rows.map((r) => `${r.name.padEnd(18)} ${(r.up ? 'up' : 'DOWN').padEnd(5)} ${r.detail}`),
  };
}

/** The environment map written by the last successful `up`. */
export function readStackEnv(): Record<string, string> {
  try {
    return JSON.parse(fs.readFileSync(paths.envJson, 'utf8')) as Record<string, string>;
  } catch (err) {
    throw new Error(`no stack environment at ${paths.envJson}: run \`npm run stack:up\` first (${(err as NodeJS.ErrnoException).code ?? errorMessage(err)})`);
  }
}

/**
 * Stops one component (e.g. 'datastorage' to test Flightdeck's degraded mode). Data
 * Storage's graceful shutdown takes 1-6 s; `{ kill: true }` stops it at once, like a crash.
 */
export async function stopComponent(name: string, { quiet = false, kill = false } = {}): Promise<boolean> {
  setQuiet(quiet);
  const c = processByName(name);
  return withLock(() => stopComponentProcess(c, { kill }));
}

/**
 * Starts one component that `up` has set up before (binaries, certs, config, tokens
 * exist). It does not start the components it depends on: it fails, naming them.
 */
export async function startComponent(name: string, { quiet = false } = {}): Promise<{ pid: number; started: boolean }> {
  setQuiet(quiet);
  const c = processByName(name);
  return withLock(async () => {
    for (const dep of c.needs) {
      if (!(await processUp(processByName(dep)))) {
        throw new StackError(c.name, `${dep} is not running: run \`npm run stack:up\``);
      }
    }
    const result = await ensureProcess(c);
    await c.afterStart?.();
    return result;
  });
}

export async function restartComponent(name: string, { quiet = false, kill = false } = {}): Promise<{ pid: number; started: boolean }> {
  const c = processByName(name);
  return withLock(async () => {
    await stopComponent(c.name, { quiet, kill });
    return startComponent(c.name, { quiet });
  });
}
