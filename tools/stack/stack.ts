// Local development/test stack for Flightdeck: a real kube-apiserver (+ etcd) with
// Kubernaut's CRDs, PostgreSQL, Redis, Kubernaut Data Storage and Kubernaut's
// WorkflowExecution controller and AuthWebhook, all on 127.0.0.1.
// See tools/stack/README.md. Run with tsx: `npx tsx tools/stack/stack.ts <command>`.
import fs from 'node:fs';
import { ensureHelmBinary, ensureSignInBinaries } from './build';
import { errorMessage } from './util';
import { logFile, tailLog } from './proc';
import { cfg, paths } from './config';
import {
  StackError,
  ensureStackUp,
  restartComponent,
  stackStatus,
  startComponent,
  stopComponent,
  stopStack,
} from './lib';

const USAGE = `usage: npx tsx tools/stack/stack.ts <command>

  up                     start (or reuse) everything; writes .stack/env and .stack/env.json
                         (STACK_CONTROLLERS=0: without Kubernaut's controller and webhook)
  down                   stop everything this stack started (data is kept)
  status                 one line per component; exit 1 if any is down
  restart-datastorage    stop + start Data Storage (--kill: SIGKILL instead of graceful)
  stop-datastorage       stop Data Storage only (--kill: SIGKILL, like a crash)
  start-datastorage      start Data Storage only (the rest must be up)
  start|stop|restart <component>
                         kube-apiserver | postgres | redis | datastorage | authwebhook | workflowexecution
  logs <component> [n]   last n (default 50) lines of a component's log
  env                    print .stack/env
  sign-in-binaries       build (or reuse) oauth2-proxy and the test OpenID provider; prints their paths as JSON
  helm-binary            build (or reuse) Helm for the chart tests (up does not); prints its path as JSON
  reset                  down, then delete the stack directory (etcd and database data too)
`;

function fail(err: unknown): never {
  const component = err instanceof StackError ? err.component : 'stack';
  process.stderr.write(`[stack] FAILED at ${component}: ${errorMessage(err)}\n`);
  const file = (err instanceof StackError ? err.logFile : undefined) ?? (fs.existsSync(logFile(component)) ? logFile(component) : null);
  if (file) process.stderr.write(`----- last 30 lines of ${file} -----\n${tailLog(file, 30)}\n-----\n`);
  if (process.env.STACK_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exit(1);
}

async function main(argv: string[]): Promise<number> {
  const kill = argv.includes('--kill');
  const [cmd, ...args] = argv.filter((a) => a !== '--kill');
  switch (cmd) {
    case 'up':
      await ensureStackUp();
      return 0;
    case 'down':
      await stopStack();
      return 0;
    case 'status': {
      const { ok, lines } = await stackStatus();
      process.stdout.write(`${lines.join('\n')}\n`);
      return ok ? 0 : 1;
    }
    case 'restart-datastorage':
      await restartComponent('datastorage', { kill });
      return 0;
    case 'stop-datastorage':
      await stopComponent('datastorage', { kill });
      return 0;
    case 'start-datastorage':
      await startComponent('datastorage');
      return 0;
    case 'start':
    case 'stop':
    case 'restart': {
      if (!args[0]) throw new Error(`${cmd} needs a component name\n${USAGE}`);
      const fn = { start: startComponent, stop: stopComponent, restart: restartComponent }[cmd];
      await fn(args[0], { kill });
      return 0;
    }
    case 'logs': {
      if (!args[0]) throw new Error(`logs needs a component name\n${USAGE}`);
      process.stdout.write(`${tailLog(logFile(args[0]), Number(args[1]) || 50)}\n`);
      return 0;
    }
    case 'sign-in-binaries': {
      fs.mkdirSync(paths.logs, { recursive: true });
      process.stdout.write(`${JSON.stringify(await ensureSignInBinaries(paths.logs))}\n`);
      return 0;
    }
    case 'helm-binary': {
      fs.mkdirSync(paths.logs, { recursive: true });
      process.stdout.write(`${JSON.stringify({ helm: await ensureHelmBinary(paths.logs) })}\n`);
      return 0;
    }
    case 'env':
      process.stdout.write(fs.readFileSync(paths.env, 'utf8'));
      return 0;
    case 'reset': {
      // STACK_DIR is user-controlled: only ever delete a directory this tool created.
      const looksLikeStack = ['pids', 'state.json', 'certs'].some((f) => fs.existsSync(`${cfg.stackDir}/${f}`));
      if (fs.existsSync(cfg.stackDir) && !looksLikeStack) {
        throw new Error(`${cfg.stackDir} does not look like a stack directory; not deleting it`);
      }
      await stopStack();
      fs.rmSync(paths.env, { force: true });
      fs.rmSync(paths.envJson, { force: true });
      // Only the stack directory; binaries in ~/.cache/flightdeck stay.
      fs.rmSync(cfg.stackDir, { recursive: true, force: true });
      process.stdout.write(`[stack] removed ${cfg.stackDir}\n`);
      return 0;
    }
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return cmd ? 0 : 2;
    default:
      process.stderr.write(`unknown command: ${cmd}\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), fail);
