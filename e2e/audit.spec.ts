/**
 * The audit features in Chromium against the real stack: a failed execution's drill-down,
 * its correlation timeline, a shared link that reopens the same selected event in a new
 * browser context, and the audit explorer. Events are written through Data Storage's batch
 * API with the writer token; executions are created in the real kube-apiserver.
 */
import { adminClients, createRemediationRequest, createWorkflowExecution, ensureNamespace } from '../tools/scenario/k8s';
import { remediationStory, runId, TASK_FAILURE, writeEvents, writerConfig } from '../tools/scenario/scenario';
import { AuditExplorerPage, CorrelationPage, ExecutionAuditPage } from './pages/audit-pages';
import { expectNoSeriousViolations } from './support/axe';
import { expect, test } from './fixtures';

const run = runId();
const ns = `fd-e2e-audit-${run}`;
const failed = `rr-e2e-fail-${run}`;
const disagree = `rr-e2e-disagree-${run}`;
const repeated = `rr-e2e-repeat-${run}`;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const k8s = adminClients();
  await ensureNamespace(k8s, ns);
  const story = remediationStory({ correlationId: failed, namespace: ns, outcome: 'failed', start: Date.now() - 15 * 60_000 });
  // The CRD says the step was OOMKilled; the audit event still carries the first classification.
  const other = remediationStory({ correlationId: disagree, namespace: ns, outcome: 'failed', start: Date.now() - 12 * 60_000 });
  // A controller without an idempotency guard: selection.completed three times, still running.
  const dup = remediationStory({ correlationId: repeated, namespace: ns, outcome: 'completed', selectionCount: 3, start: Date.now() - 10 * 60_000 });
  const running = dup.events.filter((e) => e.event_type.startsWith('workflowexecution.') && e.event_type !== 'workflowexecution.workflow.completed');
  await writeEvents([...story.events, ...other.events, ...running], writerConfig());
  await createRemediationRequest(k8s, { namespace: ns, name: failed, overallPhase: 'Failed' });
  await createWorkflowExecution(k8s, story.workflow, { phase: 'Failed', startedAt: story.startedAt, endedAt: story.endedAt, failure: story.failure });
  await createRemediationRequest(k8s, { namespace: ns, name: disagree, overallPhase: 'Failed' });
  await createWorkflowExecution(k8s, other.workflow, {
    phase: 'Failed',
    startedAt: other.startedAt,
    endedAt: other.endedAt,
    failure: { ...TASK_FAILURE, reason: 'OOMKilled', message: 'container kubectl-rollout was OOMKilled' },
  });
  await createRemediationRequest(k8s, { namespace: ns, name: repeated, overallPhase: 'Executing' });
  await createWorkflowExecution(k8s, dup.workflow, { phase: 'Running', startedAt: dup.startedAt });
});

test('a failed execution drills into its failure, opens its timeline, and a copied link reopens the same event', async ({ page, browser, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL! });
  const execution = new ExecutionAuditPage(page);
  await execution.goto(ns, `we-${failed}`);
  await execution.drilldownToggle.click();
  await expect(execution.drilldown.getByTestId('failure-agreement')).toBeVisible();
  await expect(execution.row('failure_reason')).toHaveAttribute('data-agree', 'true');
  await expect(execution.row('failure_reason')).toContainText('TaskFailed');
  await expect(execution.row('failed_task_name')).toContainText('rollout-restart');
  await expect(execution.conformance.getByTestId('conformance-badge')).toHaveAttribute('data-status', 'ok');
  await expectNoSeriousViolations(page, 'the failed execution with its drill-down');

  await execution.drilldown.getByTestId('failure-open-timeline').click();
  const timeline = new CorrelationPage(page);
  await expect(page).toHaveURL(new RegExp(`/correlations/${failed}\\?event=`));
  await expect(timeline.canvas).toBeVisible();
  await expect(timeline.detail.getByRole('heading', { name: 'workflowexecution.workflow.failed' })).toBeVisible();
  await expect(timeline.detail.getByTestId('payload-failure')).toContainText('rollout-restart');
  // Data Storage recomputed every hash of the correlation (its signed export is a read).
  await expect(page.getByTestId('chain-status')).toContainText(/intact · \d+\/\d+ hashes recomputed/);
  await expect(page.getByTestId('chain-source')).toContainText('signed export');

  // Select another event, zoom in, and share the view.
  await timeline.rowOfType('gateway.signal.received').click();
  await expect(timeline.detail.getByRole('heading', { name: 'gateway.signal.received' })).toBeVisible();
  const selected = await timeline.selectedEventId();
  await timeline.timeline.focus();
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  await expect(page).toHaveURL(/from=.*&to=/);
  const windowText = await timeline.window.textContent();
  await timeline.copyLink.click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain(`event=${selected}`);
  expect(link).toMatch(/from=\d{4}-\d{2}-\d{2}T[^&]+Z&to=\d{4}-\d{2}-\d{2}T[^&]+Z/);

  const other = await browser.newContext();
  try {
    const pasted = new CorrelationPage(await other.newPage());
    await pasted.page.goto(link);
    await expect(pasted.detail).toHaveAttribute('data-event-id', selected!);
    await expect(pasted.detail.getByRole('heading', { name: 'gateway.signal.received' })).toBeVisible();
    await expect(pasted.window).toHaveText(windowText!);
    await expect(pasted.row(selected!)).toHaveAttribute('aria-selected', 'true');
  } finally {
    await other.close();
  }
  await expectNoSeriousViolations(page, 'the correlation timeline');
});

test('the drill-down flags where the CRD and the audit event disagree', async ({ page }) => {
  const execution = new ExecutionAuditPage(page);
  await execution.goto(ns, `we-${disagree}`);
  await execution.drilldownToggle.click();
  await expect(execution.drilldown.getByTestId('failure-disagreements')).toContainText('Reason: CRD says OOMKilled, audit says TaskFailed.');
  await expect(execution.row('failure_reason')).toHaveAttribute('data-agree', 'false');
  await expect(execution.row('failure_message')).toHaveAttribute('data-agree', 'false');
  await expect(execution.row('failed_task_name')).toHaveAttribute('data-agree', 'true');
});

test('the audit explorer filters by URL, shows an event and shares a link with frozen times', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL! });
  const explorer = new AuditExplorerPage(page);
  await explorer.goto(`correlationId=${failed}&since=24h`);
  await expect(explorer.rows).toHaveCount(14);
  await explorer.typeButton('workflowexecution.workflow.failed').click();
  await expect(explorer.detail.getByTestId('payload-failure')).toContainText('TaskFailed');
  await expect(page).toHaveURL(/event=/);
  await explorer.copyLink.click();
  const link = new URL(await page.evaluate(() => navigator.clipboard.readText()));
  expect(link.searchParams.get('since')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  expect(link.searchParams.get('until')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  expect(link.searchParams.get('event')).toBe(new URL(page.url()).searchParams.get('event'));
  await expectNoSeriousViolations(page, 'the audit explorer');

  await explorer.goto('outcome=maybe');
  await expect(page.getByText('Ignored invalid parameters: outcome')).toBeVisible();
});

test('the executions list shows each execution\'s audit conformance and filters on it', async ({ page }) => {
  await page.goto(`/executions?namespace=${ns}`);
  const row = (name: string) => page.locator(`[data-testid="execution-row"][data-name="${name}"]`);
  await expect(row(`we-${repeated}`).getByTestId('conformance-badge')).toHaveAttribute('data-status', 'issues');
  await expect(row(`we-${failed}`).getByTestId('conformance-badge')).toHaveAttribute('data-status', 'ok');
  await page.getByTestId('filter-audit').selectOption('issues');
  await expect(page).toHaveURL(/audit=issues/);
  await expect(page.getByTestId('execution-row')).toHaveCount(1);
  await expect(row(`we-${repeated}`)).toBeVisible();
  await expect(row(`we-${repeated}`).getByTestId('conformance-badge')).toHaveAttribute('title', /selection\.completed emitted 3 times/);

  const execution = new ExecutionAuditPage(page);
  await execution.goto(ns, `we-${repeated}`);
  await expect(execution.conformance.getByTestId('expectation-workflowexecution.selection.completed')).toHaveAttribute('data-state', 'duplicate');
  await expect(execution.conformance).toContainText('Duplicated ×3');
});
