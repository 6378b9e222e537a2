import { describe, expect, it } from 'vitest';
import { executionFilterSchema } from '../schemas/executions';
import { detailEventFor, listEventFor } from './changes';
import { compileFilter } from './query';
import { cached } from './test-fixtures';

const filter = (input: Record<string, unknown>) => compileFilter(executionFilterSchema.parse(input));

describe('listEventFor', () => {
  const running = cached({ uid: 'x', name: 'we-a', namespace: 'payments', status: { phase: 'Running' } });
  const failed = cached({ uid: 'x', name: 'we-a', namespace: 'payments', status: { phase: 'Failed' } });

  it('sends an upsert with the counts delta when the row still matches', () => {
    const e = listEventFor({ kind: 'upsert', before: running, after: failed, summary: failed.summary }, filter({ namespace: 'payments' }), 's', 3);
    expect(e).toEqual({ type: 'upsert', sub: 's', seq: 3, item: failed.summary, countsDelta: { Running: -1, Failed: 1 } });
  });

  it('sends a delete when the row leaves the filter', () => {
    const e = listEventFor({ kind: 'upsert', before: running, after: failed, summary: failed.summary }, filter({ phase: 'Running' }), 's', 4);
    expect(e).toMatchObject({ type: 'delete', uid: 'x', countsDelta: { Running: -1, Failed: 1 } });
  });

  it('sends nothing for rows of other namespaces', () => {
    expect(listEventFor({ kind: 'upsert', after: failed, summary: failed.summary }, filter({ namespace: 'other' }), 's', 5)).toBeNull();
  });

  it('sends a delete for a deleted row that matched, and ignores related changes', () => {
    expect(listEventFor({ kind: 'delete', before: failed }, filter({}), 's', 6)).toMatchObject({ type: 'delete', uid: 'x', countsDelta: { Failed: -1 } });
    expect(listEventFor({ kind: 'related', namespace: 'payments', name: 'we-a' }, filter({}), 's', 7)).toBeNull();
  });
});

describe('detailEventFor', () => {
  const row = cached({ uid: 'x', name: 'we-a', namespace: 'payments' });
  it('follows one execution by namespace and name', () => {
    expect(detailEventFor({ kind: 'upsert', after: row, summary: row.summary }, 'payments', 'we-a', 'd', 1)).toMatchObject({ type: 'upsert' });
    expect(detailEventFor({ kind: 'upsert', after: row, summary: row.summary }, 'payments', 'we-b', 'd', 1)).toBeNull();
    expect(detailEventFor({ kind: 'delete', before: row }, 'payments', 'we-a', 'd', 2)).toEqual({ type: 'delete', sub: 'd', seq: 2, uid: 'x' });
    expect(detailEventFor({ kind: 'related', namespace: 'payments', name: 'we-a' }, 'payments', 'we-a', 'd', 3)).toEqual({ type: 'invalidate', sub: 'd', seq: 3 });
  });
});
