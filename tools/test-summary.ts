// Sums the JUnit reports of one `npm test` run into a closing line:
//   node --import tsx tools/test-summary.ts <junit.xml>...
import { readFileSync, existsSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.log(`${file}: missing`);
    failed += 1;
    continue;
  }
  const xml = readFileSync(file, 'utf8');
  let p = 0, f = 0, s = 0;
  // Each <testcase> is either self-closing or has a body that may hold failure/error/skipped.
  for (const m of xml.matchAll(/<testcase\b[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = m[2] ?? '';
    if (/<(failure|error)\b/.test(body)) f += 1;
    else if (/<skipped\b/.test(body)) s += 1;
    else p += 1;
  }
  console.log(`${file}: ${p} passed, ${f} failed, ${s} skipped`);
  passed += p; failed += f; skipped += s;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
