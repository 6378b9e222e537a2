import { describe, expect, it } from 'vitest';
import { rawWfe } from './test-fixtures';
import { toCachedExecution, toCachedPipelineRun, toCachedRemediation, toCachedTaskRun } from './wire';

describe('toCachedExecution', () => {
  it('reshapes the printer columns and filter keys of a completed v1.5.7 execution', () => {
    const e = toCachedExecution(
      rawWfe({
        name: 'we-rr-abc',
        namespace: 'payments',
        workflowId: 'restart-pod',
        target: 'payments/deployment/api',
        status: {
          phase: 'Completed',
          startTime: '2025-01-01T00:00:00Z',
          completionTime: '2025-01-01T00:02:30Z',
          duration: '2m30s',
          conditions: [{ type: 'Ready', status: 'True', reason: 'ExecutionSucceeded', message: '', lastTransitionTime: '2025-01-01T00:02:30Z' }],
        },
      }),
    );
    expect(e?.summary).toMatchObject({
      name: 'we-rr-abc',
      namespace: 'payments',
      phase: 'Completed',
      workflowId: 'restart-pod',
      targetResource: 'payments/deployment/api',
      durationMs: 150_000,
      durationText: '2m30s',
      reason: 'ExecutionSucceeded',
    });
    expect(e?.rrName).toBe('rr-abc');
    expect(e?.search).toContain('restart-pod');
    expect(e?.finishedMs).toBe(Date.parse('2025-01-01T00:02:30Z'));
  });

  it('treats an empty phase as Pending and a phase from a newer Kubernaut as Unknown', () => {
    expect(toCachedExecution(rawWfe({}))?.summary.phase).toBe('Pending');
    const e = toCachedExecution(rawWfe({ status: { phase: 'Paused' } }));
    expect(e?.summary).toMatchObject({ phase: 'Unknown', rawPhase: 'Paused' });
  });

  it('accepts the v1.6 shape (workflowName, actionType, timesOutAt, retryCount)', () => {
    const e = toCachedExecution(
      rawWfe({
        spec: {
          workflowRef: { workflowId: 'wf-1', version: '2', executionBundle: 'b', workflowName: 'Scale Up', actionType: 'scale' },
          timesOutAt: '2025-01-01T01:00:00Z',
          clusterID: 'c1',
        },
        status: { phase: 'Running', startTime: '2025-01-01T00:00:00Z', executionStatus: { status: 'Unknown', retryCount: 2 } },
      }),
    );
    expect(e?.summary.invalid).toBeUndefined();
    expect(e?.summary.phase).toBe('Running');
    expect(e?.summary.durationMs).toBeUndefined();
    expect(e?.search).toContain('scale up');
  });

  it('keeps a malformed object as an invalid row instead of failing', () => {
    const raw = rawWfe({ name: 'we-broken' });
    (raw.spec as Record<string, unknown>).workflowRef = { version: 3 };
    const e = toCachedExecution(raw);
    expect(e?.summary.name).toBe('we-broken');
    expect(e?.summary.phase).toBe('Unknown');
    expect(e?.summary.invalid?.reason).toMatch(/spec\.workflowRef/);
  });

  it('returns null for an object that cannot be identified', () => {
    expect(toCachedExecution({ metadata: { name: 'x' } })).toBeNull();
    expect(toCachedExecution(null)).toBeNull();
  });

  it('takes the failure reason from failureDetails and the finish time from failedAt', () => {
    const e = toCachedExecution(
      rawWfe({
        status: {
          phase: 'Failed',
          failureDetails: { reason: 'OOMKilled', failedTaskIndex: 0, failedTaskName: 't', message: 'm', naturalLanguageSummary: 's', failedAt: '2025-01-01T00:05:00Z' },
        },
      }),
    );
    expect(e?.summary.failureReason).toBe('OOMKilled');
    expect(e?.finishedMs).toBe(Date.parse('2025-01-01T00:05:00Z'));
  });
});

describe('other kinds', () => {
  it('reshapes a RemediationRequest into the signal, severity and phase', () => {
    expect(
      toCachedRemediation({
        metadata: { name: 'rr-1', namespace: 'p', uid: 'u' },
        spec: { signalName: 'KubePodCrashLooping', severity: 'critical' },
        status: { overallPhase: 'Executing' },
      }),
    ).toEqual({ uid: 'u', namespace: 'p', name: 'rr-1', found: true, signalName: 'KubePodCrashLooping', severity: 'critical', overallPhase: 'Executing' });
  });

  it('reads Tekton run status and failed steps', () => {
    const pr = toCachedPipelineRun({
      metadata: { name: 'wfe-1', namespace: 'kubernaut-workflows', uid: 'p', labels: { 'kubernaut.ai/workflow-execution': 'we-1', 'kubernaut.ai/source-namespace': 'payments' } },
      status: { conditions: [{ type: 'Succeeded', status: 'False', reason: 'Failed' }], pipelineSpec: { tasks: [{ name: 'a' }, { name: 'b' }] } },
    });
    expect(pr).toMatchObject({ workflowExecution: 'we-1', sourceNamespace: 'payments', status: 'Failed', totalTasks: 2 });
    const tr = toCachedTaskRun({
      metadata: { name: 'wfe-1-b', namespace: 'kubernaut-workflows', uid: 't', labels: { 'tekton.dev/pipelineRun': 'wfe-1', 'tekton.dev/pipelineTask': 'b' } },
      status: {
        conditions: [{ type: 'Succeeded', status: 'Unknown', reason: 'Running' }],
        steps: [{ name: 'apply', terminated: { exitCode: 1, reason: 'Error' } }, { name: 'verify', running: { startedAt: 'x' } }],
      },
    });
    expect(tr).toMatchObject({ pipelineRun: 'wfe-1', pipelineTask: 'b', status: 'Running' });
    expect(tr?.steps).toEqual([
      { name: 'apply', state: 'terminated', exitCode: 1, reason: 'Error' },
      { name: 'verify', state: 'running', startedAt: 'x' },
    ]);
  });
});
