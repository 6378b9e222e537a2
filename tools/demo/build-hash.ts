/**
 * Whether the standalone build is current: a hash of everything `next build` reads (the
 * app's sources, public/, the lockfile and the build configuration), compared with the
 * hash recorded after the last build. Test files and tools are not inputs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const BUILD_DIRS = ['app', 'components', 'lib', 'hooks', 'public'] as const;
export const BUILD_FILES = ['next.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json', 'postcss.config.mjs', 'proxy.ts', 'instrumentation.ts', 'tools/standalone.ts'] as const;

/** Files under `dir` that feed the build, sorted (tests and component test setup left out). */
export function buildInputs(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const abs = path.join(root, rel);
    if (!existsSync(abs)) return;
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && !isTestFile(entry.name)) out.push(child);
    }
  };
  for (const d of BUILD_DIRS) walk(d);
  for (const f of BUILD_FILES) if (existsSync(path.join(root, f))) out.push(f);
  return out.sort();
}

export function isTestFile(name: string): boolean {
  return /\.test\.tsx?$/.test(name) || name === 'dom-test-setup.ts';
}

/** sha256 over the inputs' paths and contents. */
export function buildHash(root: string): string {
  const h = createHash('sha256');
  for (const f of buildInputs(root)) {
    const abs = path.join(root, f);
    h.update(`${f}\0${statSync(abs).size}\0`);
    h.update(readFileSync(abs));
  }
  return h.digest('hex');
}
