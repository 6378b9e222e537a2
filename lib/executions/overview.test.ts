import { describe, expect, it } from 'vitest';
import { NO_REASON_KEY } from '../schemas/overview';
import { computeOverview } from './overview';
import { compileFilter } from './query';
import { cached } from './test-fixtures';

const NOW = Date.parse('2026-03-02T12:30:00Z');
const ago = (hours: number) => new Date(NOW - hours * 3_600_000).toISOString();

function failed(name: string, hoursAgo: number, over: { namespace?: string; reason?: string; task?: string; workflowId?: string; target?: string; executionFailure?: boolean; cleared?: boolean } = {}) {
  return cached({
    name,
    namespace: over.namespace ?? 'payments',
    workflowId: over.workflowId ?? 'restart-pod',
    target: over.target ?? `payments/Deployment/${name}`,
    created: ago(hoursAgo + 0.1),
    status: {
      phase: 'Failed',
      startTime: ago(hoursAgo + 0.05),
      completionTime: ago(hoursAgo),
      failureDetails: {
        ...(over.reason === undefined ? {} : { reason: over.reason }),
        failedTaskName: over.task ?? 'apply',
        message: 'x'.repeat(500),
        wasExecutionFailure: over.executionFailure ?? false,
      },
      ...(over.cleared ? { blockClearance: { clearedBy: 'alice', clearReason: 'checked the cluster by hand and it is healthy again now', clearMethod: 'Annotation' } } : {}),
    },
  });
}

function completed(name: string, hoursAgo: number, namespace = 'payments') {
  return cached({ name, namespace, created: ago(hoursAgo + 0.1), status: { phase: 'Completed', startTime: ago(hoursAgo + 0.05), completionTime: ago(hoursAgo) } });
}

const running = (name: string, namespace = 'payments') => cached({ name, namespace, created: ago(0.2), status: { phase: 'Running', startTime: ago(0.1) } });
const pending = (name: string) => cached({ name, created: ago(0.01) });

describe('computeOverview', () => {
  it('counts running and pending executions and the outcomes of the last 24 hours against the day before', () => {
    const rows = [running('r1'), running('r2'), pending('p1'), completed('c1', 1), completed('c2', 2), completed('c3', 3), failed('f1', 4, { reason: 'OOMKilled' }), completed('old1', 30), failed('old2', 30, { reason: 'TaskFailed' }), failed('old3', 40, { reason: 'TaskFailed' }), completed('ancient', 60)];
    const o = computeOverview(rows, {}, NOW);
    expect(o.running).toBe(2);
    expect(o.pending).toBe(1);
    expect(o.total).toBe(rows.length);
    expect(o.last24h).toMatchObject({ completed: 3, failed: 1, successRate: 0.75, from: ago(24), to: ago(0) });
    expect(o.previous24h).toMatchObject({ completed: 1, failed: 2, successRate: 1 / 3, from: ago(48), to: ago(24) });
    expect(o.generatedAt).toBe(ago(0));
  });

  it('reports no success rate when nothing finished', () => {
    const o = computeOverview([running('r1')], {}, NOW);
    expect(o.last24h.successRate).toBeNull();
    expect(o.recentFailures).toEqual([]);
    expect(o.topReasons).toEqual([]);
  });

  it('lists the newest failures first with reason, failed task and a cut message', () => {
    const rows = Array.from({ length: 12 }, (_, i) => failed(`f${i}`, i + 0.5, { reason: i % 2 ? 'OOMKilled' : 'TaskFailed', task: `task-${i}` }));
    const o = computeOverview(rows, {}, NOW);
    expect(o.recentFailures.map((f) => f.name)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7']);
    expect(o.recentFailures[0]).toMatchObject({ namespace: 'payments', reason: 'TaskFailed', failedTask: 'task-0', at: ago(0.5), workflowId: 'restart-pod' });
    expect(o.recentFailures[0]?.message?.length).toBe(240);
  });

  it('ranks failure reasons and workflows of the last 24 hours, ties by name', () => {
    const rows = [
      failed('a', 1, { reason: 'OOMKilled', workflowId: 'scale-up' }),
      failed('b', 2, { reason: 'OOMKilled', workflowId: 'scale-up' }),
      failed('c', 3, { reason: 'TaskFailed', workflowId: 'restart-pod' }),
      failed('d', 4, { workflowId: 'drain-node' }),
      failed('e', 30, { reason: 'Forbidden', workflowId: 'old' }),
    ];
    const o = computeOverview(rows, {}, NOW);
    expect(o.topReasons).toEqual([
      { key: 'OOMKilled', count: 2 },
      { key: NO_REASON_KEY, count: 1 },
      { key: 'TaskFailed', count: 1 },
    ]);
    expect(o.topWorkflows).toEqual([
      { key: 'scale-up', count: 2 },
      { key: 'drain-node', count: 1 },
      { key: 'restart-pod', count: 1 },
    ]);
  });

  it('buckets finished executions per hour, oldest first, 24 buckets ending with the current hour', () => {
    const o = computeOverview([completed('c1', 0.1), failed('f1', 0.2), completed('c2', 5)], {}, NOW);
    expect(o.hourly).toHaveLength(24);
    expect(o.hourly[23]).toEqual({ start: '2026-03-02T12:00:00.000Z', completed: 1, failed: 1 });
    expect(o.hourly[0]?.start).toBe('2026-03-01T13:00:00.000Z');
    expect(o.hourly.find((h) => h.start === '2026-03-02T07:00:00.000Z')).toMatchObject({ completed: 1, failed: 0 });
  });

  it('lists targets blocked by an uncleared execution failure, the newest blocking execution per target', () => {
    const rows = [
      failed('old-block', 10, { target: 'payments/Deployment/api', executionFailure: true, reason: 'TaskFailed' }),
      failed('new-block', 2, { target: 'payments/Deployment/api', executionFailure: true, reason: 'OOMKilled', task: 'patch' }),
      failed('cleared', 1, { target: 'payments/Deployment/db', executionFailure: true, cleared: true }),
      failed('pre-execution', 1, { target: 'payments/Deployment/web', executionFailure: false }),
      failed('week-old', 24 * 7, { target: 'payments/Deployment/queue', executionFailure: true }),
    ];
    const o = computeOverview(rows, {}, NOW);
    expect(o.blockedCount).toBe(2);
    expect(o.blockedTargets).toEqual([
      { targetResource: 'payments/Deployment/api', namespace: 'payments', name: 'new-block', reason: 'OOMKilled', failedTask: 'patch', at: ago(2) },
      expect.objectContaining({ targetResource: 'payments/Deployment/queue', name: 'week-old' }),
    ]);
  });

  it('counts only what the visibility filter admits', () => {
    const rows = [running('r1', 'payments'), running('r2', 'billing'), completed('c1', 1, 'billing'), failed('f1', 1, { namespace: 'payments', reason: 'OOMKilled', executionFailure: true })];
    const o = computeOverview(rows, compileFilter({ namespace: ['billing'] }), NOW);
    expect(o).toMatchObject({ running: 1, total: 2, blockedCount: 0, recentFailures: [], topReasons: [] });
    expect(o.last24h).toMatchObject({ completed: 1, failed: 0 });
  });
});
