// Runs a command with the local stack's environment:
//
//   node --import tsx tools/with-stack-env.ts <cmd> [args...]   (npm run dev / start)
//
// Variables from .stack/env (or $STACK_DIR/env) are added only where the environment
// does not already set them, so an explicit KUBECONFIG=... always wins. Without a stack
// env file the command runs unchanged (e.g. `npm start` in a real deployment).
// Binaries are resolved from node_modules/.bin first, as `npm run` would.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Parses the KEY=value lines written by tools/stack (values may be single-quoted). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    const key = m?.[1];
    let value = m?.[2];
    if (key === undefined || value === undefined) continue;
    if (value.startsWith("'")) {
      // POSIX single quotes, with '\'' for an embedded quote.
      value = value.replace(/'\\''/g, "\u0000").replace(/^'|'$/g, '').replace(/\u0000/g, "'");
    } else if (value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1);
    }
    out[key] = value;
  }
  return out;
}

function loadStackEnv(): Record<string, string> {
  const dir = path.resolve(process.env.STACK_DIR || path.join(repoRoot, '.stack'));
  try {
    return parseEnvFile(fs.readFileSync(path.join(dir, 'env'), 'utf8'));
  } catch {
    return {};
  }
}

function main(argv: string[]): void {
  if (!argv.length) {
    process.stderr.write('usage: node --import tsx tools/with-stack-env.ts <cmd> [args...]\n');
    process.exit(2);
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(loadStackEnv())) {
    if (env[key] === undefined) env[key] = value;
  }
  const binDir = path.join(repoRoot, 'node_modules', '.bin');
  env.PATH = [binDir, env.PATH].filter(Boolean).join(path.delimiter);

  const [cmd = '', ...args] = argv;
  const child = spawn(cmd, args, { stdio: 'inherit', env });

  // Forward termination signals so dev servers shut down cleanly; the child decides.
  const forward = (sig: NodeJS.Signals) => () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
  const handlers = signals.map((sig) => [sig, forward(sig)] as const);
  for (const [sig, fn] of handlers) process.on(sig, fn);

  child.on('error', (err) => {
    process.stderr.write(`with-stack-env: cannot run ${cmd}: ${err.message}\n`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => {
    for (const [sig, fn] of handlers) process.off(sig, fn);
    if (signal) {
      // Die by the same signal so callers (npm, shells) see the real cause.
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
