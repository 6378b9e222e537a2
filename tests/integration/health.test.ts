/**
 * /api/healthz and /api/readyz against the real local stack: the real API server, the
 * real Data Storage (with real tokens) and Flightdeck's PostgreSQL. Outages are made by
 * pointing Flightdeck at a closed port, never by imitating an upstream.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GET as healthz } from '@/app/api/healthz/route';
import { GET as readyz } from '@/app/api/readyz/route';
import { resetTokenCacheForTests } from '@/lib/datastorage/http';
import { resetEnvForTests } from '@/lib/env';
import { resetKubeConfigForTests } from '@/lib/k8s/client';
import { readinessReportSchema, type ReadinessReport } from '@/lib/schemas/health';
import { readToken, stackVar } from './stack';

const ctx = { params: Promise.resolve({}) };
const saved = { ...process.env };

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function configure(overrides: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvForTests();
  resetKubeConfigForTests();
  resetTokenCacheForTests();
}

async function ready(): Promise<{ res: Response; report: ReadinessReport; text: string }> {
  const res = await readyz(new Request('http://flightdeck.test/api/readyz'), ctx);
  const text = await res.text();
  return { res, report: readinessReportSchema.parse(JSON.parse(text)), text };
}

const statuses = (report: ReadinessReport) => Object.fromEntries(report.components.map((c) => [c.name, c.status]));

describe('GET /api/healthz', () => {
  it('answers 200 ok', async () => {
    const res = await healthz(new Request('http://flightdeck.test/api/healthz'), ctx);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /api/readyz', () => {
  beforeEach(() => configure({}));
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    configure({});
  });

  it('is ready when the API server, Data Storage and the database answer', async () => {
    const { res, report } = await ready();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(report.status).toBe('ready');
    expect(statuses(report)).toEqual({ kubernetes: 'up', datastorage: 'up', database: 'up' });
    const byName = Object.fromEntries(report.components.map((c) => [c.name, c]));
    expect(byName.kubernetes?.message).toMatch(/^API server v\d+\.\d+/);
    expect(byName.database?.message).toBe('PostgreSQL');
    expect(report.components.every((c) => c.required)).toBe(true);
  });

  it('is not ready (503) when Data Storage is unreachable, and says which one', async () => {
    configure({ DATASTORAGE_URL: `http://127.0.0.1:${await closedPort()}` });
    const { res, report } = await ready();
    expect(res.status).toBe(503);
    expect(report.status).toBe('not_ready');
    expect(statuses(report)).toEqual({ kubernetes: 'up', datastorage: 'down', database: 'up' });
    expect(report.components.find((c) => c.name === 'datastorage')?.message).toMatch(/unreachable/i);
  });

  it('stays ready but degraded when Data Storage is down and DATASTORAGE_REQUIRED=false', async () => {
    configure({ DATASTORAGE_URL: `http://127.0.0.1:${await closedPort()}`, DATASTORAGE_REQUIRED: 'false' });
    const { res, report } = await ready();
    expect(res.status).toBe(200);
    expect(report.status).toBe('degraded');
    expect(report.components.find((c) => c.name === 'datastorage')).toMatchObject({ status: 'down', required: false });
  });

  it('reports Data Storage down when it refuses Flightdeck’s token, without leaking the token', async () => {
    const tokenFile = stackVar('STACK_NOREADER_TOKEN_FILE');
    configure({ DATASTORAGE_TOKEN_FILE: tokenFile });
    const { res, report, text } = await ready();
    expect(res.status).toBe(503);
    expect(report.components.find((c) => c.name === 'datastorage')?.message).toMatch(/40[13]/);
    expect(text).not.toContain(readToken('STACK_NOREADER_TOKEN_FILE'));
  });

  it('reports Kubernetes down when the API server cannot be reached, without leaking credentials', async () => {
    const original = readFileSync(stackVar('KUBECONFIG'), 'utf8');
    const dir = mkdtempSync(path.join(tmpdir(), 'flightdeck-health-'));
    const broken = path.join(dir, 'kubeconfig');
    writeFileSync(broken, original.replace(/server:\s*\S+/g, `server: https://127.0.0.1:${await closedPort()}`));
    configure({ KUBECONFIG: broken });
    const { res, report, text } = await ready();
    expect(res.status).toBe(503);
    expect(statuses(report)).toEqual({ kubernetes: 'down', datastorage: 'up', database: 'up' });
    expect(report.components.find((c) => c.name === 'kubernetes')?.message).toMatch(/Kubernetes/);
    const token = /token:\s*(\S+)/.exec(original)?.[1] ?? '';
    expect(token.length, 'the stack kubeconfig authenticates with a token').toBeGreaterThan(10);
    expect(text).not.toContain(token);
  });
});
