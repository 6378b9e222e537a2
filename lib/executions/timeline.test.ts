import { describe, expect, it } from 'vitest';
import type { ExecutionDetail } from '../schemas/executions';
import { executionTimelineItems, timelineRange } from './timeline';

const base = {
  summary: { createdAt: '2025-01-01T00:00:00Z' },
  status: { phase: 'Failed', rawPhase: 'Failed', startTime: '2025-01-01T00:00:10Z', completionTime: '2025-01-01T00:01:00Z' },
  conditions: [
    { type: 'ExecutionCreated', status: 'True', reason: 'Created', lastTransitionTime: '2025-01-01T00:00:10Z' },
    { type: 'Ready', status: 'False', reason: 'TaskFailed', message: 'boom', lastTransitionTime: '2025-01-01T00:01:00Z' },
    { type: 'AuditRecorded', status: 'Unknown' },
  ],
  failureDetails: { reason: 'OOMKilled', failedAt: '2025-01-01T00:00:58Z', message: 'killed' },
  workload: {
    taskRuns: [
      { name: 'a', pipelineTask: 'backup', status: 'Succeeded', startTime: '2025-01-01T00:00:11Z', completionTime: '2025-01-01T00:00:20Z', steps: [] },
      { name: 'b', pipelineTask: 'patch', status: 'Failed', startTime: '2025-01-01T00:00:21Z', completionTime: '2025-01-01T00:00:58Z', steps: [] },
      { name: 'c', status: 'Pending', steps: [] },
    ],
  },
} as unknown as ExecutionDetail;

describe('executionTimelineItems', () => {
  it('puts phases, condition transitions, the failure and TaskRuns on one axis', () => {
    const items = executionTimelineItems(base);
    expect(items.map((i) => `${i.lane}:${i.label}`)).toEqual([
      'Execution:Pending',
      'Execution:Failed',
      'Execution:Failed: OOMKilled',
      'Conditions:ExecutionCreated=True (Created)',
      'Conditions:Ready=False (TaskFailed)',
      'Tasks:backup',
      'Tasks:patch',
    ]);
    expect(items.find((i) => i.label === 'patch')?.status).toBe('failure');
    expect(items[0]).toMatchObject({ start: '2025-01-01T00:00:00Z', end: '2025-01-01T00:00:10Z' });
  });

  it('draws a running execution up to now', () => {
    const running = { ...base, status: { phase: 'Running', rawPhase: 'Running', startTime: '2025-01-01T00:00:10Z' }, failureDetails: undefined, conditions: [], workload: undefined } as unknown as ExecutionDetail;
    const items = executionTimelineItems(running);
    expect(items.find((i) => i.label === 'Running')?.end).toBeNull();
    const now = Date.parse('2025-01-01T00:05:00Z');
    expect(timelineRange(items, now)).toEqual({ from: Date.parse('2025-01-01T00:00:00Z'), to: now });
  });
});
