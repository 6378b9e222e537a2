/**
 * What the container runs, run here: the standalone server from a working directory it
 * cannot write (the image's root file system is read-only and the server is not root),
 * with the production environment the chart gives it, against the local stack.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IngestResult, ReadinessOverview } from '@/lib/schemas/readiness';
import { STANDALONE_DIR, standaloneMissing, startStandalone, type StandaloneServer } from './standalone';

/** The image's user id is 10001; any id that owns nothing in the checkout shows the same. */
const UNPRIVILEGED = 65534;
const missing = standaloneMissing();
const servers: StandaloneServer[] = [];

afterAll(async () => {
  for (const s of servers) await s.stop();
});

describe.skipIf(missing !== null)(`the standalone server${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('cannot write its own directory when run as an unprivileged user', () => {
    const probe = spawnSync(process.execPath, ['-e', "require('fs').writeFileSync('.probe', 'x')"], { cwd: STANDALONE_DIR, uid: UNPRIVILEGED, gid: UNPRIVILEGED, encoding: 'utf8' });
    expect(probe.status).not.toBe(0);
    expect(probe.stderr).toMatch(/EACCES|EROFS/);
  });

  it('serves health, readiness and a page from a read-only working directory', async () => {
    const server = await startStandalone({ uid: UNPRIVILEGED });
    servers.push(server);
    const health = await fetch(`${server.url}/api/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${server.url}/api/readyz`);
    expect(ready.status, await ready.clone().text()).toBe(200);
    const page = await fetch(`${server.url}/executions`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html');
    // The page's scripts come from .next/static, copied beside server.js by the build.
    const script = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
    expect(script).toBeDefined();
    expect((await fetch(`${server.url}${script}`)).status).toBe(200);
    expect((await fetch(`${server.url}/favicon.svg`)).status).toBe(200);
    expect(server.output()).not.toMatch(/EACCES|EROFS|read-only file system/i);
    // On PostgreSQL, MEMORY_PROFILE=auto keeps V8's defaults.
    expect(server.output()).not.toContain('memory profile');
  });

  it('runs on the embedded store in the small memory profile: a report uploaded is stored and served, and the profile is logged', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fd-embedded-'));
    try {
      const token = 'embedded-store-ingest-token';
      const server = await startStandalone({ env: { DATABASE_URL: '', FLIGHTDECK_DATA_DIR: dataDir, READINESS_INGEST_TOKEN: token } });
      servers.push(server);
      const profileLine = server.output().split('\n').find((l) => l.includes('"memory profile: small"'));
      expect(profileLine, server.output()).toBeDefined();
      expect((JSON.parse(profileLine ?? '{}') as { v8Flags?: string[] }).v8Flags).toEqual(['--optimize-for-size', '--liftoff-only']);
      const report = '<testsuite name="s" tests="2"><testcase classname="c" name="passes" time="0.1"/><testcase classname="c" name="fails" time="0.2"><failure message="boom">boom</failure></testcase></testsuite>';
      const upload = await fetch(`${server.url}/api/v1/readiness/reports?service=embedded-svc&tier=unit&commit=abc1234`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' },
        body: report,
      });
      expect(upload.status, await upload.clone().text()).toBe(201);
      const stored = (await upload.json()) as IngestResult;
      expect(stored.totals).toMatchObject({ tests: 2, failed: 1 });
      const overview = await fetch(`${server.url}/api/v1/readiness`);
      expect(overview.status).toBe(200);
      const svc = ((await overview.json()) as ReadinessOverview).services.find((s) => s.service === 'embedded-svc');
      expect(svc?.cells.unit).toBeDefined();
      expect(svc?.ready).toBe(false);
      await server.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
