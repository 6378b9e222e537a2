/**
 * Who sees what, against the real kube-apiserver's RBAC: the stack's test identities
 * (a namespace viewer, a group member, an audit reader and one with no rights) call
 * Flightdeck's route handlers with their own ServiceAccount tokens (TokenReview) or a
 * token-mode session, and each sees exactly the executions Kubernetes lets them see.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { decodeJwt, generateKeyPair, importPKCS8, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as listRoute } from '@/app/api/v1/executions/route';
import { GET as detailRoute } from '@/app/api/v1/executions/[namespace]/[name]/route';
import { GET as outcomesRoute } from '@/app/api/v1/executions/outcomes/route';
import { GET as streamRoute } from '@/app/api/v1/stream/route';
import { GET as auditRoute } from '@/app/api/v1/audit/events/route';
import { GET as conformanceRoute } from '@/app/api/v1/audit/conformance/route';
import { GET as readyzRoute } from '@/app/api/readyz/route';
import { GET as overviewRoute } from '@/app/api/v1/overview/route';
import { GET as overviewAuditRoute } from '@/app/api/v1/overview/audit/route';
import { POST as signInRoute } from '@/app/api/auth/sign-in/route';
import { POST as signOutRoute } from '@/app/api/auth/sign-out/route';
import { resetAccessCachesForTests } from '@/lib/auth/access';
import { resetAuthModeForTests } from '@/lib/auth/mode';
import { resetEnvForTests } from '@/lib/env';
import { resetKubeConfigForTests } from '@/lib/k8s/client';
import { executionCache, resetExecutionCacheForTests } from '@/lib/executions/cache';
import type { ExecutionListResponse, OutcomesResponse } from '@/lib/schemas/executions';
import type { AuditIssuesOverview, ExecutionsOverview } from '@/lib/schemas/overview';
import { Arranger, eventually, readyCondition } from './executions-fixtures';
import { readToken, stackVar } from './stack';

const run = randomBytes(3).toString('hex');
const nsA = `fd-auth-a-${run}`;
const nsB = `fd-auth-b-${run}`;
const BASE = 'http://flightdeck.test';
const TTL_SECONDS = 2;
const admin = new Arranger();
const ctx = { params: Promise.resolve({}) };

const SYS = 'kubernaut-system';
const GROUP_NS = 'flightdeck-team-b';
let tokens: Record<'viewer' | 'groupmember' | 'auditreader' | 'noreader', string>;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function setMode(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
  resetAuthModeForTests();
  resetAccessCachesForTests();
}

async function list(headers: Record<string, string>, query = 'limit=100'): Promise<ExecutionListResponse> {
  const res = await listRoute(new Request(`${BASE}/api/v1/executions?${query}`, { headers }), ctx);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as ExecutionListResponse;
}

async function outcomes(headers: Record<string, string>): Promise<number> {
  const res = await outcomesRoute(new Request(`${BASE}/api/v1/executions/outcomes`, { headers }), ctx);
  expect(res.status).toBe(200);
  const body = (await res.json()) as OutcomesResponse;
  return body.buckets.reduce((sum, b) => sum + b.Pending + b.Running + b.Completed + b.Failed + b.Unknown, 0);
}

function detail(headers: Record<string, string>, namespace: string, name: string): Promise<Response> {
  return detailRoute(new Request(`${BASE}/api/v1/executions/${namespace}/${name}`, { headers }), { params: Promise.resolve({ namespace, name }) });
}

const names = (page: ExecutionListResponse) => page.items.map((i) => `${i.namespace}/${i.name}`).sort();
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, n) => a + n, 0);

async function roleBinding(namespace: string, name: string, subject: k8s.RbacV1Subject): Promise<void> {
  await admin.rbac.createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'flightdeck-execution-viewer' },
      subjects: [subject],
    },
  });
}

/** The viewer's own token with its claims changed, signed with `key` (the stack's SA key, or a stranger's). */
async function reSigned(claims: Partial<JWTPayload>, key: CryptoKey): Promise<string> {
  const original = decodeJwt(tokens.viewer);
  return new SignJWT({ ...original, ...claims }).setProtectedHeader({ alg: 'RS256' }).sign(key);
}

const saved = { ...process.env };

beforeAll(async () => {
  tokens = {
    viewer: readToken('STACK_VIEWER_TOKEN_FILE'),
    groupmember: readToken('STACK_GROUPMEMBER_TOKEN_FILE'),
    auditreader: readToken('STACK_AUDITREADER_TOKEN_FILE'),
    noreader: readToken('STACK_NOREADER_TOKEN_FILE'),
  };
  for (const ns of [nsA, nsB]) await admin.namespace(ns);
  await roleBinding(nsA, 'viewer', { kind: 'ServiceAccount', name: 'execution-viewer', namespace: SYS });
  await roleBinding(nsB, 'team-b', { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: `system:serviceaccounts:${GROUP_NS}` });

  for (const [ns, name, phase] of [
    [nsA, 'we-a1', 'Completed'],
    [nsA, 'we-a2', 'Failed'],
    [nsA, 'we-a3', 'Running'],
    [nsB, 'we-b1', 'Completed'],
    [nsB, 'we-b2', 'Running'],
  ] as const) {
    await admin.wfe(ns, `${name}-${run}`, { workflowId: 'restart-deployment', target: `${ns}/Deployment/api`, rr: `rr-${name}-${run}` });
    await admin.status(ns, `${name}-${run}`, { phase, startTime: new Date().toISOString(), conditions: [readyCondition(phase === 'Completed' ? 'True' : 'Unknown', phase)] });
  }

  setMode({ WATCH_NAMESPACES: `${nsA},${nsB}`, AUTH_MODE: 'token', SESSION_SECRET: 'integration-session-secret-0123456789abcdef', AUTH_CACHE_TTL_SECONDS: String(TTL_SECONDS) });
  resetKubeConfigForTests();
  resetExecutionCacheForTests();
  executionCache();
  await eventually(async () => executionCache().size >= 5, 20_000, 'the cache lists the five executions');
});

afterAll(async () => {
  resetExecutionCacheForTests();
  for (const key of ['WATCH_NAMESPACES', 'AUTH_MODE', 'SESSION_SECRET', 'AUTH_CACHE_TTL_SECONDS', 'OIDC_ISSUER_URL', 'OIDC_CLIENT_ID']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  resetEnvForTests();
  resetAuthModeForTests();
  resetAccessCachesForTests();
  for (const ns of [nsA, nsB]) await admin.core.deleteNamespace({ name: ns }).catch(() => undefined);
});

describe('each person sees exactly their executions', () => {
  it('the namespace viewer: list, counts, outcomes; others are not found', async () => {
    const page = await list(bearer(tokens.viewer));
    expect(names(page)).toEqual([`${nsA}/we-a1-${run}`, `${nsA}/we-a2-${run}`, `${nsA}/we-a3-${run}`]);
    expect(page.total).toBe(3);
    expect(total(page.counts)).toBe(3);
    expect(page.namespaces.map((n) => n.namespace)).not.toContain(nsB);
    expect(await outcomes(bearer(tokens.viewer))).toBe(3);
    // An explicit filter on a namespace the person may not list is empty, not an error.
    expect((await list(bearer(tokens.viewer), `namespace=${nsB}`)).total).toBe(0);
    // The name search (command palette) finds only what the person may list.
    expect(names(await list(bearer(tokens.viewer), `name=-${run}`))).toEqual([`${nsA}/we-a1-${run}`, `${nsA}/we-a2-${run}`, `${nsA}/we-a3-${run}`]);
    expect((await list(bearer(tokens.viewer), `name=we-b1-${run}`)).total).toBe(0);
    expect((await detail(bearer(tokens.viewer), nsA, `we-a1-${run}`)).status).toBe(200);
  });

  it('the group member: only the namespace its group is bound in', async () => {
    const page = await list(bearer(tokens.groupmember));
    expect(names(page)).toEqual([`${nsB}/we-b1-${run}`, `${nsB}/we-b2-${run}`]);
    expect(total(page.counts)).toBe(2);
    expect(await outcomes(bearer(tokens.groupmember))).toBe(2);
  });

  it('no rights: nothing, and every execution is not found', async () => {
    const page = await list(bearer(tokens.noreader));
    expect(page.items).toEqual([]);
    expect(page.total).toBe(0);
    expect(total(page.counts)).toBe(0);
    expect(await outcomes(bearer(tokens.noreader))).toBe(0);
    expect((await detail(bearer(tokens.noreader), nsA, `we-a1-${run}`)).status).toBe(404);
  });

  it('an execution the person may not see answers exactly like a missing one', async () => {
    const hidden = await detail(bearer(tokens.viewer), nsB, `we-b1-${run}`);
    const missing = await detail(bearer(tokens.viewer), nsB, `we-nope-${run}`);
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.headers.get('content-type')).toBe(missing.headers.get('content-type'));
    const normalize = (text: string, name: string) => text.split(name).join('NAME');
    expect(normalize(await hidden.text(), `we-b1-${run}`)).toBe(normalize(await missing.text(), `we-nope-${run}`));
  });

  it('Flightdeck itself (a request without credentials in serviceaccount mode) sees all five', async () => {
    setMode({ AUTH_MODE: 'serviceaccount' });
    try {
      expect((await list({})).total).toBe(5);
    } finally {
      setMode({ AUTH_MODE: 'token' });
    }
  });

  it('the live stream carries only the person’s namespaces', async () => {
    const abort = new AbortController();
    const res = await streamRoute(new Request(`${BASE}/api/v1/stream?topic=executions`, { headers: bearer(tokens.viewer), signal: abort.signal }), ctx);
    expect(res.status).toBe(200);
    const seen: string[] = [];
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const reading = (async () => {
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buffer += decoder.decode(value);
        for (const line of buffer.split('\n')) {
          const m = /"name":"(we-[ab]\d-[0-9a-f]+)"/.exec(line);
          if (line.startsWith('data: ') && m?.[1]) seen.push(m[1]);
        }
        buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
      }
    })();
    await admin.status(nsB, `we-b2-${run}`, { phase: 'Completed', completionTime: new Date().toISOString() });
    await admin.status(nsA, `we-a3-${run}`, { phase: 'Completed', completionTime: new Date().toISOString() });
    await eventually(() => seen.includes(`we-a3-${run}`), 15_000, 'the viewer sees its own change');
    abort.abort();
    await reading;
    expect(seen.filter((n) => n.startsWith('we-b'))).toEqual([]);
  });
});

describe('the overview counts only what each person may see', () => {
  async function overview(headers: Record<string, string>, query = ''): Promise<ExecutionsOverview> {
    const res = await overviewRoute(new Request(`${BASE}/api/v1/overview${query}`, { headers }), ctx);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as ExecutionsOverview;
  }
  const mine = (o: ExecutionsOverview) => o.recentFailures.map((f) => `${f.namespace}/${f.name}`).filter((n) => n.endsWith(run));

  it('the namespace viewer gets the counts of its one namespace', async () => {
    const o = await overview(bearer(tokens.viewer));
    // Phases are not asserted: the stack's real WorkflowExecution controller may fail a
    // hand-made Running execution (no execution engine) while this file runs.
    expect(o.total).toBe(3);
    expect(mine(o)).toContain(`${nsA}/we-a2-${run}`);
    expect(mine(o).every((n) => n.startsWith(`${nsA}/`))).toBe(true);
  });

  it('the group member gets the counts of its group’s namespace; no rights gets zeros', async () => {
    const o = await overview(bearer(tokens.groupmember));
    expect(o.total).toBe(2);
    expect(mine(o).every((n) => n.startsWith(`${nsB}/`))).toBe(true);
    const none = await overview(bearer(tokens.noreader));
    expect(none).toMatchObject({ total: 0, running: 0, pending: 0, blockedCount: 0, recentFailures: [] });
    expect(none.last24h).toMatchObject({ completed: 0, failed: 0, successRate: null });
  });

  it('needs sign-in, and refuses unknown parameters', async () => {
    expect((await overviewRoute(new Request(`${BASE}/api/v1/overview`), ctx)).status).toBe(401);
    const res = await overviewRoute(new Request(`${BASE}/api/v1/overview?namespace=${nsB}`, { headers: bearer(tokens.viewer) }), ctx);
    expect(res.status).toBe(400);
  });

  it('audit issues follow Data Storage’s reader rule', async () => {
    const denied = await overviewAuditRoute(new Request(`${BASE}/api/v1/overview/audit`, { headers: bearer(tokens.viewer) }), ctx);
    expect(denied.status).toBe(403);
    const res = await overviewAuditRoute(new Request(`${BASE}/api/v1/overview/audit`, { headers: bearer(tokens.auditreader) }), ctx);
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as AuditIssuesOverview;
    // The audit reader may list no executions here: nothing of nsA or nsB is checked.
    expect(body.checked).toBe(0);
  });
});

describe('audit needs Data Storage’s reader rule', () => {
  it('the audit reader may read; the others get 403 naming the permission', async () => {
    const read = (token: string) => auditRoute(new Request(`${BASE}/api/v1/audit/events?limit=1`, { headers: bearer(token) }), ctx);
    expect((await read(tokens.auditreader)).status).toBe(200);
    for (const token of [tokens.viewer, tokens.noreader]) {
      const res = await read(token);
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ code: 'forbidden:audit', permission: 'get services/data-storage-service in namespace kubernaut-system' });
    }
  });
});

describe('audit conformance of list rows', () => {
  it('answers for an execution the audit reader may not see exactly as for a missing one', async () => {
    const ask = async (key: string) => {
      const res = await conformanceRoute(new Request(`${BASE}/api/v1/audit/conformance?execution=${encodeURIComponent(key)}`, { headers: bearer(tokens.auditreader) }), ctx);
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: Record<string, unknown> }).items[key];
    };
    expect(await ask(`${nsA}/we-a1-${run}`)).toEqual(await ask(`${nsA}/we-nope-${run}`));
  });
});

describe('revoking a RoleBinding', () => {
  it('takes effect within the cache expiry', async () => {
    await roleBinding(nsB, `grant-${run}`, { kind: 'ServiceAccount', name: 'execution-viewer', namespace: SYS });
    await eventually(async () => (await list(bearer(tokens.viewer))).total === 5, (TTL_SECONDS + 3) * 1000, 'the new grant');
    await admin.rbac.deleteNamespacedRoleBinding({ namespace: nsB, name: `grant-${run}` });
    const revoked = Date.now();
    await eventually(async () => (await list(bearer(tokens.viewer))).total === 3, (TTL_SECONDS + 3) * 1000, 'the revocation');
    // RBAC in the API server applies the delete within moments; the rest is the cache's TTL.
    expect(Date.now() - revoked).toBeLessThan((TTL_SECONDS + 2) * 1000);
    expect((await detail(bearer(tokens.viewer), nsB, `we-b1-${run}`)).status).toBe(404);
  });
});

describe('token mode', () => {
  const signIn = (token: string, origin = BASE) =>
    signInRoute(
      new Request(`${BASE}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: new URLSearchParams({ token, next: '/executions' }),
      }),
      ctx,
    );

  it('signs in with a TokenRequest token into an encrypted HttpOnly SameSite=Strict cookie, and signs out', async () => {
    const minted = await admin.core.createNamespacedServiceAccountToken({ namespace: SYS, name: 'execution-viewer', body: { spec: { expirationSeconds: 600, audiences: [] } } });
    const res = await signIn(minted.status!.token);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/executions');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^flightdeck-session=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(minted.status!.token);
    const session = cookie.split(';')[0]!;
    expect(names(await list({ cookie: session }))).toHaveLength(3);

    const out = await signOutRoute(new Request(`${BASE}/api/auth/sign-out`, { method: 'POST', headers: { cookie: session, origin: BASE } }), ctx);
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
  });

  it('refuses an expired token and one from another cluster', async () => {
    const saKey = await importPKCS8(readFileSync(path.join(path.dirname(stackVar('STACK_CA_FILE')), 'sa.key'), 'utf8'), 'RS256').catch(() => null);
    const past = Math.floor(Date.now() / 1000) - 3600;
    const stranger = (await generateKeyPair('RS256')).privateKey;
    const candidates = [await reSigned({ exp: Math.floor(Date.now() / 1000) + 3600 }, stranger)];
    if (saKey) candidates.push(await reSigned({ iat: past - 600, nbf: past - 600, exp: past }, saKey));
    for (const token of candidates) {
      const res = await signIn(token);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/sign-in\?error=rejected/);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect((await listRoute(new Request(`${BASE}/api/v1/executions`, { headers: bearer(token) }), ctx)).status).toBe(401);
    }
    expect(saKey, 'the stack keeps its ServiceAccount signing key beside its CA').not.toBeNull();
  });

  it('refuses a forged session cookie and a sign-in posted from another site', async () => {
    expect((await listRoute(new Request(`${BASE}/api/v1/executions`, { headers: { cookie: 'flightdeck-session=eyJhbGciOiJkaXIifQ..x.y.z' } }), ctx)).status).toBe(401);
    const res = await signIn(tokens.viewer, 'https://evil.example');
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'forbidden:origin' });
  });
});

describe('forged identity headers', () => {
  const forged = {
    'x-forwarded-user': 'system:admin',
    'x-forwarded-email': 'admin@example.com',
    'x-forwarded-groups': 'system:masters',
    'x-auth-request-user': 'system:admin',
    'x-auth-request-groups': 'system:masters',
    'x-remote-user': 'system:admin',
  };

  it.each(['proxy', 'token'])('sent straight to Flightdeck in %s mode get 401', async (mode) => {
    setMode({ AUTH_MODE: mode, OIDC_ISSUER_URL: 'http://127.0.0.1:1/', OIDC_CLIENT_ID: 'flightdeck' });
    try {
      const res = await listRoute(new Request(`${BASE}/api/v1/executions`, { headers: forged }), ctx);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      // A JWT that claims the issuer but is signed by nobody the issuer knows: still 401 or 503, never 200.
      const fake = await new SignJWT({ iss: 'http://127.0.0.1:1/', aud: 'flightdeck', sub: 'admin' }).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32));
      expect([401, 503]).toContain((await listRoute(new Request(`${BASE}/api/v1/executions`, { headers: { ...forged, ...bearer(fake) } }), ctx)).status);
    } finally {
      setMode({ AUTH_MODE: 'token', OIDC_ISSUER_URL: undefined, OIDC_CLIENT_ID: undefined });
    }
  });
});

describe('probes and the access log', () => {
  it('/api/readyz answers without sign-in with up or down only', async () => {
    const res = await readyzRoute(new Request(`${BASE}/api/readyz`), ctx);
    const body = (await res.json()) as { components: Record<string, unknown>[] };
    for (const c of body.components) expect(Object.keys(c).sort()).toEqual(['name', 'required', 'status']);
  });

  it('writes one line per request with the person and outcome, never the token', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    process.env.LOG_LEVEL = 'info';
    resetEnvForTests();
    try {
      await detail(bearer(tokens.viewer), nsB, `we-b1-${run}`);
    } finally {
      spy.mockRestore();
      process.env.LOG_LEVEL = saved.LOG_LEVEL ?? 'warn';
      resetEnvForTests();
    }
    const access = lines.filter((l) => l.includes('"msg":"access"'));
    expect(access).toHaveLength(1);
    expect(JSON.parse(access[0]!)).toMatchObject({ subject: 'system:serviceaccount:kubernaut-system:execution-viewer', path: `/api/v1/executions/${nsB}/we-b1-${run}`, status: 404 });
    expect(lines.join('')).not.toContain(tokens.viewer);
  });
});
