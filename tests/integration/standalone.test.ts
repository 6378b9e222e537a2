/**
 * What the container runs, run here: the standalone server from a working directory it
 * cannot write (the image's root file system is read-only and the server is not root),
 * with the production environment the chart gives it, against the local stack.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
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
  });
});
