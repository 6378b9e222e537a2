import { describe, expect, it } from 'vitest';
import { executionListQuerySchema, parseUrlState, urlStateToSearchParams, type ExecutionListQuery } from '../schemas/executions';
import { AppError } from '../errors';
import { compileFilter, countsDelta, decodeCursor, encodeCursor, matches, outcomesOverTime, pageExecutions } from './query';
import { cached } from './test-fixtures';
import type { CachedExecution } from './wire';

const q = (input: Record<string, unknown> = {}): ExecutionListQuery => executionListQuerySchema.parse(input);
const NOW = Date.parse('2025-01-02T00:00:00Z');

function population(): CachedExecution[] {
  const rows: CachedExecution[] = [];
  for (let i = 0; i < 30; i++) {
    const phase = ['Pending', 'Running', 'Completed', 'Failed'][i % 4] as string;
    const created = new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString();
    rows.push(
      cached({
        name: `we-rr-${String(i).padStart(2, '0')}`,
        uid: `u${String(i).padStart(2, '0')}`,
        namespace: i % 3 === 0 ? 'payments' : 'checkout',
        created,
        workflowId: i % 2 ? 'restart-pod' : 'scale-up',
        target: `ns/deployment/app-${i % 5}`,
        status:
          phase === 'Pending'
            ? {}
            : {
                phase,
                startTime: created,
                ...(phase === 'Running' ? {} : { completionTime: new Date(Date.parse(created) + (i + 1) * 1000).toISOString() }),
                ...(phase === 'Failed' ? { failureDetails: { reason: i % 8 === 3 ? 'OOMKilled' : 'TaskFailed', failedTaskIndex: 0, failedTaskName: 'x', message: 'm', naturalLanguageSummary: 's', failedAt: created } } : {}),
              },
      }),
    );
  }
  return rows;
}

describe('filters', () => {
  const rows = population();
  const count = (input: Record<string, unknown>) => rows.filter((r) => matches(r, compileFilter(q(input)))).length;

  it('narrows by namespace, phase, workflow, target, reason and remediation', () => {
    expect(count({ namespace: 'payments' })).toBe(10);
    expect(count({ phase: 'Failed,Running' })).toBe(15);
    expect(count({ workflow: 'scale' })).toBe(15);
    expect(count({ target: 'APP-3' })).toBe(6);
    expect(count({ reason: 'oomkilled' })).toBe(4);
    expect(count({ rr: 'rr-07' })).toBe(1);
    expect(count({ namespace: 'payments', phase: 'Pending' })).toBe(3);
  });

  it('searches free text over name, workflow and target', () => {
    expect(count({ q: 'we-rr-1' })).toBe(10);
    expect(count({ q: 'restart' })).toBe(15);
    expect(count({ q: 'app-4' })).toBe(6);
    expect(count({ q: 'nothing-like-this' })).toBe(0);
  });

  it('matches part of the name only (not the workflow or target), case-insensitively', () => {
    expect(count({ name: 'rr-1' })).toBe(10);
    expect(count({ name: 'RR-07' })).toBe(1);
    expect(count({ name: 'restart' })).toBe(0);
    expect(count({ name: 'rr-0', namespace: 'payments' })).toBe(4);
  });

  it('rejects a name longer than an object name may be, naming the parameter', () => {
    const result = executionListQuerySchema.safeParse({ name: 'x'.repeat(254) });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['name']);
  });

  it('filters created and finished time ranges (unfinished rows never match a finished range)', () => {
    expect(count({ createdAfter: '2025-01-01T00:10:00Z', createdBefore: '2025-01-01T00:19:00Z' })).toBe(10);
    expect(count({ finishedAfter: '2025-01-01T00:00:00Z' })).toBe(14);
    expect(count({ finishedBefore: '2025-01-01T00:03:59Z' })).toBe(2);
  });
});

describe('blocked filter', () => {
  const failedWith = (name: string, status: Record<string, unknown>) => cached({ name, status: { phase: 'Failed', ...status } });
  const rows = [
    failedWith('blocking', { failureDetails: { reason: 'TaskFailed', wasExecutionFailure: true, failedTaskName: 'apply' } }),
    failedWith('cleared', { failureDetails: { reason: 'TaskFailed', wasExecutionFailure: true }, blockClearance: { clearedBy: 'alice', clearReason: 'verified', clearMethod: 'Annotation' } }),
    failedWith('pre-execution', { failureDetails: { reason: 'ConfigurationError', wasExecutionFailure: false } }),
    cached({ name: 'running', status: { phase: 'Running' } }),
  ];

  it('keeps only failures during execution that nobody cleared', () => {
    const f = compileFilter(q({ blocked: 'true' }));
    expect(rows.filter((e) => matches(e, f)).map((e) => e.summary.name)).toEqual(['blocking']);
    expect(rows.filter((e) => matches(e, compileFilter(q({ blocked: 'false' })))).length).toBe(4);
  });

  it('is carried by the URL and rejects other values', () => {
    expect(urlStateToSearchParams(parseUrlState({ blocked: 'true', phase: 'Failed' })).toString()).toBe('phase=Failed&blocked=true');
    expect(executionListQuerySchema.safeParse({ blocked: 'yes' }).success).toBe(false);
  });
});

describe('pageExecutions', () => {
  const rows = population();

  it('sorts by creation, newest first, by default, and reports counts and total', () => {
    const page = pageExecutions(rows, q({ limit: 5 }), NOW);
    expect(page.items.map((r) => r.summary.uid)).toEqual(['u29', 'u28', 'u27', 'u26', 'u25']);
    expect(page.total).toBe(30);
    expect(page.counts).toEqual({ Pending: 8, Running: 8, Completed: 7, Failed: 7, Unknown: 0 });
    expect(page.nextCursor).toBeTruthy();
  });

  it('reports counts by phase for the rest of the filter when a phase is chosen', () => {
    const page = pageExecutions(rows, q({ phase: 'Failed', namespace: 'payments' }), NOW);
    expect(page.total).toBe(page.items.length);
    expect(page.items.every((r) => r.summary.phase === 'Failed')).toBe(true);
    expect(page.counts.Pending + page.counts.Running + page.counts.Completed + page.counts.Failed).toBe(10);
  });

  it.each([
    ['created', 'asc'],
    ['started', 'desc'],
    ['duration', 'desc'],
    ['duration', 'asc'],
    ['phase', 'asc'],
    ['name', 'desc'],
  ] as const)('walks every row exactly once with cursors (%s %s)', (sort, order) => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 20; i++) {
      const page = pageExecutions(rows, q({ sort, order, limit: 7, ...(cursor ? { cursor } : {}) }), NOW + i * 1000);
      seen.push(...page.items.map((r) => r.summary.uid));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
  });

  it('puts rows without a sort value last in both directions', () => {
    const asc = pageExecutions(rows, q({ sort: 'started', order: 'asc', limit: 30 }), NOW).items;
    const desc = pageExecutions(rows, q({ sort: 'started', order: 'desc', limit: 30 }), NOW).items;
    expect(asc.slice(-8).every((r) => r.summary.phase === 'Pending')).toBe(true);
    expect(desc.slice(-8).every((r) => r.summary.phase === 'Pending')).toBe(true);
  });

  it('orders by duration with running ones measured at the same instant on every page', () => {
    const items = pageExecutions(rows, q({ sort: 'duration', order: 'desc', limit: 3 }), NOW).items;
    // Running rows have run for about a day at NOW: longer than any finished one.
    expect(items.every((r) => r.summary.phase === 'Running')).toBe(true);
  });

  it('keeps the next page stable when a new row appears before the cursor', () => {
    const first = pageExecutions(rows, q({ limit: 10 }), NOW);
    const grown = [...rows, cached({ uid: 'u99', created: '2025-01-01T23:00:00Z' })];
    const second = pageExecutions(grown, q({ limit: 10, cursor: first.nextCursor ?? undefined }), NOW);
    expect(second.items[0]?.summary.uid).toBe('u19');
  });

  it('rejects a foreign or malformed cursor with a 400 on cursor', () => {
    const cursor = pageExecutions(rows, q({ limit: 5 }), NOW).nextCursor as string;
    const call = () => pageExecutions(rows, q({ limit: 5, sort: 'name', cursor }), NOW);
    expect(call).toThrowError(AppError);
    try {
      call();
    } catch (err) {
      expect((err as AppError).status).toBe(400);
      expect((err as AppError).extensions.param).toBe('cursor');
    }
    expect(() => decodeCursor('bm9wZQ', 'created', 'desc')).toThrow(/cursor/);
    const round = decodeCursor(encodeCursor({ sort: 'phase', order: 'asc', key: { p: 2, c: 5, u: 'x' }, asOf: 9 }), 'phase', 'asc');
    expect(round).toEqual({ sort: 'phase', order: 'asc', key: { p: 2, c: 5, u: 'x' }, asOf: 9 });
  });
});

describe('query schema', () => {
  it.each([
    [{ limit: '501' }, 'limit'],
    [{ limit: '0' }, 'limit'],
    [{ sort: 'age' }, 'sort'],
    [{ order: 'up' }, 'order'],
    [{ phase: 'Done' }, 'phase'],
    [{ namespace: 'Bad_NS' }, 'namespace'],
    [{ createdAfter: 'yesterday' }, 'createdAfter'],
  ])('rejects %j naming %s', (input, param) => {
    const result = executionListQuerySchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(param);
  });

  it('accepts lists as comma-separated or repeated values', () => {
    expect(q({ phase: ['Failed', 'Running,Pending'] }).phase).toEqual(['Failed', 'Running', 'Pending']);
  });
});

describe('countsDelta', () => {
  const f = compileFilter(q({ namespace: 'payments' }));
  it('moves one count from the old phase to the new', () => {
    const before = cached({ uid: 'x', namespace: 'payments', status: { phase: 'Running' } });
    const after = cached({ uid: 'x', namespace: 'payments', status: { phase: 'Failed' } });
    expect(countsDelta(before, after, f)).toEqual({ Running: -1, Failed: 1 });
  });
  it('is empty when the phase does not change or the row is outside the filter', () => {
    const a = cached({ uid: 'x', namespace: 'payments', status: { phase: 'Running' } });
    expect(countsDelta(a, a, f)).toBeUndefined();
    expect(countsDelta(undefined, cached({ namespace: 'other' }), f)).toBeUndefined();
  });
  it('counts a created and a deleted row', () => {
    expect(countsDelta(undefined, cached({ namespace: 'payments' }), f)).toEqual({ Pending: 1 });
    expect(countsDelta(cached({ namespace: 'payments' }), undefined, f)).toEqual({ Pending: -1 });
  });
});

describe('outcomesOverTime', () => {
  it('buckets the filtered rows by creation time and phase with at most 60 buckets', () => {
    const rows = population();
    const result = outcomesOverTime(rows, q({ createdAfter: '2025-01-01T00:00:00Z', createdBefore: '2025-01-01T00:29:59Z' }), NOW);
    expect(result.bucketMs).toBe(60_000);
    expect(result.buckets).toHaveLength(30);
    const totals = result.buckets.reduce((sum, b) => sum + b.Pending + b.Running + b.Completed + b.Failed + b.Unknown, 0);
    expect(totals).toBe(30);
    expect(result.buckets[3]).toMatchObject({ Failed: 1, Pending: 0 });
    const wide = outcomesOverTime(rows, q({ createdAfter: '2024-01-01T00:00:00Z' }), NOW);
    expect(wide.buckets.length).toBeLessThanOrEqual(61);
  });
});
