import { describe, expect, it } from 'vitest';
import { handWrittenEvents, remediationStatus } from './handwritten';
import { planLive } from './live';
import { FAULT_KINDS } from './marks';
import { DEMO_WORKFLOWS, planBackfill, planRemediation, rng } from './plan';
import { BLOCKED_SERVICE, planLiveCommit, planReportHistory, REPORT_SERVICES, REPORT_TIERS } from './reports';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-12-01T00:00:00Z');

describe('the backfill plan', () => {
  const plan = planBackfill({ from: NOW - 72 * HOUR, to: NOW, perHour: 4, seed: 42 });

  it('plans hundreds of remediations over three days, oldest first, inside the window', () => {
    expect(plan.length).toBeGreaterThan(200);
    expect(plan.length).toBeLessThan(400);
    expect(plan.every((p, i) => i === 0 || p.start >= plan[i - 1]!.start)).toBe(true);
    expect(plan[0]!.start).toBeGreaterThanOrEqual(NOW - 72 * HOUR);
    expect(plan.at(-1)!.start).toBeLessThan(NOW);
  });

  it('is the same for the same window and seed (a re-run collides instead of piling up)', () => {
    expect(planBackfill({ from: NOW - 72 * HOUR, to: NOW, perHour: 4, seed: 42 }).map((p) => p.id)).toEqual(plan.map((p) => p.id));
  });

  it('has unique, DNS-safe names that fit a label value once prefixed with we-', () => {
    expect(new Set(plan.map((p) => p.id)).size).toBe(plan.length);
    for (const p of plan) expect(`we-${p.id}`).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])$/);
  });

  it('mixes outcomes, engines and failure reasons, and every fault kind', () => {
    const failed = plan.filter((p) => p.outcome === 'failed');
    expect(failed.length / plan.length).toBeGreaterThan(0.05);
    expect(failed.length / plan.length).toBeLessThan(0.3);
    expect(new Set(plan.map((p) => p.workflow.engine))).toEqual(new Set(['tekton', 'job']));
    expect(new Set(failed.map((p) => p.failure?.reason)).size).toBeGreaterThanOrEqual(3);
    for (const kind of FAULT_KINDS) expect(plan.some((p) => p.fault === kind)).toBe(true);
    for (const p of failed) expect(p.failure?.failedTaskName).toBe(p.workflow.tasks[p.failedTaskIndex!]);
  });

  it('leaves the two most recent execution failures blocked', () => {
    const blocked = plan.filter((p) => p.blocked);
    expect(blocked).toHaveLength(2);
    expect(blocked.every((p) => p.outcome === 'failed' && p.failure?.wasExecutionFailure && !p.fault)).toBe(true);
  });
});

describe('hand-written remediations', () => {
  const base = planRemediation(rng(1), NOW - HOUR, { forceOutcome: 'completed' });

  it('tell the whole story of a completed one with one of each lifecycle event', () => {
    const types = handWrittenEvents(base, NOW).events.map((e) => e.event_type);
    expect(types[0]).toBe('gateway.signal.received');
    expect(types.filter((t) => t === 'workflowexecution.selection.completed')).toHaveLength(1);
    expect(types).toContain('workflowexecution.workflow.completed');
    expect(types).not.toContain('workflowexecution.workflow.failed');
  });

  it('leave out what has not happened yet', () => {
    const events = handWrittenEvents({ ...base, start: NOW - 60_000 }, NOW).events;
    expect(events.every((e) => Date.parse(e.event_timestamp) <= NOW)).toBe(true);
    expect(events.map((e) => e.event_type)).not.toContain('effectiveness.assessment.completed');
  });

  it('inject each fault as its label says', () => {
    const dup = handWrittenEvents(planRemediation(rng(2), NOW - HOUR, { fault: 'duplicate-selection' }), NOW).events;
    expect(dup.filter((e) => e.event_type === 'workflowexecution.selection.completed')).toHaveLength(16);
    const silent = handWrittenEvents(planRemediation(rng(3), NOW - HOUR, { fault: 'silent-failure' }), NOW);
    expect(silent.plan.outcome).toBe('failed');
    expect(silent.events.map((e) => e.event_type)).not.toContain('workflowexecution.workflow.failed');
    expect(silent.events.map((e) => e.event_type)).toContain('orchestrator.lifecycle.failed');
    const future = handWrittenEvents(planRemediation(rng(4), NOW - HOUR, { fault: 'unknown-event-type' }), NOW).events;
    expect(future.filter((e) => e.event_type === 'remediationplanner.plan.proposed')).toHaveLength(1);
    expect(future.every((e, i) => i === 0 || Date.parse(e.event_timestamp) >= Date.parse(future[i - 1]!.event_timestamp))).toBe(true);
  });

  it("close the RemediationRequest with the CRD's enums", () => {
    expect(remediationStatus({ ...base, outcome: 'completed' })).toEqual({ overallPhase: 'Completed', outcome: 'Remediated' });
    expect(remediationStatus({ ...base, outcome: 'failed', failure: { reason: 'TaskFailed', message: 'boom' } })).toEqual({ overallPhase: 'Failed', failurePhase: 'WorkflowExecution', failureReason: 'boom' });
    expect(remediationStatus({ ...base, outcome: 'failed', blocked: true })).toMatchObject({ overallPhase: 'Blocked', blockReason: 'ConsecutiveFailures', blockingWorkflowExecution: `we-${base.id}` });
  });

  it('name only workflows of the demo catalog', () => {
    expect(DEMO_WORKFLOWS.map((w) => w.workflowId)).toContain(base.workflow.workflowId);
  });
});

describe('live remediations', () => {
  it('avoid targets that ran recently (the controller cools down per target)', () => {
    const random = rng(9);
    const first = planLive(random, 1, new Set())!;
    for (let n = 2; n < 50; n++) expect(planLive(random, n, new Set([first.targetResource]))!.targetResource).not.toBe(first.targetResource);
  });

  it('wait when every target is busy rather than reuse one', () => {
    const random = rng(9);
    const all = new Set<string>();
    for (let i = 0; i < 500; i++) all.add(planLive(random, i, new Set())!.targetResource);
    expect(all.size).toBeGreaterThanOrEqual(16);
    expect(planLive(random, 1, all)).toBeNull();
  });

  it('run Jobs now and then and fail about one in six, some leaving the target blocked', () => {
    const random = rng(5);
    const plans = Array.from({ length: 600 }, (_, i) => planLive(random, i + 1, new Set(), NOW + i * 1000)!);
    const share = (f: (p: (typeof plans)[number]) => boolean) => plans.filter(f).length / plans.length;
    expect(share((p) => p.role.startsWith('job'))).toBeGreaterThan(0.1);
    expect(share((p) => p.role === 'tektonFailing' || p.role === 'jobFailing')).toBeGreaterThan(0.1);
    expect(share((p) => p.role === 'tektonFailing' || p.role === 'jobFailing')).toBeLessThan(0.3);
    expect(plans.some((p) => p.blocked)).toBe(true);
    expect(plans.filter((p) => p.blocked).every((p) => p.role === 'tektonFailing')).toBe(true);
    for (const p of plans.filter((x) => x.failTask)) expect(p.tasks).toContain(p.failTask);
  });

  it('fail the share asked for, Tekton and Job alike', () => {
    const plans = (failShare: number) => {
      const random = rng(5);
      return Array.from({ length: 600 }, (_, i) => planLive(random, i + 1, new Set(), NOW + i * 1000, { failShare })!);
    };
    const failing = (p: { role: string }) => p.role === 'tektonFailing' || p.role === 'jobFailing';
    expect(plans(1).every(failing)).toBe(true);
    expect(plans(1).some((p) => p.role === 'jobFailing')).toBe(true);
    expect(plans(0).some(failing)).toBe(false);
    const half = plans(0.5).filter(failing).length / 600;
    expect(half).toBeGreaterThan(0.4);
    expect(half).toBeLessThan(0.6);
  });
});

describe('the report history', () => {
  const history = planReportHistory({ from: NOW - 72 * HOUR, to: NOW - HOUR, instance: 'demo' });

  it('runs every service in every tier on each commit, with stable run ids', () => {
    expect(new Set(history.map((r) => r.commit)).size).toBe(5);
    for (const s of REPORT_SERVICES) for (const t of REPORT_TIERS) expect(history.some((r) => r.service === s && r.tier === t)).toBe(true);
    expect(history.map((r) => r.runId)).toEqual(planReportHistory({ from: NOW, to: NOW + HOUR, instance: 'demo' }).map((r) => r.runId));
    expect(history.every((r) => r.runId.startsWith('demo-'))).toBe(true);
  });

  it('leaves the blocked service red on its last commit and every other service green', () => {
    const last = history.at(-1)!.commit;
    const onLast = history.filter((r) => r.commit === last);
    expect(onLast.filter((r) => r.fail.length).map((r) => `${r.service}/${r.tier}`)).toEqual(['workflowexecution/integration', `${BLOCKED_SERVICE}/e2e`]);
  });

  it('has one test that failed and passed on the same commit (flaky)', () => {
    const last = history.at(-1)!.commit;
    const attempts = history.filter((r) => r.commit === last && r.service === 'workflowexecution' && r.tier === 'integration');
    expect(attempts.map((r) => r.fail)).toEqual([['wfe-cooldown'], []]);
  });

  it('adds green commits live, never for the blocked service', () => {
    const random = rng(3);
    for (let i = 0; i < 20; i++) {
      const c = planLiveCommit(random, NOW, 'demo');
      expect(c).toHaveLength(REPORT_TIERS.length);
      expect(c[0]!.service).not.toBe(BLOCKED_SERVICE);
      expect(c.every((r) => r.fail.length === 0 && r.commit === c[0]!.commit)).toBe(true);
    }
  });
});
