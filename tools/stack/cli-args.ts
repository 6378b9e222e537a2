// How programs (test setups, Playwright) run the stack CLI: Node itself with tsx's
// loader, one process and no wrapper, so the exit code and signals are the CLI's own.
//
//   spawnSync(process.execPath, stackCliArgs('up'), { stdio: 'inherit' })
import { fileURLToPath } from 'node:url';

const STACK_CLI = fileURLToPath(new URL('./stack.ts', import.meta.url));

/** Node arguments that run `tools/stack/stack.ts <args>` (resolve `tsx` from the repo root: run there). */
export function stackCliArgs(...args: string[]): string[] {
  return ['--import', 'tsx', STACK_CLI, ...args];
}
