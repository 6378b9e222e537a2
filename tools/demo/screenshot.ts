// Screenshots of a running demo for the README, taken with Playwright and Debian's
// Chromium exactly as the E2E tests launch it:
//
//   npm run demo   # in another terminal, let it run a minute or two
//   node --import tsx tools/demo/screenshot.ts [--url http://127.0.0.1:3000] [--out docs]
//
// Writes <out>/demo-overview.png (the overview, light) and <out>/demo-readiness.png.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';

const { values } = parseArgs({ options: { url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT || 3000}` }, out: { type: 'string', default: 'docs' } } });
const out = path.resolve(values.out);
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, colorScheme: 'light', reducedMotion: 'reduce' });
  for (const [route, file] of [
    ['/', 'demo-overview.png'],
    ['/readiness', 'demo-readiness.png'],
  ] as const) {
    await page.goto(`${values.url}${route}`, { waitUntil: 'networkidle' });
    // Let the live stream and the charts settle.
    await page.waitForTimeout(2_500);
    await page.screenshot({ path: path.join(out, file), fullPage: false });
    process.stdout.write(`${path.relative(process.cwd(), path.join(out, file))}\n`);
  }
} finally {
  await browser.close();
}
