/**
 * Executions in the browser against the real stack: live updates across two browser
 * contexts, the failure panel, and URLs that reopen the same view.
 */
import { randomBytes } from 'node:crypto';
import { Arranger, readyCondition } from '../tests/integration/executions-fixtures';
import { ExecutionDetailPage, ExecutionsListPage } from './pages/executions-page';
import { expectNoSeriousViolations } from './support/axe';
import { expect, test } from './fixtures';

const run = randomBytes(3).toString('hex');
const ns = `fd-e2e-exec-${run}`;
const admin = new Arranger();
const now = () => new Date().toISOString();

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await admin.namespace(ns);
  await admin.remediation(ns, `rr-live-${run}`, { signalName: 'KubePodCrashLooping', severity: 'critical', overallPhase: 'Executing' });
  await admin.wfe(ns, `we-live-${run}`, { workflowId: 'restart-deployment', target: `${ns}/Deployment/api`, rr: `rr-live-${run}` });
  await admin.status(ns, `we-live-${run}`, { phase: 'Running', startTime: new Date(Date.now() - 30_000).toISOString(), conditions: [readyCondition('Unknown', 'ExecutionRunning')] });
  await admin.wfe(ns, `we-fail-${run}`, { workflowId: 'increase-memory', target: `${ns}/Deployment/checkout`, rr: `rr-fail-${run}`, parameters: { DB_PASSWORD: 'hunter2', LIMIT: '1Gi' } });
  await admin.status(ns, `we-fail-${run}`, {
    phase: 'Failed',
    startTime: new Date(Date.now() - 90_000).toISOString(),
    completionTime: now(),
    duration: '1m30s',
    failureDetails: {
      failedTaskIndex: 1,
      failedTaskName: 'patch-memory',
      failedStepName: 'kubectl-patch',
      reason: 'OOMKilled',
      message: 'container kubectl-patch was OOMKilled',
      exitCode: 137,
      failedAt: now(),
      naturalLanguageSummary: 'The patch-memory task ran out of memory while patching the Deployment.',
      wasExecutionFailure: true,
    },
    conditions: [readyCondition('False', 'TaskFailed')],
  });
  for (let i = 0; i < 4; i++) {
    await admin.wfe(ns, `we-done-${i}-${run}`, { workflowId: i % 2 ? 'scale-up' : 'restart-deployment', target: `${ns}/Deployment/svc-${i}`, rr: `rr-done-${i}-${run}` });
    await admin.status(ns, `we-done-${i}-${run}`, { phase: 'Completed', startTime: new Date(Date.now() - 60_000).toISOString(), completionTime: now(), duration: `${10 + i}s` });
  }
});

test('a status change made through the API appears in the open list and detail page within 2 s', async ({ browser }) => {
  const listContext = await browser.newContext();
  const detailContext = await browser.newContext();
  try {
    const list = new ExecutionsListPage(await listContext.newPage());
    const detail = new ExecutionDetailPage(await detailContext.newPage());
    await list.goto(`namespace=${ns}`);
    await detail.goto(ns, `we-live-${run}`);
    await expect(list.row(`we-live-${run}`)).toHaveAttribute('data-phase', 'Running');
    await expect(detail.phase).toHaveAttribute('data-phase', 'Running');
    await list.waitLive();
    await expect(detail.page.getByTestId('detail-duration')).not.toHaveText('—');

    await admin.status(ns, `we-live-${run}`, { phase: 'Completed', completionTime: now(), duration: '45s', conditions: [readyCondition('True', 'ExecutionSucceeded')] });
    await Promise.all([
      expect(list.row(`we-live-${run}`)).toHaveAttribute('data-phase', 'Completed', { timeout: 2_000 }),
      expect(detail.phase).toHaveAttribute('data-phase', 'Completed', { timeout: 2_000 }),
    ]);
    await expect(list.phaseChip('Completed').getByTestId('count')).toHaveText('5');
    await expect(detail.page.getByTestId('detail-duration')).toHaveText('45s');

    // A new execution appears in the open list without a reload.
    await admin.wfe(ns, `we-new-${run}`, { workflowId: 'restart-deployment', target: `${ns}/Deployment/new`, rr: `rr-new-${run}` });
    await expect(list.row(`we-new-${run}`)).toHaveAttribute('data-phase', 'Pending', { timeout: 2_000 });
    await expect(list.rows.first()).toHaveAttribute('data-name', `we-new-${run}`);
  } finally {
    await listContext.close();
    await detailContext.close();
  }
});

test("a failed execution's page shows the failure panel", async ({ page }) => {
  const detail = new ExecutionDetailPage(page);
  await detail.goto(ns, `we-fail-${run}`);
  await expect(detail.failurePanel).toBeVisible();
  await expect(detail.failurePanel.getByTestId('failure-reason')).toHaveText('OOMKilled');
  await expect(detail.failurePanel.getByTestId('failed-task')).toContainText('patch-memory');
  await expect(detail.failurePanel.getByTestId('failed-step')).toHaveText('kubectl-patch');
  await expect(detail.failurePanel.getByTestId('exit-code')).toHaveText('137');
  await expect(detail.failurePanel.getByTestId('failure-summary')).toContainText('ran out of memory');
  await expect(detail.failurePanel.getByTestId('was-execution-failure')).toContainText('Yes');
  await expect(page.getByTestId('parameters')).toContainText('[redacted]');
  await expect(page.getByTestId('parameters')).not.toContainText('hunter2');
  await expect(detail.timeline.getByTestId('timeline-item').first()).toBeVisible();
  await expect(page.getByTestId('remediation-link')).toHaveAttribute('href', `/correlations/rr-fail-${run}`);
  await expectNoSeriousViolations(page, 'the execution detail page');
});

test('a filtered URL pasted into a new context shows the same rows', async ({ browser, page }) => {
  const list = new ExecutionsListPage(page);
  await list.goto(`namespace=${ns}`);
  const all = (await (await page.request.get(`/api/v1/executions?namespace=${ns}`)).json()) as { total: number };
  await expect(list.rows).toHaveCount(all.total);
  // Filtering through the UI writes the URL.
  await list.phaseChip('Completed').click();
  await expect(page).toHaveURL(/phase=Completed/);
  await list.search.fill('we-done');
  await expect(page).toHaveURL(/q=we-done/);
  await list.page.getByTestId('sort-name').click();
  await expect(page).toHaveURL(/sort=name/);
  await expect(list.rows).toHaveCount(4);
  const names = await list.rowNames();
  expect(names).toEqual([0, 1, 2, 3].map((i) => `we-done-${i}-${run}`));

  const other = await browser.newContext();
  try {
    const pasted = new ExecutionsListPage(await other.newPage());
    await pasted.page.goto(page.url());
    await expect(pasted.rows).toHaveCount(4);
    expect(await pasted.rowNames()).toEqual(names);
    await expect(pasted.phaseChip('Completed')).toHaveAttribute('aria-pressed', 'true');
    await expect(pasted.search).toHaveValue('we-done');
  } finally {
    await other.close();
  }
  await expectNoSeriousViolations(page, 'the executions list');
});

test('a new execution does not move the rows under a scrolled reader', async ({ page }) => {
  const crowded = `fd-e2e-scroll-${run}`;
  await admin.namespace(crowded);
  const names = Array.from({ length: 60 }, (_, i) => `we-row-${String(i).padStart(2, '0')}-${run}`);
  for (let i = 0; i < names.length; i += 10) {
    await Promise.all(names.slice(i, i + 10).map((n) => admin.wfe(crowded, n, { workflowId: 'restart-deployment', target: `${crowded}/Deployment/x`, rr: `rr-${n}` })));
  }
  const list = new ExecutionsListPage(page);
  await list.goto(`namespace=${crowded}&sort=name&order=desc`);
  await expect(list.rows.first()).toHaveAttribute('data-name', names[59] as string);
  await list.waitLive();
  const scroller = page.getByTestId('executions-scroller');
  await scroller.evaluate((el) => (el.scrollTop = 20 * 36));
  const topRow = () =>
    scroller.evaluate((el) => {
      const top = el.getBoundingClientRect().top + 40;
      const rows = [...el.querySelectorAll('[data-testid="execution-row"]')];
      return rows.find((r) => r.getBoundingClientRect().bottom > top)?.getAttribute('data-name');
    });
  const before = await topRow();
  expect(before).toBeTruthy();
  // Sorts first (name descending): inserted above the viewport.
  await admin.wfe(crowded, `we-zzz-${run}`, { workflowId: 'restart-deployment', target: `${crowded}/Deployment/x`, rr: `rr-zzz-${run}` });
  await expect(list.phaseChip('Pending').getByTestId('count')).toHaveText('61');
  // The row is in the list (above the viewport, so virtualized away) and the reader's rows stayed put.
  await expect(list.table).toHaveAttribute('aria-rowcount', '62');
  expect(await topRow()).toBe(before);
  await scroller.evaluate((el) => (el.scrollTop = 0));
  await expect(list.rows.first()).toHaveAttribute('data-name', `we-zzz-${run}`);
});

test('an empty filter says so', async ({ page }) => {
  const list = new ExecutionsListPage(page);
  await list.goto(`namespace=${ns}&q=nothing-matches-${run}`);
  await expect(page.getByText('No executions match')).toBeVisible();
});
