/**
 * The overview against the real stack: counts from the server's cache, tiles linking to
 * the filtered list, axe in both themes, and, with the demo's activity driver running
 * (the real tools/demo/driver.ts and Kubernaut's real WorkflowExecution controller),
 * counts changing live and the driver's first failure reaching "Recent failures" within
 * 5 s of the API server recording it, then opening its execution.
 */
import { randomBytes } from 'node:crypto';
import { adminClients, createRemediationRequest, createWorkflowExecution, ensureNamespace } from '../tools/scenario/k8s';
import { demoSelector } from '../tools/demo/marks';
import { CONTROLLER_NAMESPACE } from '../tools/scenario/controller';
import { TASK_FAILURE, workflowFor } from '../tools/scenario/scenario';
import { expectNoSeriousViolations } from './support/axe';
import { DemoDriver, watchFirstFailure } from './support/demo-driver';
import { expect, test } from './fixtures';

const run = randomBytes(3).toString('hex');
const ns = `fd-e2e-ov-${run}`;
const min = 60_000;

test.describe.configure({ mode: 'serial' });

let clients: ReturnType<typeof adminClients>;
const driver = new DemoDriver(`e2e-${run}`);

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
// The driver stops and its instance is reset even when its test failed half-way.
test.afterAll(async () => {
  test.setTimeout(120_000);
  try {
    await driver.stop();
    await driver.reset();
    for (const plural of ['workflowexecutions', 'remediationrequests']) {
      await expect
        .poll(async () => ((await clients.custom.listClusterCustomObject({ group: 'kubernaut.ai', version: 'v1alpha1', plural, labelSelector: demoSelector(driver.instance) })) as { items: unknown[] }).items.length, {
          message: `${plural} of driver instance ${driver.instance} left after its reset`,
          timeout: 60_000,
        })
        .toBe(0);
    }
  } finally {
    for (const plural of ['workflowexecutions', 'remediationrequests']) {
      await clients.custom.deleteCollectionNamespacedCustomObject({ group: 'kubernaut.ai', version: 'v1alpha1', namespace: ns, plural }).catch(() => undefined);
    }
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

// Last in this serial file: the driver's failures are the newest on the stack while it
// runs, and the tests above look for their own rows among the eight recent failures.
test('with the activity driver running, the counts change live and its first failure appears in recent failures within 5 s and opens its execution', async ({ overview, page }, testInfo) => {
  // The driver plays remediations at a real installation's pace: the AI analysis, the
  // tasks and the controller's 10 s poll put its first failure 30-60 s after the start.
  test.setTimeout(240_000);
  await overview.goto();
  await overview.waitLive();
  await overview.recordFailureRows();
  const runningBefore = await overview.statNumber('running');

  const failures = watchFirstFailure(clients.kc, driver.instance);
  try {
    await failures.ready;
    // No history (the page already has plenty), no hand-written faults (they are created
    // Failed outright): only live remediations run by the real controller, half failing.
    driver.start(['--backfill-days', '0', '--rate', '12', '--fault-every', '0', '--fail-share', '0.5']);

    await expect
      .poll(() => overview.statNumber('running'), { message: `"Running now" never rose above ${runningBefore} while the driver ran (its output is attached)`, timeout: 120_000 })
      .toBeGreaterThan(runningBefore);

    const failed = await Promise.race([
      failures.first,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no execution of the driver failed in 150 s:\n${driver.output}`)), 150_000).unref()),
    ]);
    const row = overview.recentFailure(failed.name);
    // The 5 s run from the moment the API server reported the failure; the page's own note
    // of when the row appeared is what the assertion below measures.
    await expect(row).toBeVisible({ timeout: Math.max(5_000 - (Date.now() - failed.at), 100) });
    const seen = await overview.failureSeen(failed.name);
    expect(seen, `${failed.name} was never noted in Recent failures`).not.toBeNull();
    const delay = seen!.at - failed.at;
    const firstAfter = failed.at - driver.startedAt;
    testInfo.annotations.push({ type: 'driver', description: `first failure ${failed.name} ${(firstAfter / 1000).toFixed(1)} s after the driver started; in Recent failures ${delay} ms after the API server reported it` });
    console.log(`driver ${driver.instance}: first failure ${failed.name} ${(firstAfter / 1000).toFixed(1)} s after start; row on the page ${delay} ms after Failed in the API`);
    expect(delay, 'ms from Failed in the API to the row in Recent failures').toBeLessThanOrEqual(5_000);
    // The count moved with the row, in the same update and without a reload.
    expect(seen!.failedWith).toBeGreaterThan(seen!.failedBefore);

    await expect(row.getByTestId('failure-reason')).toHaveText(failed.reason ?? 'No reason recorded');
    if (failed.failedTask) await expect(row.getByTestId('failed-task')).toHaveText(failed.failedTask);
    await row.getByRole('link', { name: `${CONTROLLER_NAMESPACE}/${failed.name}` }).click();
    await expect(page).toHaveURL(new RegExp(`/executions/${CONTROLLER_NAMESPACE}/${failed.name}$`));
    await expect(page.getByRole('heading', { level: 1, name: failed.name })).toBeVisible();
  } finally {
    failures.close();
    await testInfo.attach('driver output', { body: driver.output, contentType: 'text/plain' });
  }
});
