// `npm run demo`: one command from a fresh machine to a live, populated Flightdeck.
//
//   npm run demo [-- --rate <per minute>] [-- --backfill-days <n>] [-- --reset]
//
// Steps (one progress line each): install what is missing (without the browser the
// tests use), bring the local Kubernaut stack up, build the standalone app when its
// sources changed (keyed on a hash of them), then start the activity driver (backfill,
// then live) and the app, and print the URL once it answers. Ctrl-C stops the driver and
// the app by process id; the stack keeps running (npm run stack:down stops it).
// See tools/demo/README.md.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { parseEnvFile } from '../with-stack-env';
import { buildHash } from './build-hash';
import { alive, exited, readPids, stillOurs, writePids, type Started } from './processes';

const root = path.resolve(import.meta.dirname, '..', '..');
const stateDir = path.join(root, '.demo');
const pidsFile = path.join(stateDir, 'pids.json');
const t0 = Date.now();

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '3' },
    'backfill-days': { type: 'string', default: '3' },
    reset: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write('usage: npm run demo [-- --rate <remediations per minute>] [-- --backfill-days <1-6>] [-- --reset]\n');
  process.exit(0);
}

const port = Number(process.env.PORT || 3000);
const host = '127.0.0.1';
const url = `http://${host}:${port}`;
const STEPS = 5;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const say = (line: string) => process.stdout.write(`${line}\n`);

/** Runs one step, printing `n/5 name … result (time)`; `expect` is said first when the step may be slow. */
async function step<T>(n: number, name: string, fn: () => Promise<{ value: T; summary: string }>): Promise<T> {
  const start = Date.now();
  const { value, summary } = await fn();
  say(`  ${n}/${STEPS} ${name.padEnd(12)} ${summary} (${seconds(Date.now() - start)})`);
  return value;
}

const started: Started[] = [];
const children = new Map<Started['role'], ChildProcess>();

function remember(role: Started['role'], child: ChildProcess, marker: string): void {
  if (!child.pid) throw new Error(`could not start the ${role}`);
  started.push({ role, pid: child.pid, marker });
  children.set(role, child);
  writePids(pidsFile, started);
}

function node(): string {
  return process.execPath;
}

/** Streams a child's output into a log file; returns the last lines for error messages. */
function logTo(child: ChildProcess, file: string): () => string {
  const out = createWriteStream(file, { flags: 'a' });
  const tail: string[] = [];
  for (const s of [child.stdout, child.stderr]) {
    s?.on('data', (d: Buffer) => {
      out.write(d);
      tail.push(...d.toString('utf8').split('\n').filter(Boolean));
      tail.splice(0, Math.max(0, tail.length - 30));
    });
  }
  return () => tail.join('\n');
}

// ---------------------------------------------------------------------------
// Steps

async function dependencies(): Promise<{ value: void; summary: string }> {
  const res = spawnSync('bash', [path.join(root, 'tools/install-deps.sh'), '--no-browser'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (res.status !== 0) throw new Error(`tools/install-deps.sh failed:\n${res.stdout}${res.stderr}`);
  const did = res.stdout.split('\n').filter((l) => l.startsWith('install-deps:'));
  return { value: undefined, summary: did.length ? did.map((l) => l.replace('install-deps: ', '')).join('; ') : 'system packages and node_modules present' };
}

function stackCli(args: string[], onLine?: (line: string) => void): Promise<number> {
  const child = spawn(node(), ['--import', 'tsx', path.join(root, 'tools/stack/stack.ts'), ...args], {
    cwd: root,
    env: { ...process.env, STACK_SKIP_BROWSER: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const s of [child.stdout, child.stderr]) if (s && onLine) createInterface({ input: s }).on('line', onLine);
  return exited(child).then((c) => c ?? 1);
}

async function stack(): Promise<{ value: boolean; summary: string }> {
  const wasUp = (await stackCli(['status'])) === 0;
  if (!wasUp) say('    the stack is not running: starting it (Go binaries are cached in ~/.cache/flightdeck; a first build takes about 5-6 min on 2 cores, later starts a few seconds)');
  // Quiet when warm; on a cold start the stack's own progress lines say what it builds and how long it takes.
  const lines: string[] = [];
  const code = await stackCli(['up'], (line) => {
    lines.push(line);
    if (!wasUp) say(`    ${line}`);
  });
  if (code !== 0) throw new Error(`the local stack did not come up:\n${lines.slice(-30).join('\n')}`);
  return { value: wasUp, summary: wasUp ? 'already running' : 'started' };
}

async function appBuild(): Promise<{ value: void; summary: string }> {
  const hashFile = path.join(stateDir, 'build-hash');
  const hash = buildHash(root);
  const server = path.join(root, '.next/standalone/server.js');
  if (existsSync(server) && existsSync(hashFile) && readFileSync(hashFile, 'utf8').trim() === hash) {
    return { value: undefined, summary: `standalone build is current (sources ${hash.slice(0, 8)})` };
  }
  say(`    building the standalone app (npm run build: about 40 s on 2 cores; output in .demo/build.log)`);
  const child = spawn('npm', ['run', 'build'], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  remember('build', child, 'npm');
  const tail = logTo(child, path.join(stateDir, 'build.log'));
  const code = await exited(child);
  started.splice(started.findIndex((s) => s.role === 'build'), 1);
  children.delete('build');
  writePids(pidsFile, started);
  if (code !== 0) throw new Error(`npm run build failed (exit ${code}):\n${tail()}`);
  writeFileSync(hashFile, `${hash}\n`);
  return { value: undefined, summary: `built (sources ${hash.slice(0, 8)})` };
}

function portInUse(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function ingestToken(): string {
  const file = path.join(stateDir, 'ingest-token');
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(24).toString('hex')}\n`, { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

function stackEnv(): Record<string, string> {
  const dir = path.resolve(process.env.STACK_DIR || path.join(root, '.stack'));
  return parseEnvFile(readFileSync(path.join(dir, 'env'), 'utf8'));
}

/** The environment of the driver and the app: the stack's, where the caller's does not set a variable. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(stackEnv())) if (env[k] === undefined) env[k] = v;
  return { ...env, ...extra };
}

/** Starts the driver; resolves when its backfill is done and live activity runs. */
function startDriver(token: string): Promise<void> {
  const child = spawn(node(), ['--import', 'tsx', path.join(root, 'tools/demo/driver.ts'), '--rate', values.rate, '--backfill-days', values['backfill-days'], '--flightdeck', url], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv({ READINESS_INGEST_TOKEN: token }),
  });
  remember('driver', child, 'tools/demo/driver.ts');
  const log = createWriteStream(path.join(stateDir, 'driver.log'), { flags: 'a' });
  let ready = false;
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    for (const s of [child.stdout, child.stderr]) {
      if (!s) continue;
      createInterface({ input: s }).on('line', (line) => {
        log.write(`${new Date().toISOString()} ${line}\n`);
        if (!ready) {
          lines.push(line);
          if (/^\[driver\] (backfill|reports):/.test(line)) say(`    ${line}`);
          if (line.startsWith('[driver] ready:')) {
            ready = true;
            resolve();
          }
        } else if (!stopping) {
          say(line);
        }
      });
    }
    void exited(child).then((code) => {
      if (!ready) reject(new Error(`the activity driver exited (${code}) before it was ready:\n${lines.slice(-20).join('\n')}`));
      else if (!stopping) {
        say(`the activity driver exited (${code}); see .demo/driver.log`);
        void shutdown(1);
      }
    });
  });
}

/** Starts the standalone server in the README's local mode (loopback, serviceaccount) and waits until it answers. */
async function startApp(token: string): Promise<void> {
  const server = path.join(root, '.next/standalone/server.js');
  const child = spawn(node(), [server], {
    cwd: path.dirname(server),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv({
      HOSTNAME: host,
      PORT: String(port),
      NODE_ENV: 'production',
      READINESS_INGEST_TOKEN: token,
      // Ctrl-C should not wait for a load balancer that is not there.
      SHUTDOWN_DELAY_MS: '0',
      SHUTDOWN_TIMEOUT_MS: '5000',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    }),
  });
  // Next.js renames its process (process.title): /proc/<pid>/cmdline reads "next-server (vX)".
  remember('app', child, 'next-server');
  const tail = logTo(child, path.join(stateDir, 'app.log'));
  let gone = false;
  void exited(child).then((code) => {
    gone = true;
    if (!stopping && answered) {
      say(`Flightdeck exited (${code}); see .demo/app.log`);
      void shutdown(1);
    }
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`Flightdeck exited before it answered:\n${tail()}`);
    try {
      const res = await fetch(`${url}/api/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) {
        answered = true;
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`Flightdeck did not answer at ${url} within 2 minutes:\n${tail()}`);
}

// ---------------------------------------------------------------------------
// Stopping

let stopping = false;
let answered = false;
let stackWasUp = true;

/** Stops what this demo started, by process id: SIGTERM, then SIGKILL after 10 s. */
async function stopStarted(): Promise<string[]> {
  const stopped: string[] = [];
  await Promise.all(
    [...started].map(async (p) => {
      const child = children.get(p.role);
      if (!alive(p.pid)) return;
      // The build runs npm → next: its process group; the others are single processes.
      const target = p.role === 'build' ? -p.pid : p.pid;
      try {
        process.kill(target, 'SIGTERM');
      } catch {
        return;
      }
      const done = child ? exited(child) : Promise.resolve(null);
      const killed = await Promise.race([done.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 10_000))]);
      if (killed && alive(p.pid)) process.kill(target, 'SIGKILL');
      stopped.push(`${p.role === 'app' ? 'Flightdeck' : p.role} (pid ${p.pid})`);
    }),
  );
  started.length = 0;
  writePids(pidsFile, started);
  return stopped;
}

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('\nstopping…');
    const stopped = await stopStarted();
    if (stopped.length) say(`stopped ${stopped.join(', ')}`);
    say(
      stackWasUp
        ? 'The local stack keeps running (it was running before the demo): npm run stack:down stops it.'
        : 'The local stack keeps running so the next `npm run demo` is ready in seconds: npm run stack:down stops it.',
    );
  }
  process.exit(code);
}

/** Stops processes a previous demo left (its pids file), after checking they are still that demo's. */
async function stopLeftovers(): Promise<void> {
  for (const p of readPids(pidsFile)) {
    if (!stillOurs(p)) continue;
    say(`  stopping ${p.role} (pid ${p.pid}) left by an earlier demo`);
    try {
      process.kill(p.role === 'build' ? -p.pid : p.pid, 'SIGTERM');
    } catch {
      continue;
    }
    for (let i = 0; i < 100 && alive(p.pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (alive(p.pid)) process.kill(p.pid, 'SIGKILL');
  }
  writePids(pidsFile, []);
}

async function main(): Promise<void> {
  mkdirSync(stateDir, { recursive: true });
  process.on('SIGINT', () => void shutdown(130));
  process.on('SIGTERM', () => void shutdown(143));
  await stopLeftovers();
  if (values.reset) {
    say('Flightdeck demo: removing what it created');
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(node(), ['--import', 'tsx', path.join(root, 'tools/demo/driver.ts'), '--reset'], { cwd: root, stdio: 'inherit', env: childEnv({}) });
      child.on('exit', resolve);
    });
    process.exit(code ?? 1);
  }
  say(`Flightdeck demo (${values.rate} remediations a minute; Ctrl-C stops)`);
  await step(1, 'dependencies', dependencies);
  stackWasUp = await step(2, 'local stack', stack);
  await step(3, 'app build', appBuild);
  if (await portInUse()) throw new Error(`port ${port} is in use: stop what listens there or set PORT`);
  const token = ingestToken();
  const driverReady = step(4, 'history', async () => {
    await startDriver(token);
    return { value: undefined, summary: 'backfilled; live driver running (see its lines below)' };
  });
  const appReady = step(5, 'app', async () => {
    await startApp(token);
    return { value: undefined, summary: `answers at ${url} (auth: serviceaccount on loopback)` };
  });
  await Promise.all([driverReady, appReady]);
  say(`\nFlightdeck is ready at ${url} (${seconds(Date.now() - t0)})\n`);
}

main().catch(async (err: unknown) => {
  process.stderr.write(`\nnpm run demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  await shutdown(1);
});
