import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../db';
import { AppError } from '../errors';
import { ingestQuerySchema } from '../schemas/readiness';
import { checkDeclaredLength, checkIngestToken, ingestReport } from './ingest';

const TOKEN = 'unit-test-token-0123456789';

function problem(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('checkIngestToken', () => {
  it('accepts the configured bearer token', () => {
    expect(() => checkIngestToken(`Bearer ${TOKEN}`, TOKEN)).not.toThrow();
    expect(() => checkIngestToken(`bearer ${TOKEN}`, TOKEN)).not.toThrow();
  });

  it('answers 401 with a challenge for a missing, malformed or wrong token', () => {
    for (const header of [null, '', TOKEN, `Basic ${TOKEN}`, 'Bearer wrong', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`]) {
      const err = problem(() => checkIngestToken(header, TOKEN));
      expect(err.status).toBe(401);
      expect(err.headers['www-authenticate']).toContain('Bearer');
    }
  });

  it('answers 403 naming the setting when ingest is disabled', () => {
    const err = problem(() => checkIngestToken(`Bearer ${TOKEN}`, undefined));
    expect(err.status).toBe(403);
    expect(err.code).toBe('forbidden:ingest_disabled');
    expect(err.message).toContain('READINESS_INGEST_TOKEN');
  });
});

describe('checkDeclaredLength', () => {
  it('rejects a declared body over the limit with 413 before reading it', () => {
    expect(problem(() => checkDeclaredLength('1001', 1000)).status).toBe(413);
    expect(() => checkDeclaredLength('1000', 1000)).not.toThrow();
    expect(() => checkDeclaredLength(null, 1000)).not.toThrow();
  });
});

describe('ingestReport', () => {
  let dir: string;
  let db: Db;
  const meta = ingestQuerySchema.parse({ service: 'ingest-unit', tier: 'unit', runId: 'one' });
  const good = '<testsuite name="s" tests="2"><testcase name="a"/><testcase name="b"><failure message="x"/></testcase></testsuite>';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fd-readiness-ingest-'));
    db = await openDb({ dataDir: dir });
  }, 60_000);

  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function runs(): Promise<number> {
    const [row] = await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM readiness_runs WHERE service = 'ingest-unit'`);
    return Number(row?.n);
  }

  async function rejection(body: string | Uint8Array, contentType: string | null, maxBytes = 1_000_000): Promise<AppError> {
    const err = await ingestReport(db, meta, body, { contentType, maxBytes }).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
    return err;
  }

  it('stores a gzip-compressed report', async () => {
    const res = await ingestReport(db, meta, gzipSync(good), { contentType: 'application/gzip', maxBytes: 1_000_000 });
    expect(res).toMatchObject({ format: 'junit', totals: { tests: 2, passed: 1, failed: 1 }, url: `/readiness/runs/${res.id}` });
  });

  it('answers 400 naming the line and column of malformed XML, and stores nothing', async () => {
    const before = await runs();
    const err = await rejection('<testsuite name="s">\n  <testcase name="a">\n  </testsuit>\n', 'application/xml');
    expect(err.status).toBe(400);
    expect(err.extensions.line).toBe(3);
    expect(err.message).toMatch(/line 3/);
    expect(await runs()).toBe(before);
  });

  it('answers 400 for a truncated report', async () => {
    const err = await rejection(good.slice(0, 60), 'application/xml');
    expect(err.status).toBe(400);
  });

  it('answers 413 when the body is over the limit, and when it inflates over the limit', async () => {
    const big = `<testsuite name="s">${'<testcase name="a"/>'.repeat(1000)}</testsuite>`;
    expect((await rejection(big, 'application/xml', 5_000)).status).toBe(413);
    const bomb = gzipSync(`<testsuite name="s">${'<testcase name="a"/>'.repeat(500_000)}</testsuite>`);
    expect(bomb.length).toBeLessThan(100_000);
    expect((await rejection(bomb, null, 100_000)).status).toBe(413);
  });

  it('answers 415 for a body that is no known report format', async () => {
    const err = await rejection('just some text\n', 'text/plain');
    expect(err.status).toBe(415);
  });

  it('refuses XML entity expansion (billion laughs) with 400', async () => {
    const lol = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<testsuite name="&lol3;"><testcase name="&lol3;"/></testsuite>`;
    const before = await runs();
    const err = await rejection(lol, 'application/xml');
    expect(err.status).toBe(400);
    expect(await runs()).toBe(before);
  });
});
