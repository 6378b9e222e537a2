/**
 * Sign-in end to end: a person signs in at a real OpenID provider through the real
 * oauth2-proxy, lands on Flightdeck as themself and sees only the namespace Kubernetes
 * RBAC grants them, then signs out; forged identity headers sent straight to Flightdeck
 * get 401; token mode signs in with a TokenRequest token. And the browser surface: every
 * page carries a nonce CSP and runs under it without a violation, and script-bearing CRD
 * fields render inert.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { Arranger, readyCondition } from '../tests/integration/executions-fixtures';
import { remediationStory, TASK_FAILURE, writeEvents, writerConfig } from '../tools/scenario/scenario';
import { ExecutionsListPage } from './pages/executions-page';
import { PEOPLE, PROXY_MODE_URL, PROXY_URL, SignInServers, TOKEN_MODE_URL } from './support/sign-in-servers';
import { expect, test } from './fixtures';

const run = randomBytes(3).toString('hex');
const nsA = `fd-e2e-auth-a-${run}`;
const nsB = `fd-e2e-auth-b-${run}`;
const XSS = `<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>`;
const admin = new Arranger();
const servers = new SignInServers();

test.describe.configure({ mode: 'serial' });
// Three servers start beside the suite's own: allow for the first start.
test.setTimeout(120_000);

test.beforeAll(async () => {
  // A fresh machine builds oauth2-proxy and the provider first (about 2.5 and 1 min cold on 2 cores).
  test.setTimeout(600_000);
  for (const ns of [nsA, nsB]) await admin.namespace(ns);
  for (const [ns, name] of [
    [nsA, `we-alice-1-${run}`],
    [nsA, `we-alice-2-${run}`],
    [nsB, `we-other-${run}`],
  ] as const) {
    await admin.wfe(ns, name, { workflowId: 'restart-deployment', target: `${ns}/Deployment/api`, rr: `rr-${name}` });
    await admin.status(ns, name, { phase: 'Running', startTime: new Date().toISOString(), conditions: [readyCondition('Unknown', 'ExecutionRunning')] });
  }
  // Script-bearing strings in fields Flightdeck renders: they must show as text.
  await admin.wfe(nsA, `we-xss-${run}`, {
    workflowId: 'restart-deployment',
    target: `${nsA}/Deployment/${XSS}`,
    rr: `rr-xss-${run}`,
    parameters: { TARGET_NAMESPACE: XSS, NOTE: 'javascript:window.__xss=1' },
  });
  const viewer = (name: string, subject: { kind: string; name: string; apiGroup?: string; namespace?: string }) =>
    admin.rbac.createNamespacedRoleBinding({
      namespace: nsA,
      body: { metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'flightdeck-execution-viewer' }, subjects: [subject] },
    });
  await viewer('alice', { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: PEOPLE.alice.email });
  await viewer('execution-viewer', { kind: 'ServiceAccount', name: 'execution-viewer', namespace: 'kubernaut-system' });
  await servers.up([nsA, nsB]);
});

test.afterAll(async () => {
  await servers.down();
  for (const ns of [nsA, nsB]) await admin.core.deleteNamespace({ name: ns }).catch(() => undefined);
});

/** Collects CSP violations the page reports (a listener installed before any page script). */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) console.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => [...console, ...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []))];
}

async function signInAtProvider(page: Page, who: keyof typeof PEOPLE): Promise<void> {
  await page.goto(`${PROXY_URL}/executions`);
  // oauth2-proxy sends the browser to the provider's own login page.
  await expect(page).toHaveURL(/127\.0\.0\.1:19998\/login\/username/);
  await page.locator('#username').fill(who);
  await page.locator('#password').fill(PEOPLE[who].password);
  await page.getByRole('button', { name: 'Login' }).click();
  await expect(page).toHaveURL(`${PROXY_URL}/executions`);
}

test('alice signs in at the provider through oauth2-proxy, sees only her namespace, and signs out', async ({ page }) => {
  const violations = await watchCsp(page);
  await signInAtProvider(page, 'alice');
  await expect(page.getByTestId('viewer')).toContainText(`viewing as ${PEOPLE.alice.email}`);
  const list = new ExecutionsListPage(page);
  await expect(list.row(`we-alice-1-${run}`)).toBeVisible();
  await expect(list.row(`we-alice-2-${run}`)).toBeVisible();
  expect(await list.rowNames()).not.toContain(`we-other-${run}`);
  expect((await list.rowNames()).every((n) => n.startsWith('we-alice') || n.startsWith('we-xss'))).toBe(true);

  // The API behind the same session agrees, and another namespace's execution is "not found".
  const api = await page.request.get(`${PROXY_URL}/api/v1/executions?limit=100`);
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { total: number; items: { namespace: string }[] };
  expect(body.total).toBe(3);
  expect(new Set(body.items.map((i) => i.namespace))).toEqual(new Set([nsA]));
  expect((await page.request.get(`${PROXY_URL}/api/v1/executions/${nsB}/we-other-${run}`)).status()).toBe(404);
  // Audit needs Data Storage's reader rule, which alice lacks: the page names the permission.
  await page.goto(`${PROXY_URL}/audit`);
  await expect(page.getByTestId('missing-permission')).toHaveText('get services/data-storage-service in namespace kubernaut-system');
  expect(await violations()).toEqual([]);

  await page.goto(`${PROXY_URL}/executions`);
  await page.getByTestId('viewer').getByRole('link', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:19998\/login\/username/);
  expect((await page.request.get(`${PROXY_URL}/api/v1/executions`, { maxRedirects: 0 })).status()).not.toBe(200);
});

test('bob, with no rights, sees no executions', async ({ page }) => {
  await signInAtProvider(page, 'bob');
  await expect(page.getByTestId('viewer')).toContainText(`viewing as ${PEOPLE.bob.email}`);
  const api = await page.request.get(`${PROXY_URL}/api/v1/executions?limit=100`);
  expect(((await api.json()) as { total: number }).total).toBe(0);
  expect((await page.request.get(`${PROXY_URL}/api/v1/executions/${nsA}/we-alice-1-${run}`)).status()).toBe(404);
});

test('forged identity headers sent straight to Flightdeck get 401', async ({ request }) => {
  const forged = { 'x-forwarded-user': 'alice', 'x-forwarded-email': PEOPLE.alice.email, 'x-auth-request-email': PEOPLE.alice.email, 'x-forwarded-groups': 'system:masters' };
  for (const path of ['/api/v1/executions', '/api/v1/audit/events', '/api/v1/readiness', '/executions']) {
    expect((await request.get(`${PROXY_MODE_URL}${path}`, { headers: forged, maxRedirects: 0 })).status(), path).toBe(401);
  }
  // The probe answers without sign-in, with up or down only.
  const ready = await request.get(`${PROXY_MODE_URL}/api/readyz`);
  for (const c of ((await ready.json()) as { components: object[] }).components) expect(Object.keys(c).sort()).toEqual(['name', 'required', 'status']);
});

test('token mode signs in with a TokenRequest token, refuses a bad one, and signs out', async ({ page }) => {
  const minted = await admin.core.createNamespacedServiceAccountToken({ namespace: 'kubernaut-system', name: 'execution-viewer', body: { spec: { expirationSeconds: 600, audiences: [] } } });
  await page.goto(`${TOKEN_MODE_URL}/executions`);
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fexecutions/);
  await page.getByLabel('Kubernetes token').fill('not-a-real-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sign-in-error')).toContainText('Kubernetes did not accept that token');

  await page.getByLabel('Kubernetes token').fill(minted.status!.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${TOKEN_MODE_URL}/executions`);
  await expect(page.getByTestId('viewer')).toContainText('execution-viewer');
  const list = new ExecutionsListPage(page);
  await expect(list.row(`we-alice-1-${run}`)).toBeVisible();
  expect(await list.rowNames()).not.toContain(`we-other-${run}`);
  const cookies = await page.context().cookies(TOKEN_MODE_URL);
  const session = cookies.find((c) => c.name === 'flightdeck-session');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  expect(session?.value).not.toContain(minted.status!.token);

  await page.getByTestId('viewer').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in\?signedOut=1/);
  expect((await page.context().cookies(TOKEN_MODE_URL)).find((c) => c.name === 'flightdeck-session')).toBeUndefined();
});

test('every page carries a nonce CSP and runs under it; CRD and audit strings render inert', async ({ page }) => {
  const violations = await watchCsp(page);
  // Audit payloads with script-bearing strings, written through Data Storage like a service would.
  const correlation = `rr-e2e-xss-${run}`;
  const story = remediationStory({ correlationId: correlation, namespace: nsA, outcome: 'failed', failure: { ...TASK_FAILURE, message: XSS, naturalLanguageSummary: XSS } });
  await writeEvents(story.events, writerConfig());
  for (const path of ['/', '/executions', `/executions/${nsA}/we-xss-${run}`, '/audit', '/correlations', `/correlations/${correlation}`, '/readiness', '/no-such-page']) {
    const res = await page.goto(path);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).not.toContain('unsafe-inline\' \'strict');
    expect(res?.headers()['permissions-policy'], path).toContain('camera=()');
    expect(res?.headers()['cross-origin-opener-policy'], path).toBe('same-origin');
    await page.waitForLoadState('networkidle');
  }
  await page.goto(`/executions/${nsA}/we-xss-${run}`);
  await expect(page.getByText(XSS).first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
  // The failure message in the audit trail: shown as text in the event list and detail.
  await page.goto(`/audit?correlation_id=${correlation}&event_type=workflowexecution.workflow.failed`);
  await page.waitForLoadState('networkidle');
  await page.goto(`/correlations/${correlation}`);
  await page.waitForLoadState('networkidle');
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await violations()).toEqual([]);
});
