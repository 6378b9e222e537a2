import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHash, buildInputs } from './build-hash';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  dir = mkdtempSync(path.join(os.tmpdir(), 'fd-build-hash-'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

describe('the standalone build key', () => {
  it('covers app sources and build configuration but not tests or tools', () => {
    const root = tree({ 'app/page.tsx': 'a', 'lib/x.ts': 'b', 'lib/x.test.ts': 't', 'components/c.test.tsx': 't', 'tools/demo/demo.ts': 'd', 'package-lock.json': '{}', 'README.md': '#' });
    expect(buildInputs(root)).toEqual(['app/page.tsx', 'lib/x.ts', 'package-lock.json']);
  });

  it('changes when a source changes and not when a test does', () => {
    const root = tree({ 'app/page.tsx': 'a', 'lib/x.test.ts': 't' });
    const before = buildHash(root);
    writeFileSync(path.join(root, 'lib/x.test.ts'), 'changed');
    expect(buildHash(root)).toBe(before);
    writeFileSync(path.join(root, 'app/page.tsx'), 'b');
    expect(buildHash(root)).not.toBe(before);
  });
});
