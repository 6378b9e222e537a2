/**
 * What Kubernaut v1.5.7's real WorkflowExecution controller and AuthWebhook write, read
 * back through Flightdeck's route handlers: nothing here writes a WorkflowExecution's
 * status or an audit event by hand. The tests create executions in kubernaut-system
 * (the namespace the controller watches), play Tekton or the Job controller for the
 * PipelineRun/Job it created (tools/tekton/play.ts), and check what Flightdeck shows.
 *
 * The controller polls a running execution every 10 s, so each lifecycle takes 10-20 s.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as executionAudit } from '@/app/api/v1/executions/[namespace]/[name]/audit/route';
import { GET as executionDetail } from '@/app/api/v1/executions/[namespace]/[name]/route';
import { GET as auditEvents } from '@/app/api/v1/audit/events/route';
import { WFE_EVENT } from '@/lib/audit/conformance';
import { auditTimelineItems } from '@/lib/audit/execution-timeline';
import { executionTimelineItems } from '@/lib/executions/timeline';
import { getCorrelation, verifyCorrelation } from '@/lib/audit/service';
import { systemIdentity } from '@/lib/identity';
import type { AuditPage, ExecutionAuditView } from '@/lib/schemas/audit';
import type { ExecutionDetail } from '@/lib/schemas/executions';
import { playJob, playTekton } from '@/tools/tekton/play';
import { eventually, useStackEnv } from './audit-fixtures';
import {
  catalogWorkflow,
  CONTROLLER_NAMESPACE,
  ControllerArranger,
  controllersMissing,
  EXECUTION_NAMESPACE,
  executionResourceName,
  OPERATOR_USER,
  WORKFLOWS,
  type CatalogWorkflow,
} from './controller-fixtures';

const BASE = 'http://flightdeck.test';
const run = randomBytes(3).toString('hex');
const LIFECYCLE_TIMEOUT = 90_000;
let missing: string | null = null;
let arrange: ControllerArranger;
const wf: Record<keyof typeof WORKFLOWS, CatalogWorkflow> = {} as Record<keyof typeof WORKFLOWS, CatalogWorkflow>;

/** A target of its own per test: the controller's cooldown and dedup are per target. */
const target = (what: string) => `payments/Deployment/${what}-${run}`;

async function detail(name: string): Promise<ExecutionDetail> {
  const res = await executionDetail(new Request(`${BASE}/api/v1/executions/${CONTROLLER_NAMESPACE}/${name}`), { params: Promise.resolve({ namespace: CONTROLLER_NAMESPACE, name }) });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as ExecutionDetail;
}

async function audit(name: string): Promise<ExecutionAuditView> {
  const res = await executionAudit(new Request(`${BASE}/api/v1/executions/${CONTROLLER_NAMESPACE}/${name}/audit`), { params: Promise.resolve({ namespace: CONTROLLER_NAMESPACE, name }) });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as ExecutionAuditView;
}

/** Flightdeck's detail once its cache shows `phase` (its watch trails the API server a little). */
function detailIn(name: string, phase: string): Promise<ExecutionDetail> {
  return eventually(async () => {
    const d = await detail(name);
    return d.summary.phase === phase ? d : null;
  }, 20_000, `Flightdeck to show ${name} ${phase}`);
}

/** The audit view once every event the phase implies is in Data Storage (writes are buffered). */
function auditSettled(name: string): Promise<ExecutionAuditView> {
  return eventually(async () => {
    const a = await audit(name);
    return a.conformance.status === 'pending' ? null : a;
  }, 20_000, `the audit events of ${name}`);
}

const counts = (a: ExecutionAuditView) => Object.fromEntries(a.conformance.expectations.map((x) => [x.type, x.count]));

beforeAll(async () => {
  useStackEnv();
  missing = await controllersMissing();
  if (missing) return;
  arrange = new ControllerArranger();
  wf.tekton = await catalogWorkflow(WORKFLOWS.tekton);
  wf.tektonFailing = await catalogWorkflow(WORKFLOWS.tektonFailing);
  wf.job = await catalogWorkflow(WORKFLOWS.job);
});

describe('an execution run by the real WorkflowExecution controller', () => {
  it('completes a Tekton execution: status, PipelineRun, tasks and one of each lifecycle event with its write lag', { timeout: LIFECYCLE_TIMEOUT }, async (ctx) => {
    if (missing) ctx.skip(missing);
    const rr = `rr-ok-${run}`;
    const tgt = target('ok');
    await arrange.remediation(rr);
    const name = await arrange.execution(rr, wf.tekton, tgt, { API_TOKEN: 'not-for-display' });
    const played = await playTekton(arrange.kc, { namespace: CONTROLLER_NAMESPACE, name }, { tasks: ['prepare', 'restart', 'verify'] });
    expect(played.pipelineRun).toBe(await executionResourceName(tgt));

    const d = await detailIn(name, 'Completed');
    expect(d.status).toMatchObject({ executionEngine: 'tekton', executionRef: played.pipelineRun, executionStatus: { status: 'True', reason: 'Succeeded', completedTasks: 3, totalTasks: 3 } });
    expect(d.status.duration).toMatch(/^\d+s$/);
    // The controller takes the completion time from the PipelineRun, then reports it at its next poll.
    expect(d.status.completionTime).toBe(played.completionTime.replace(/\.\d+Z$/, 'Z'));
    expect(d.conditions.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'Ready' });
    expect(d.conditions.find((c) => c.type === 'ExecutionComplete')).toMatchObject({ status: 'True', reason: 'ExecutionSucceeded' });
    expect(d.spec.parameters.API_TOKEN).toBe('[redacted]');
    expect(d.remediation).toMatchObject({ name: rr, found: true });
    expect(d.workload).toMatchObject({ kind: 'PipelineRun', namespace: EXECUTION_NAMESPACE, name: played.pipelineRun, found: true, status: 'Succeeded', completedTasks: 3, totalTasks: 3 });
    expect(d.workload?.taskRuns.map((t) => t.pipelineTask)).toEqual(['prepare', 'restart', 'verify']);

    const a = await auditSettled(name);
    expect(a.conformance.status).toBe('ok');
    expect(a.conformance.problems).toEqual([]);
    expect(counts(a)).toEqual({ [WFE_EVENT.selection]: 1, [WFE_EVENT.started]: 1, [WFE_EVENT.completed]: 1, [WFE_EVENT.failed]: 0 });
    expect(a.events.map((e) => e.type)).toEqual([WFE_EVENT.selection, WFE_EVENT.started, WFE_EVENT.completed]);
    expect(a.events.every((e) => e.actor.id === 'workflowexecution-controller' && e.correlationId === rr)).toBe(true);
    // The controller copies every spec parameter into its payloads; Flightdeck redacts them by key.
    expect(a.events.find((e) => e.type === WFE_EVENT.started)?.data.parameters).toMatchObject({ API_TOKEN: '[redacted]', TARGET_RESOURCE_NAME: `ok-${run}` });
    // The real write lag: up to one 10 s poll between the PipelineRun's end and workflow.completed.
    const lag = a.conformance.expectations.find((x) => x.type === WFE_EVENT.completed)!.lagMs!;
    await ctx.annotate(`workflow.completed lag ${lag} ms after the PipelineRun completed`);
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThanOrEqual(12_000);
    expect(a.failure).toBeNull();

    // Both Pending-phase events share one whole second; the correlation still reads in write order, links intact.
    const story = await getCorrelation(systemIdentity(), rr);
    expect(story.events.map((e) => e.type)).toEqual([WFE_EVENT.selection, WFE_EVENT.started, WFE_EVENT.completed]);
    expect(story.chainLinks.breaks).toEqual([]);
    // Data Storage's own check walks same-second events by id: when it flags them, Flightdeck says why.
    const verified = await verifyCorrelation(systemIdentity(), rr);
    if (verified.status === 'invalid') {
      expect(verified.tampered.every((t) => t.message?.startsWith('Probably a false alarm'))).toBe(true);
    } else {
      expect(verified.status).toBe('valid');
    }
  });

  it('fails a Tekton execution at its failing task and agrees with its workflow.failed event', { timeout: LIFECYCLE_TIMEOUT }, async (ctx) => {
    if (missing) ctx.skip(missing);
    const rr = `rr-fail-${run}`;
    await arrange.remediation(rr);
    const name = await arrange.execution(rr, wf.tektonFailing, target('fail'));
    const played = await playTekton(arrange.kc, { namespace: CONTROLLER_NAMESPACE, name }, { tasks: ['prepare', 'restart', 'verify'], outcome: 'failed', failTask: 'restart', failStep: 'kubectl-rollout', exitCode: 1 });

    const d = await detailIn(name, 'Failed');
    expect(d.failureDetails).toMatchObject({
      reason: 'TaskFailed',
      // Kubernaut names the TaskRun, not the pipeline task, and its index among the PipelineRun's children.
      failedTaskName: `${played.pipelineRun}-restart`,
      failedTaskIndex: 1,
      exitCode: 1,
      message: played.message,
      wasExecutionFailure: true,
    });
    expect(d.summary.failureReason).toBe('TaskFailed');
    expect(d.conditions.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'NotReady' });
    expect(d.conditions.find((c) => c.type === 'ExecutionComplete')).toMatchObject({ status: 'False', reason: 'TaskFailed' });
    expect(d.workload).toMatchObject({ status: 'Failed', completedTasks: 1, totalTasks: 3, failedTask: 'restart', failedStep: 'kubectl-rollout' });

    const a = await auditSettled(name);
    expect(a.conformance.status).toBe('ok');
    expect(counts(a)).toEqual({ [WFE_EVENT.selection]: 1, [WFE_EVENT.started]: 1, [WFE_EVENT.completed]: 0, [WFE_EVENT.failed]: 1 });
    expect(a.failure?.disagreements).toEqual([]);
    expect(a.failure?.rows.find((r) => r.field === 'failed_task_name')).toMatchObject({ crd: `${played.pipelineRun}-restart`, agree: true });
    const lag = a.conformance.expectations.find((x) => x.type === WFE_EVENT.failed)!.lagMs!;
    await ctx.annotate(`workflow.failed lag ${lag} ms after failureDetails.failedAt`);
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThanOrEqual(5_000);

    // The execution page's timeline: created, PipelineRun created, tasks, failed, events written.
    const items = executionTimelineItems(d);
    const at = (id: string) => Date.parse(String(items.find((i) => i.id === id)?.start));
    expect(items.find((i) => i.id === 'phase-running')).toMatchObject({ label: 'Failed', status: 'failure', start: d.status.startTime, end: d.status.completionTime });
    expect(items.filter((i) => i.lane === 'Tasks').map((i) => [i.label, i.status])).toEqual([
      ['prepare', 'success'],
      ['restart', 'failure'],
    ]);
    expect(at('phase-pending')).toBeLessThanOrEqual(at('condition-ExecutionCreated'));
    expect(at('condition-ExecutionCreated')).toBeLessThanOrEqual(at(`task-${played.pipelineRun}-prepare`) + 1_000);
    // The controller notices the failed PipelineRun at its next poll: failedAt trails the run's end.
    expect(at('failure')).toBeGreaterThanOrEqual(Date.parse(played.completionTime) - 1_000);
    const audit = auditTimelineItems(a.events, rr);
    expect(audit.map((i) => i.label)).toEqual(['selection.completed', 'execution.started', 'workflow.failed']);
    expect(audit.map((i) => i.status)).toEqual(['success', 'success', 'failure']);
  });

  it('runs a Job-engine execution to Completed and shows its Job', { timeout: LIFECYCLE_TIMEOUT }, async (ctx) => {
    if (missing) ctx.skip(missing);
    const rr = `rr-job-${run}`;
    const tgt = target('job');
    await arrange.remediation(rr);
    const name = await arrange.execution(rr, wf.job, tgt);
    const played = await playJob(arrange.kc, { namespace: CONTROLLER_NAMESPACE, name });
    expect(played.job).toBe(await executionResourceName(tgt));

    const d = await detailIn(name, 'Completed');
    expect(d.status).toMatchObject({ executionEngine: 'job', executionRef: played.job, executionStatus: { status: 'True', reason: 'Succeeded', completedTasks: 1, totalTasks: 1 } });
    expect(d.workload).toMatchObject({ kind: 'Job', namespace: EXECUTION_NAMESPACE, name: played.job, found: true });
    const a = await auditSettled(name);
    expect(a.conformance.status).toBe('ok');
    expect(counts(a)).toEqual({ [WFE_EVENT.selection]: 1, [WFE_EVENT.started]: 1, [WFE_EVENT.completed]: 1, [WFE_EVENT.failed]: 0 });
    expect(a.events.find((e) => e.type === WFE_EVENT.started)?.data).toMatchObject({ pipelinerun_name: played.job });
  });
});

describe('what the controller does with a second execution for the same target', () => {
  it('fails it as deduplicated while the first one runs, with a link to the first', { timeout: LIFECYCLE_TIMEOUT }, async (ctx) => {
    if (missing) ctx.skip(missing);
    const tgt = target('dedup');
    await arrange.remediation(`rr-first-${run}`);
    await arrange.remediation(`rr-second-${run}`);
    const first = await arrange.execution(`rr-first-${run}`, wf.tekton, tgt);
    await arrange.phase(first, 'Running');
    const second = await arrange.execution(`rr-second-${run}`, wf.tekton, tgt);

    const d = await detailIn(second, 'Failed');
    expect(d.deduplicatedBy).toBe(first);
    expect(d.failureDetails).toMatchObject({ reason: 'Deduplicated', wasExecutionFailure: false, message: `Execution resource already exists, owned by WorkflowExecution ${first}` });
    expect(d.status.startTime).toBeUndefined();
    const a = await auditSettled(second);
    // Nothing ran: only workflow.failed is expected, and the controller skips selection.completed.
    expect(a.conformance.status).toBe('ok');
    expect(counts(a)).toEqual({ [WFE_EVENT.selection]: 0, [WFE_EVENT.started]: 0, [WFE_EVENT.completed]: 0, [WFE_EVENT.failed]: 1 });
    expect(a.failure?.disagreements).toEqual([]);
    await playTekton(arrange.kc, { namespace: CONTROLLER_NAMESPACE, name: first });
  });

  it('holds it Pending during the cooldown after the first one finished', { timeout: LIFECYCLE_TIMEOUT }, async (ctx) => {
    if (missing) ctx.skip(missing);
    const tgt = target('cooldown');
    await arrange.remediation(`rr-done-${run}`);
    await arrange.remediation(`rr-held-${run}`);
    const done = await arrange.execution(`rr-done-${run}`, wf.tekton, tgt);
    await playTekton(arrange.kc, { namespace: CONTROLLER_NAMESPACE, name: done }, { tasks: ['restart'] });
    await arrange.phase(done, 'Completed');
    const held = await arrange.execution(`rr-held-${run}`, wf.tekton, tgt);

    const events = await eventually(async () => {
      const e = await arrange.events(held);
      return e.some((x) => x.reason === 'CooldownActive') ? e : null;
    }, 15_000, 'the CooldownActive event');
    expect(events.find((x) => x.reason === 'CooldownActive')?.message).toContain(`cooldown active for ${tgt}`);
    const d = await detailIn(held, 'Pending');
    expect(d.summary.rawPhase).toBe('Pending');
    expect(d.status.executionRef).toBeUndefined();
    const a = await audit(held);
    expect(a.events).toEqual([]);
    expect(a.conformance.problems).toEqual([]);
  });
});

describe('block clearance through the AuthWebhook', () => {
  it('records who cleared a block and why, and the webhook writes block.cleared as that person', { timeout: LIFECYCLE_TIMEOUT }, async (ctx) => {
    if (missing) ctx.skip(missing);
    const rr = `rr-block-${run}`;
    await arrange.remediation(rr);
    const name = await arrange.execution(rr, wf.tektonFailing, target('block'));
    await playTekton(arrange.kc, { namespace: CONTROLLER_NAMESPACE, name }, { tasks: ['restart'], outcome: 'failed' });
    await arrange.phase(name, 'Failed');

    // The webhook refuses a reason under 10 words, whoever asks.
    await expect(arrange.patchStatusAs(OPERATOR_USER, name, { blockClearance: { clearReason: 'fixed it', clearMethod: 'StatusField' } })).rejects.toMatchObject({ code: 403 });
    const reason = 'Rolled the ConfigMap back by hand and watched the pods stay healthy for ten minutes';
    // A forged clearedBy is replaced with the authenticated user.
    await arrange.patchStatusAs(OPERATOR_USER, name, { blockClearance: { clearReason: reason, clearMethod: 'StatusField', clearedBy: 'somebody-else' } });

    const d = await eventually(async () => {
      const x = await detail(name);
      return x.blockClearance ? x : null;
    }, 20_000, 'Flightdeck to show the block clearance');
    expect(d.blockClearance).toMatchObject({ clearedBy: OPERATOR_USER, clearReason: reason, clearMethod: 'StatusField' });
    expect(d.summary.blockCleared).toBe(true);
    // The explorer's search, as an operator would look for it.
    const cleared = await eventually(async () => {
      const res = await auditEvents(new Request(`${BASE}/api/v1/audit/events?correlationId=${rr}&type=workflowexecution.block.cleared`), { params: Promise.resolve({}) });
      return ((await res.json()) as AuditPage).items[0] ?? null;
    }, 20_000, 'the block.cleared event');
    expect(cleared).toMatchObject({ actor: { type: 'user', id: OPERATOR_USER }, resource: { type: 'WorkflowExecution' }, outcome: 'success' });
    expect(cleared.data).toMatchObject({ workflow_name: name, clear_reason: reason, previous_state: 'Blocked', new_state: 'Running' });
  });
});
