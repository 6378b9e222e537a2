/**
 * Hostile input against every route and page of a production build on loopback: random
 * and malicious query strings, route params and headers (a bounded, seeded set, so a run
 * takes about a minute and a failure replays). Nothing may answer 5xx because of its
 * input, and no answer may carry a stack trace or a file path. Pages also keep their CSP.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standaloneMissing, startStandalone, type StandaloneServer } from './standalone';

const missing = standaloneMissing();
const skipReason = missing ? ` (skipped: ${missing})` : '';

const APP = path.resolve('app');
const SEED = 20261130;
const PER_ROUTE = 12;

/** Every route handler and page under app/, as URL patterns with [param] segments. */
function routes(dir = APP, prefix = ''): { pattern: string; kind: 'api' | 'page'; methods: string[] }[] {
  const out: { pattern: string; kind: 'api' | 'page'; methods: string[] }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...routes(full, `${prefix}/${entry.name}`));
    else if (entry.name === 'route.ts') {
      const source = readFileSync(full, 'utf8');
      const methods = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) =/g)].map((m) => m[1] as string);
      out.push({ pattern: prefix || '/', kind: 'api', methods });
    } else if (entry.name === 'page.tsx') out.push({ pattern: prefix || '/', kind: 'page', methods: ['GET'] });
  }
  return out;
}

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  "'; DROP TABLE audit_events; --",
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  '%E0%A4%A',
  '{{7*7}}${7*7}',
  '__proto__',
  'constructor',
  '\u202e\u0000\uffff',
  'A'.repeat(5000),
  '-1',
  '1e309',
  'NaN',
  '[]',
  '{"$ne":null}',
  'http://169.254.169.254/latest/meta-data/',
  '2026-13-45T99:99:99Z',
];
const KEYS = ['limit', 'cursor', 'sort', 'order', 'phase', 'namespace', 'q', 'since', 'until', 'event', 'topic', 'sub', 'format', 'execution', 'audit', 'service', 'tier', 'offset', 'event_type', 'x'];

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const STACK_TRACE = /\n\s+at [^\n]+\(|node_modules\/|\.tsx?:\d+:\d+|webpack-internal|at async /;

let server: StandaloneServer;

describe.skipIf(missing !== null)(`hostile input on every route${skipReason}`, () => {
  beforeAll(async () => {
    server = await startStandalone({ env: { AUTH_MODE: 'serviceaccount', LOG_LEVEL: 'error' } });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('answers every route and page without a 5xx caused by input and without a stack trace', async () => {
    const random = prng(SEED);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const all = routes();
    expect(all.length).toBeGreaterThanOrEqual(30);
    const failures: string[] = [];
    let dependency5xx = 0;
    let sent = 0;
    for (const route of all) {
      for (let i = 0; i < PER_ROUTE; i++) {
        const urlPath = route.pattern.replace(/\[[^\]]+\]/g, () => encodeURIComponent(pick(HOSTILE)));
        const query = new URLSearchParams();
        for (let k = 0, n = 1 + Math.floor(random() * 4); k < n; k++) query.append(pick(KEYS), pick(HOSTILE));
        const headers: Record<string, string> = {};
        if (random() < 0.3) headers.authorization = `Bearer ${pick(['', 'x', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.', 'A'.repeat(3000)])}`;
        if (random() < 0.3) headers.cookie = `flightdeck-session=${pick(['x', 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..a.b.c', '%%%'])}`;
        if (random() < 0.3) headers['last-event-id'] = pick(['-1', 'x:y', '9'.repeat(40)]);
        if (random() < 0.3) headers['x-request-id'] = pick(['<script>', 'a'.repeat(200), '../x']);
        if (random() < 0.2) headers['x-forwarded-user'] = 'system:admin';
        if (random() < 0.2) headers.accept = pick(['text/event-stream', '*/*;q=abc', 'application/json']);
        const method = pick(route.methods.length ? route.methods : ['GET']);
        const init: RequestInit = { method, headers, redirect: 'manual', signal: AbortSignal.timeout(15_000) };
        if (method === 'POST') {
          headers['content-type'] = pick(['application/x-www-form-urlencoded', 'application/json', 'multipart/form-data; boundary=x', 'text/xml']);
          init.body = pick(['token=%3Cscript%3E&next=%2F%2Fevil.example', '{"a":', '<x>', 'A'.repeat(10_000)]);
        }
        const url = `${server.url}${urlPath}?${query.toString()}`;
        sent++;
        let res: Response;
        try {
          res = await fetch(url, init);
        } catch (err) {
          failures.push(`${method} ${url.slice(0, 200)}: no answer (${(err as Error).message})`);
          continue;
        }
        const isStream = res.headers.get('content-type')?.startsWith('text/event-stream');
        const body = isStream ? '' : await res.text();
        if (isStream) await res.body?.cancel();
        if (res.status >= 500) {
          // A dependency the stack's other suites stop and start is not an input fault.
          const code = (() => {
            try {
              return (JSON.parse(body) as { code?: string }).code ?? '';
            } catch {
              return '';
            }
          })();
          if (/^(unavailable|timeout|upstream):/.test(code)) dependency5xx++;
          else failures.push(`${method} ${url.slice(0, 200)} → ${res.status} ${body.slice(0, 200)}`);
        }
        if (STACK_TRACE.test(body)) failures.push(`${method} ${url.slice(0, 200)} → stack trace in the body: ${body.match(STACK_TRACE)?.[0]}`);
        if (route.kind === 'page' && res.status < 400 && !res.headers.get('content-security-policy')?.includes("'nonce-")) {
          failures.push(`${url.slice(0, 200)} → page without a nonce CSP`);
        }
      }
    }
    console.log(`hostile input: ${sent} requests, ${dependency5xx} blamed on a dependency`);
    expect(failures, `${failures.length} of ${sent} requests failed`).toEqual([]);
    expect(dependency5xx, 'answers blamed on a dependency').toBeLessThan(sent / 10);
    expect(server.output()).not.toMatch(/unhandled error/);
  }, 240_000);
});
