/**
 * PostgreSQL goes away for 10 s while CI uploads reports to the standalone server:
 * uploads fail with 503 and Retry-After (never a 500), nothing is half stored, and the
 * server recovers without a restart once the database is back.
 *
 * This stops the shared stack's PostgreSQL (Data Storage's database too) for about 10 s:
 * other suites running at that moment see it down.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedDatabase, standaloneMissing, startStandalone, type StandaloneServer } from './standalone';

const RUN = randomBytes(3).toString('hex');
const TOKEN = `outage-ingest-token-${RUN}-00`;
const SERVICE = `outage-${RUN}`;
const CASES = 300;
const missing = standaloneMissing();

function stack(...args: string[]): void {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'tools/stack/stack.ts', ...args], { encoding: 'utf8', env: process.env });
  if (res.status !== 0) throw new Error(`stack ${args.join(' ')} failed: ${res.stderr}${res.stdout}`);
}

const junit = `<?xml version="1.0"?>\n<testsuites><testsuite name="outage" tests="${CASES}">${Array.from({ length: CASES }, (_, i) => `<testcase classname="outage" name="case ${i}" time="0.001"/>`).join('')}</testsuite></testsuites>\n`;

describe.skipIf(missing !== null)(`a PostgreSQL outage during ingest${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let server: StandaloneServer;
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let postgresStopped = false;

  beforeAll(async () => {
    database = await isolatedDatabase(`outage_${RUN}`);
    server = await startStandalone({ env: { DATABASE_URL: database.url, READINESS_INGEST_TOKEN: TOKEN, LOG_LEVEL: 'warn' } });
  });

  afterAll(async () => {
    if (postgresStopped) stack('start', 'postgres');
    await server?.stop();
    await database?.drop();
  });

  const upload = (runId: string) =>
    fetch(`${server.url}/api/v1/readiness/reports?service=${SERVICE}&tier=unit&runId=${runId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/xml' },
      body: junit,
    });

  it('answers 503 with Retry-After while it is down, stores nothing half, and recovers without a restart', async () => {
    const outcomes = new Map<string, number>();
    const first = await upload('before');
    expect(first.status, await first.clone().text()).toBe(201);
    outcomes.set('before', 201);

    // Uploads keep coming while PostgreSQL stops (some in flight at that moment).
    let n = 0;
    let uploading = true;
    const retryAfter = new Set<string | null>();
    const uploader = (async () => {
      while (uploading) {
        const runId = `r${n++}`;
        const res = await upload(runId);
        outcomes.set(runId, res.status);
        if (res.status === 503) retryAfter.add(res.headers.get('retry-after'));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    await new Promise((r) => setTimeout(r, 500));
    stack('stop', 'postgres');
    postgresStopped = true;
    const downSince = Date.now();
    await new Promise((r) => setTimeout(r, 10_000 - (Date.now() - downSince)));
    stack('start', 'postgres');
    postgresStopped = false;

    // Recovery without a restart: an upload succeeds again within seconds.
    const deadline = Date.now() + 30_000;
    let recovered = 0;
    while (Date.now() < deadline && !recovered) {
      const runId = `after${n++}`;
      const res = await upload(runId);
      outcomes.set(runId, res.status);
      if (res.status === 201) recovered = Date.now();
      else await new Promise((r) => setTimeout(r, 250));
    }
    uploading = false;
    await uploader;
    expect(recovered, 'an upload succeeded after PostgreSQL came back').toBeGreaterThan(0);
    expect(server.child.exitCode).toBeNull();

    const statuses = [...outcomes.values()];
    const errors = server.output().split('\n').filter((l) => l.includes('unhandled error')).slice(0, 3).join('\n');
    expect(statuses.filter((s) => s !== 201 && s !== 503), errors).toEqual([]);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(5);
    expect([...retryAfter]).toEqual(['5']);

    // Every 201 upload is stored whole; no 503 upload left a row or a partial run.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const rows = (await client.query<{ run_id: string; tests: number; cases: string }>(
        `SELECT r.run_id, r.tests, (SELECT count(*) FROM readiness_cases c WHERE c.run_pk = r.id)::text AS cases FROM readiness_runs r WHERE r.service = $1`,
        [SERVICE],
      )).rows;
      const stored = new Map(rows.map((r) => [r.run_id, r]));
      for (const [runId, status] of outcomes) {
        if (status === 201) expect(stored.get(runId), runId).toMatchObject({ tests: CASES, cases: String(CASES) });
        else expect(stored.has(runId), `${runId} answered ${status} but is stored`).toBe(false);
      }
    } finally {
      await client.end();
    }
  }, 90_000);
});
