import { describe, expect, it } from 'vitest';
import { evaluateConformance, subjectFromWorkflowExecution, summarizeConformance, WFE_EVENT, type ConformanceEvent } from './conformance';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

function wfe(phase: string, status: Record<string, unknown> = {}) {
  return {
    metadata: { name: 'we-rr-1', namespace: 'payments', creationTimestamp: at(0) },
    spec: { remediationRequestRef: { name: 'rr-1', namespace: 'payments' } },
    status: { phase, ...status },
  };
}

const base = {
  workflow_id: 'restart',
  workflow_version: 'v1',
  target_resource: 'payments/Deployment/api',
  container_image: 'img:v1',
  execution_name: 'we-rr-1',
};

let seq = 0;
function event(type: string, s: number, data: Record<string, unknown> = {}): ConformanceEvent {
  return { id: `ev-${++seq}`, type, timestamp: at(s), correlationId: 'rr-1', resource: { id: 'we-rr-1' }, data: { event_type: type, ...base, phase: 'Pending', ...data } };
}

const started = { startTime: at(5), executionRef: { name: 'wfe-abc' }, conditions: [{ type: 'ExecutionCreated', status: 'True', lastTransitionTime: at(5) }] };

describe('evaluateConformance', () => {
  it('passes a completed execution with each lifecycle event once and reports write lag', () => {
    const s = subjectFromWorkflowExecution(wfe('Completed', { ...started, completionTime: at(60) }));
    const events = [
      event(WFE_EVENT.selection, 4),
      event(WFE_EVENT.started, 6, { pipelinerun_name: 'wfe-abc', phase: 'Running' }),
      event(WFE_EVENT.completed, 62, { phase: 'Completed', started_at: at(5), completed_at: at(60), duration: '55s' }),
    ];
    const r = evaluateConformance(s, events, T0 + 3_600_000);
    expect(r.status).toBe('ok');
    expect(r.problems).toEqual([]);
    expect(r.expectations.map((x) => [x.type, x.state])).toEqual([
      [WFE_EVENT.selection, 'ok'],
      [WFE_EVENT.started, 'ok'],
      [WFE_EVENT.completed, 'ok'],
      [WFE_EVENT.failed, 'not-expected'],
    ]);
    expect(r.expectations.find((x) => x.type === WFE_EVENT.completed)!.lagMs).toBe(2_000);
    expect(r.expectations.find((x) => x.type === WFE_EVENT.started)!.lagMs).toBe(1_000);
  });

  it('flags selection.completed emitted 16 times with its count', () => {
    const s = subjectFromWorkflowExecution(wfe('Running', started));
    const events = [...Array.from({ length: 16 }, (_, i) => event(WFE_EVENT.selection, 1 + i * 0.1)), event(WFE_EVENT.started, 6, { pipelinerun_name: 'wfe-abc' })];
    const r = evaluateConformance(s, events, T0 + 3_600_000);
    expect(r.status).toBe('issues');
    const sel = r.expectations.find((x) => x.type === WFE_EVENT.selection)!;
    expect(sel).toMatchObject({ state: 'duplicate', count: 16 });
    expect(r.problems).toContain(`${WFE_EVENT.selection} emitted 16 times (expected once)`);
    expect(summarizeConformance(r)).toMatchObject({ status: 'issues', duplicates: 1, missing: 0 });
  });

  it('reports a missing workflow.failed as pending within the grace period and missing after it', () => {
    const s = subjectFromWorkflowExecution(wfe('Failed', { ...started, completionTime: at(30), failureDetails: { reason: 'TaskFailed', failedAt: at(30), message: 'x' } }));
    const events = [event(WFE_EVENT.selection, 4), event(WFE_EVENT.started, 6, { pipelinerun_name: 'wfe-abc' })];
    const soon = evaluateConformance(s, events, T0 + 40_000, 60_000);
    expect(soon.status).toBe('pending');
    expect(soon.expectations.find((x) => x.type === WFE_EVENT.failed)!.state).toBe('pending');
    const later = evaluateConformance(s, events, T0 + 91_000, 60_000);
    expect(later.status).toBe('issues');
    expect(later.problems).toContain(`${WFE_EVENT.failed} missing (expected in phase Failed)`);
  });

  it('does not require selection or execution events of a failure before execution', () => {
    const s = subjectFromWorkflowExecution(wfe('Failed', { completionTime: at(3), failureDetails: { reason: 'ConfigurationError', failedAt: at(3), message: 'bad' } }));
    const r = evaluateConformance(
      s,
      [event(WFE_EVENT.failed, 3.2, { phase: 'Failed', failure_reason: 'ConfigurationError', failure_message: 'bad', error_details: { code: 'ERR_WORKFLOW_NOT_FOUND' } })],
      T0 + 3_600_000,
    );
    expect(r.status).toBe('ok');
    expect(r.expectations.slice(0, 2).map((x) => x.state)).toEqual(['not-expected', 'not-expected']);
  });

  it('flags workflow.completed on a failed execution', () => {
    const s = subjectFromWorkflowExecution(wfe('Failed', { ...started, completionTime: at(30) }));
    const events = [
      event(WFE_EVENT.selection, 4),
      event(WFE_EVENT.started, 6, { pipelinerun_name: 'p' }),
      event(WFE_EVENT.failed, 31, { phase: 'Failed', failure_reason: 'TaskFailed', failure_message: 'm', error_details: {} }),
      event(WFE_EVENT.completed, 31, { phase: 'Completed', started_at: at(5), completed_at: at(30) }),
    ];
    const r = evaluateConformance(s, events, T0 + 3_600_000);
    expect(r.expectations.find((x) => x.type === WFE_EVENT.completed)!.state).toBe('unexpected');
    expect(r.status).toBe('issues');
  });

  it('flags empty phases, missing required fields and a terminal phase that disagrees', () => {
    const s = subjectFromWorkflowExecution(wfe('Completed', { ...started, completionTime: at(60) }));
    const events = [
      event(WFE_EVENT.selection, 4, { phase: '' }),
      event(WFE_EVENT.started, 6, { container_image: undefined }),
      event(WFE_EVENT.completed, 62, { phase: 'Running', started_at: at(5), completed_at: at(60) }),
    ];
    const r = evaluateConformance(s, events, T0 + 3_600_000);
    expect(r.status).toBe('issues');
    expect(r.fieldIssues).toHaveLength(3);
    expect(r.fieldIssues[0]).toMatchObject({ type: WFE_EVENT.selection, emptyPhase: true });
    expect(r.fieldIssues[1]).toMatchObject({ type: WFE_EVENT.started, missing: ['container_image', 'pipelinerun_name'] });
    expect(r.fieldIssues[2]!.phaseMismatch).toEqual({ expected: 'Completed', actual: 'Running' });
  });

  it('ignores events of other executions and correlations', () => {
    const s = subjectFromWorkflowExecution(wfe('Running', started));
    const other = { ...event(WFE_EVENT.selection, 4), correlationId: 'rr-2' };
    const sibling = event(WFE_EVENT.selection, 4, { execution_name: 'we-rr-1-retry' });
    const r = evaluateConformance(s, [other, sibling, event(WFE_EVENT.selection, 4), event(WFE_EVENT.started, 6, { pipelinerun_name: 'p' })], T0 + 3_600_000);
    expect(r.status).toBe('ok');
  });

  it('treats an empty CRD phase as Pending, where nothing is required yet but duplicates still count', () => {
    const s = subjectFromWorkflowExecution(wfe(''));
    expect(evaluateConformance(s, [], T0 + 3_600_000).status).toBe('ok');
    const dup = evaluateConformance(s, [event(WFE_EVENT.selection, 1), event(WFE_EVENT.selection, 2)], T0 + 3_600_000);
    expect(dup.phase).toBe('Pending');
    expect(dup.status).toBe('issues');
  });
});

describe('subjectFromWorkflowExecution', () => {
  it('tolerates missing status and unknown shapes', () => {
    expect(subjectFromWorkflowExecution({ metadata: { name: 'a', namespace: 'b' } })).toMatchObject({ name: 'a', namespace: 'b', phase: '', correlationId: null, executionStarted: false });
    expect(subjectFromWorkflowExecution(null).name).toBe('');
  });
});
