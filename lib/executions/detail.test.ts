import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildDetail, isSecretKey, pipelineRunWorkload, redactParameters, REDACTED } from './detail';
import { rawWfe } from './test-fixtures';

describe('redaction', () => {
  it.each(['API_TOKEN', 'DB_PASSWORD', 'CLIENT_SECRET', 'SSH_PRIVATE_KEY', 'api_key', 'AWS_ACCESS_KEY_ID', 'TLS_CERT'])('treats %s as secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });
  it.each(['TARGET_NAME', 'NAMESPACE', 'REPLICAS'])('shows %s', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
  it('replaces only secret values', () => {
    expect(redactParameters({ NAMESPACE: 'p', GITHUB_TOKEN: 'ghp_x' })).toEqual({ NAMESPACE: 'p', GITHUB_TOKEN: REDACTED });
  });
});

describe('buildDetail', () => {
  const raw = rawWfe({
    name: 'we-rr-9',
    parameters: { NAMESPACE: 'payments', SLACK_TOKEN: 'xoxb-secret', DB_PASSWORD: 'hunter2' },
    status: {
      phase: 'Failed',
      startTime: '2025-01-01T00:00:00Z',
      completionTime: '2025-01-01T00:01:00Z',
      executionRef: { name: 'wfe-abc' },
      executionStatus: { status: 'False', reason: 'Failed', completedTasks: 1, totalTasks: 3 },
      failureDetails: {
        failedTaskIndex: 1,
        failedTaskName: 'apply-patch',
        failedStepName: 'kubectl',
        reason: 'OOMKilled',
        message: 'container killed',
        exitCode: 137,
        failedAt: '2025-01-01T00:01:00Z',
        naturalLanguageSummary: 'The apply-patch task ran out of memory.',
        wasExecutionFailure: true,
      },
      blockClearance: { clearedAt: '2025-01-01T02:00:00Z', clearedBy: 'admin@kubernaut.ai', clearReason: 'verified', clearMethod: 'Annotation' },
      conditions: [{ type: 'Ready', status: 'False', reason: 'TaskFailed', message: 'boom', lastTransitionTime: '2025-01-01T00:01:00Z' }],
    },
  });
  (raw.metadata as Record<string, unknown>).annotations = { 'kubectl.kubernetes.io/last-applied-configuration': '{"spec":{"parameters":{"SLACK_TOKEN":"xoxb-secret"}}}' };
  const detail = buildDetail({ raw, seq: 7, epoch: 'e' });

  it('redacts secret-looking parameters in the spec and in the YAML', () => {
    expect(detail.spec.parameters).toEqual({ NAMESPACE: 'payments', SLACK_TOKEN: REDACTED, DB_PASSWORD: REDACTED });
    expect(detail.yaml).not.toContain('xoxb-secret');
    expect(detail.yaml).not.toContain('hunter2');
    expect(detail.yaml).not.toContain('managedFields');
    const doc = parse(detail.yaml) as { spec: { parameters: Record<string, string> } };
    expect(doc.spec.parameters.NAMESPACE).toBe('payments');
  });

  it('carries failure details, block clearance and conditions', () => {
    expect(detail.failureDetails).toMatchObject({ reason: 'OOMKilled', failedTaskName: 'apply-patch', failedStepName: 'kubectl', exitCode: 137, wasExecutionFailure: true });
    expect(detail.blockClearance).toEqual({ clearedAt: '2025-01-01T02:00:00Z', clearedBy: 'admin@kubernaut.ai', clearReason: 'verified', clearMethod: 'Annotation' });
    expect(detail.conditions[0]).toMatchObject({ type: 'Ready', reason: 'TaskFailed' });
    expect(detail.status.executionStatus).toMatchObject({ completedTasks: 1, totalTasks: 3 });
    expect(detail.summary.durationMs).toBe(60_000);
  });

  it('reads an absent wasExecutionFailure as false, since Kubernaut omits false', () => {
    const dedup = rawWfe({ name: 'we-rr-10', status: { phase: 'Failed', deduplicatedBy: 'we-rr-9', failureDetails: { failedTaskIndex: 0, failedTaskName: '', reason: 'Deduplicated', failedAt: '2025-01-01T00:01:00Z' } } });
    expect(buildDetail({ raw: dedup, seq: 1, epoch: 'e' }).failureDetails).toMatchObject({ reason: 'Deduplicated', wasExecutionFailure: false });
  });

  it('does not change the object it was given', () => {
    expect((raw.spec as { parameters: Record<string, string> }).parameters.SLACK_TOKEN).toBe('xoxb-secret');
  });
});

describe('pipelineRunWorkload', () => {
  it('computes completed/total and the failed task and step', () => {
    const w = pipelineRunWorkload(
      'kubernaut-workflows',
      'wfe-abc',
      { uid: 'p', namespace: 'kubernaut-workflows', name: 'wfe-abc', status: 'Failed', totalTasks: 3 },
      [
        { name: 'wfe-abc-a', pipelineTask: 'backup', status: 'Succeeded', startTime: '2025-01-01T00:00:00Z', steps: [] },
        {
          name: 'wfe-abc-b',
          pipelineTask: 'apply-patch',
          status: 'Failed',
          startTime: '2025-01-01T00:00:10Z',
          steps: [
            { name: 'prepare', state: 'terminated', exitCode: 0 },
            { name: 'kubectl', state: 'terminated', exitCode: 137, reason: 'OOMKilled' },
          ],
        },
      ],
    );
    expect(w).toMatchObject({ found: true, completedTasks: 1, totalTasks: 3, failedTask: 'apply-patch', failedStep: 'kubectl' });
  });

  it('says when the PipelineRun is missing and falls back to the status counts', () => {
    const w = pipelineRunWorkload('ns', 'wfe-x', undefined, [], { completedTasks: 2, totalTasks: 4 });
    expect(w).toMatchObject({ found: false, completedTasks: 2, totalTasks: 4 });
    expect(w.message).toMatch(/not found/);
  });
});
