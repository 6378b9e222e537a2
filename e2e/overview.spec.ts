/**
 * The overview against the real stack: counts from the server's cache, a new failure
 * (created the way the activity driver creates one, through tools/scenario) reaching
 * the open page live, tiles linking to the filtered list, and axe in both themes.
 */
import { randomBytes } from 'node:crypto';
import { adminClients, createRemediationRequest, createWorkflowExecution, ensureNamespace } from '../tools/scenario/k8s';
import { TASK_FAILURE, workflowFor } from '../tools/scenario/scenario';
import { expectNoSeriousViolations } from './support/axe';
import { expect, test } from './fixtures';

const run = randomBytes(3).toString('hex');
const ns = `fd-e2e-ov-${run}`;
const min = 60_000;

test.describe.configure({ mode: 'serial' });

let clients: ReturnType<typeof adminClients>;

async function execution(name: string, phase: 'Running' | 'Failed', failure = TASK_FAILURE) {
  const wf = workflowFor(`rr-${name}-${run}`, ns, { targetResource: `${ns}/Deployment/${name}`, workflowId: `wf-${name}` });
  await createRemediationRequest(clients, { namespace: ns, name: wf.correlationId });
  const now = Date.now();
  await createWorkflowExecution(clients, wf, phase === 'Running' ? { phase, startedAt: now - min } : { phase, startedAt: now - 2 * min, endedAt: now, failure });
  return wf.name;
}

test.beforeAll(async () => {
  clients = adminClients();
  await ensureNamespace(clients, ns);
  await execution('busy', 'Running');
  await execution('broken', 'Failed', { ...TASK_FAILURE, reason: 'OOMKilled', failedTaskName: 'patch-memory' });
});

// The executions go (they would show in every later overview of the shared stack); the
// namespace stays: the local stack runs no namespace controller to finish deleting it.
test.afterAll(async () => {
  for (const plural of ['workflowexecutions', 'remediationrequests']) {
    await clients.custom.deleteCollectionNamespacedCustomObject({ group: 'kubernaut.ai', version: 'v1alpha1', namespace: ns, plural }).catch(() => undefined);
  }
});

test('shows what runs now and what failed, each tile linking to the filtered list', async ({ overview, page }) => {
  await overview.goto();
  await expect(overview.heading).toBeVisible();
  expect(await overview.statNumber('running')).toBeGreaterThanOrEqual(1);
  expect(await overview.statNumber('failed')).toBeGreaterThanOrEqual(1);
  await expect(overview.recentFailure(`we-rr-broken-${run}`)).toContainText('OOMKilled');
  await expect(overview.recentFailure(`we-rr-broken-${run}`).getByTestId('failed-task')).toHaveText('patch-memory');
  // The failed execution blocks its target (an execution failure nobody cleared).
  await expect(overview.tile('Blocked targets')).toContainText(`${ns}/Deployment/broken`);

  await overview.stat('failed').click();
  await expect(page).toHaveURL(/\/executions\?phase=Failed&finishedAfter=\d{4}-/);
  await expect(page.getByRole('heading', { level: 1, name: 'Executions' })).toBeVisible();

  await overview.goto();
  await overview.stat('blocked').click();
  await expect(page).toHaveURL(/\/executions\?phase=Failed&blocked=true$/);
  await expect(page.getByRole('checkbox', { name: 'Blocking a target' })).toBeChecked();
});

test('a new failure changes the count live and appears in recent failures within 5 s, and opens its execution', async ({ overview, page }) => {
  await overview.goto();
  await overview.waitLive();
  const before = await overview.statNumber('failed');
  const name = await execution('fresh', 'Failed');
  await expect(overview.recentFailure(name)).toBeVisible({ timeout: 5_000 });
  await expect(overview.recentFailure(name)).toContainText('TaskFailed');
  await expect(overview.recentFailure(name).getByTestId('failed-task')).toHaveText(TASK_FAILURE.failedTaskName);
  await expect.poll(() => overview.statNumber('failed'), { timeout: 5_000 }).toBeGreaterThan(before);

  await overview.recentFailure(name).getByRole('link', { name: `${ns}/${name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/executions/${ns}/${name}$`));
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});

for (const theme of ['Light', 'Dark'] as const) {
  test(`has no serious or critical axe violations with its tiles loaded, ${theme.toLowerCase()} theme`, async ({ overview, page }) => {
    // No colour transitions: axe must judge the settled colours, not a frame mid-fade.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await overview.goto();
    await overview.chooseTheme(theme);
    await expect(page.locator('html')).toHaveClass(theme === 'Dark' ? /(^|\s)dark(\s|$)/ : /(^|\s)light(\s|$)/);
    await expect(overview.recentFailure(`we-rr-broken-${run}`)).toBeVisible();
    await expect(overview.auditTile.getByTestId('audit-summary')).toBeVisible({ timeout: 20_000 });
    await expectNoSeriousViolations(page, `/ with its tiles (${theme})`);
    // The table view of a chart too.
    await overview.tile('Top failure reasons').getByRole('button', { name: 'Table' }).click();
    await expectNoSeriousViolations(page, `/ with a chart's table (${theme})`);
  });
}
