/**
 * Completes `next build`'s standalone output into the directory a container runs:
 * `.next/standalone/server.js` does not serve `public/` or `.next/static/` unless they sit
 * beside it. Run by `npm run build` after `next build`; the Dockerfile copies the result.
 *
 *   node --import tsx tools/standalone.ts
 */
import { cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const standalone = path.join(root, '.next', 'standalone');

if (!existsSync(path.join(standalone, 'server.js'))) {
  process.stderr.write('standalone: .next/standalone/server.js is missing; run `next build` first (next.config.mjs sets output: standalone)\n');
  process.exit(1);
}
for (const [from, to] of [
  [path.join(root, 'public'), path.join(standalone, 'public')],
  [path.join(root, '.next', 'static'), path.join(standalone, '.next', 'static')],
] as const) {
  rmSync(to, { recursive: true, force: true });
  if (existsSync(from)) cpSync(from, to, { recursive: true });
}
// A cache written during the build has no place in the artifact; at run time it is an
// emptyDir (the root file system is read-only).
rmSync(path.join(standalone, '.next', 'cache'), { recursive: true, force: true });
process.stdout.write(`standalone: ${path.relative(root, standalone)}/server.js ready (public/ and .next/static copied beside it)\n`);
