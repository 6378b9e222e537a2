// Public API of the local stack, for the CLI (stack.mjs) and for test global-setup code:
//
//   import { ensureStackUp, readStackEnv, stopComponent, startComponent } from './tools/stack/lib.mjs';
//
// Every operation that changes processes holds a lock on the stack directory, so
// concurrent callers (two test runners) serialize instead of racing.
import fs from 'node:fs';
import { ensureBinaries, ensureSystemPackages, kubernautDir } from './build.mjs';
import { ensureCerts } from './certs.mjs';
import {
  PROCESS_ORDER,
  ensureCrds,
  ensureDatabases,
  ensureIdentities,
  ensureProcess,
  processDefs,
  statusLines,
  stopByName,
  writeDataStorageConfig,
  writeEnvFiles,
} from './components.mjs';
import { cfg, paths } from './config.mjs';
import { livePid, runsReplacedBinary, withLock } from './proc.mjs';
import { StackError, log, mkdirp, secondsSince, setQuiet } from './util.mjs';

export { StackError } from './util.mjs';
export { cfg as stackConfig, paths as stackPaths } from './config.mjs';

const ALIASES = { kubestack: 'kube-apiserver', etcd: 'kube-apiserver', apiserver: 'kube-apiserver', ds: 'datastorage', 'data-storage': 'datastorage', postgresql: 'postgres' };
const canonical = (name) => {
  const n = ALIASES[name] ?? name;
  if (!PROCESS_ORDER.includes(n)) throw new Error(`unknown component "${name}" (one of ${PROCESS_ORDER.join(', ')})`);
  return n;
};

async function timed(label, fn) {
  const start = Date.now();
  try {
    return await fn();
  } catch (err) {
    if (err instanceof StackError) throw err;
    throw new StackError(label, err.message, { cause: err });
  } finally {
    if (process.env.STACK_DEBUG) log(`${label}: ${secondsSince(start)}`);
  }
}

/**
 * Brings the whole stack up, reusing whatever already runs and is healthy, and returns
 * the environment map (also written to .stack/env and .stack/env.json).
 */
export async function ensureStackUp({ quiet = false } = {}) {
  setQuiet(quiet);
  const start = Date.now();
  return withLock(async () => {
    for (const dir of [cfg.stackDir, paths.pids, paths.logs]) mkdirp(dir);
    // Belt and braces next to the repo's .gitignore: the directory holds keys and tokens.
    if (!fs.existsSync(`${cfg.stackDir}/.gitignore`)) fs.writeFileSync(`${cfg.stackDir}/.gitignore`, '*\n');

    await timed('packages', () => ensureSystemPackages());
    const bins = await timed('binaries', () => ensureBinaries(paths.logs));
    await timed('kubernaut', () => kubernautDir());
    const changed = await timed('certs', () => ensureCerts());
    const defs = processDefs(bins);

    // The apiserver loaded the CA, serving cert and SA keys at start: restart it if they changed.
    if (['ca', 'apiserver', 'sa'].some((c) => changed.has(c)) && livePid('kube-apiserver', 'kubestack')) {
      log('kube-apiserver: certificates changed, restarting');
      await stopByName('kube-apiserver');
    }
    // A rebuilt kubestack/datastorage binary replaces the file; the running process keeps
    // the old one. Restart so the stack always matches the sources (data is kept).
    for (const name of ['kube-apiserver', 'datastorage']) {
      const pid = livePid(name, defs[name].exe);
      if (pid && runsReplacedBinary(pid)) {
        log(`${name}: its binary was rebuilt, restarting`);
        await stopByName(name);
      }
    }
    await ensureProcess(defs['kube-apiserver']);
    await timed('crds', () => ensureCrds());
    await ensureProcess(defs.postgres);
    await ensureProcess(defs.redis);
    await timed('databases', () => ensureDatabases(bins.goose));
    await timed('identities', () => ensureIdentities());

    const configChanged = writeDataStorageConfig();
    // A new CA or SA signing key also invalidates the kubeconfig/token it started with.
    const dsStale = configChanged || ['signer', 'ca', 'sa'].some((c) => changed.has(c));
    if (dsStale && livePid('datastorage', 'datastorage')) {
      log('datastorage: configuration or signer certificate changed, restarting');
      await stopByName('datastorage');
    }
    await ensureProcess(defs.datastorage);

    const env = writeEnvFiles();
    log(`stack up in ${secondsSince(start)}; environment in ${paths.env} (and env.json)`);
    return env;
  });
}

/** Stops every component this stack started, in reverse start order. Data is kept. */
export async function stopStack({ quiet = false } = {}) {
  setQuiet(quiet);
  const start = Date.now();
  return withLock(async () => {
    for (const name of [...PROCESS_ORDER].reverse()) await stopByName(name);
    log(`stack down in ${secondsSince(start)}`);
  });
}

export async function stackStatus() {
  return statusLines();
}

/** The environment map written by the last successful `up`. */
export function readStackEnv() {
  try {
    return JSON.parse(fs.readFileSync(paths.envJson, 'utf8'));
  } catch (err) {
    throw new Error(`no stack environment at ${paths.envJson}: run \`npm run stack:up\` first (${err.code || err.message})`);
  }
}

/**
 * Stops one component (e.g. 'datastorage' to test Flightdeck's degraded mode). Data
 * Storage's graceful shutdown takes 1-6 s; `{ kill: true }` stops it at once, like a crash.
 */
export async function stopComponent(name, { quiet = false, kill = false } = {}) {
  setQuiet(quiet);
  const n = canonical(name);
  return withLock(() => stopByName(n, { kill }));
}

/**
 * Starts one component that `up` has set up before (binaries, certs, config, tokens
 * exist). It does not start the components it depends on: it fails, naming them.
 */
export async function startComponent(name, { quiet = false } = {}) {
  setQuiet(quiet);
  const n = canonical(name);
  return withLock(async () => {
    const defs = processDefs();
    const needs = { 'kube-apiserver': [], postgres: [], redis: [], datastorage: ['kube-apiserver', 'postgres', 'redis'] }[n];
    for (const dep of needs) {
      if (!livePid(dep, defs[dep].exe) || !(await defs[dep].healthy())) {
        throw new StackError(n, `${dep} is not running: run \`node tools/stack/stack.mjs up\``);
      }
    }
    if (n === 'datastorage') writeDataStorageConfig();
    const result = await ensureProcess(defs[n]);
    // A fresh apiserver serves 429 for custom resources until first touched; warm them.
    if (n === 'kube-apiserver') await ensureCrds();
    return result;
  });
}

export async function restartComponent(name, { quiet = false, kill = false } = {}) {
  const n = canonical(name);
  return withLock(async () => {
    await stopComponent(n, { quiet, kill });
    return startComponent(n, { quiet });
  });
}
