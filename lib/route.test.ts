import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('next/headers', () => ({
  headers: async () => new Headers({ 'x-request-id': 'req-42' }),
}));

// The unit tests act as the loopback workstation mode; other modes need the real
// kube-apiserver (tests/integration/auth.test.ts).
process.env.AUTH_MODE = 'serviceaccount';
const { handle, pageIdentity } = await import('./route');

const APP = path.resolve(__dirname, '..', 'app');

function filesNamed(dir: string, name: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesNamed(full, name));
    else if (entry.name === name) out.push(full);
  }
  return out.sort();
}

const rel = (file: string) => path.relative(path.dirname(APP), file);
const METHOD_EXPORT = /export\s+(?:async\s+)?(?:const|function|let|var)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b[^\n]*/g;
/** Identity is built and authorized in lib/route.ts only: nothing under app/ builds its own. */
const BYPASS = /@\/lib\/identity|from 'next\/headers'|new Request\(/;

/** Pages anyone may open; each still goes through lib/route.ts (publicPage logs it). */
const PUBLIC_PAGES = new Set(['app/sign-in/page.tsx']);

describe('every page and route handler authorizes through lib/route.ts', () => {
  const pages = filesNamed(APP, 'page.tsx');
  const routes = filesNamed(APP, 'route.ts');

  it('finds the pages and handlers', () => {
    expect(pages.length).toBeGreaterThanOrEqual(8);
    expect(routes.length).toBeGreaterThanOrEqual(20);
  });

  it.each(pages.map((f) => [rel(f), f]))('%s calls pageIdentity(permission) in its default export', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    const page = source.slice(source.indexOf('export default'));
    expect(source).toContain('export default');
    if (PUBLIC_PAGES.has(rel(file))) expect(page).toMatch(/await publicPage\(\)/);
    else expect(page).toMatch(/await pageIdentity\('[a-z]+:[a-z]+'\)/);
    expect(source).not.toMatch(BYPASS);
  });

  it.each(routes.map((f) => [rel(f), f]))('%s wraps every method in handle(permission, ...)', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    const methods = [...source.matchAll(METHOD_EXPORT)].map((m) => m[0]);
    expect(methods.length).toBeGreaterThan(0);
    for (const line of methods) expect(line).toMatch(/^export const [A-Z]+ = handle(<[^>]*>)?\('[a-z]+:[a-z]+',/);
    expect(source).not.toMatch(BYPASS);
  });
});

describe('routes without sign-in', () => {
  // Only the probes and report ingest (which checks its own token) may skip sign-in.
  const PUBLIC_ROUTES: Record<string, string> = {
    'app/api/healthz/route.ts': 'health:read',
    'app/api/readyz/route.ts': 'health:read',
    'app/api/v1/readiness/reports/route.ts': 'readiness:ingest',
    'app/api/auth/sign-in/route.ts': 'session:create',
    'app/api/auth/sign-out/route.ts': 'session:delete',
  };
  const PUBLIC_PERMISSIONS = new Set(Object.values(PUBLIC_ROUTES));
  it('no other page or handler uses a public permission', () => {
    const files = [...filesNamed(APP, 'page.tsx'), ...filesNamed(APP, 'route.ts')];
    for (const file of files) {
      const used = [...readFileSync(file, 'utf8').matchAll(/(?:handle(?:<[^>]*>)?|pageIdentity)\('([a-z]+:[a-z]+)'/g)].map((m) => m[1]);
      for (const permission of used) {
        if (permission && PUBLIC_PERMISSIONS.has(permission)) expect(PUBLIC_ROUTES[rel(file)], `${rel(file)} uses ${permission}`).toBe(permission);
      }
    }
  });
});

describe('pageIdentity', () => {
  it('builds the identity from the request headers and authorizes it', async () => {
    await expect(pageIdentity('executions:read')).resolves.toMatchObject({ mode: 'serviceaccount', subject: 'flightdeck', person: null, requestId: 'req-42' });
  });

  it('handle() gives the handler the same identity', async () => {
    const route = handle('audit:read', async (_request, { identity }) => Response.json(identity));
    const res = await route(new Request('http://x/api/v1/audit/events', { headers: { 'x-request-id': 'req-7' } }), { params: Promise.resolve({}) });
    expect(await res.json()).toMatchObject({ mode: 'serviceaccount', requestId: 'req-7' });
  });
});
