import { describe, expect, it } from 'vitest';
import type { ExecutionDetail, ExecutionListResponse, ExecutionSummary } from '../schemas/executions';
import { applyDetailEvent, applyListEvent, applyListEvents, type ListContext, type ListData } from './live-reducer';

function row(uid: string, minute: number, phase: ExecutionSummary['phase'] = 'Running'): ExecutionSummary {
  return {
    uid,
    namespace: 'p',
    name: `we-${uid}`,
    resourceVersion: '1',
    phase,
    rawPhase: phase,
    workflowId: 'w',
    workflowVersion: '1',
    targetResource: 't',
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString(),
  };
}

function page(items: ExecutionSummary[], nextCursor: string | null, seq = 10): ExecutionListResponse {
  return {
    items,
    nextCursor,
    total: 4,
    counts: { Pending: 0, Running: 4, Completed: 0, Failed: 0, Unknown: 0 },
    namespaces: [],
    seq,
    epoch: 'e',
    syncing: false,
  };
}

const ctx: ListContext = { sort: 'created', order: 'desc', now: Date.parse('2025-01-02T00:00:00Z') };
const data = (): ListData => ({ pages: [page([row('d', 40), row('c', 30)], 'cur'), page([row('b', 20), row('a', 10)], null)], pageParams: [null, 'cur'] });
const uids = (d: ListData) => d.pages.flatMap((p) => p.items.map((r) => r.uid));

describe('applyListEvent', () => {
  it('replaces a changed row where it stands and moves the counts', () => {
    const next = applyListEvent(data(), { type: 'upsert', sub: 's', seq: 11, item: row('b', 20, 'Failed'), countsDelta: { Running: -1, Failed: 1 } }, ctx);
    expect(uids(next)).toEqual(['d', 'c', 'b', 'a']);
    expect(next.pages[1]?.items[0]?.phase).toBe('Failed');
    expect(next.pages[0]?.counts).toMatchObject({ Running: 3, Failed: 1 });
    expect(next.pages[0]?.total).toBe(4);
    expect(next.pages[0]?.seq).toBe(11);
  });

  it('inserts a new row at its sorted place', () => {
    const top = applyListEvent(data(), { type: 'upsert', sub: 's', seq: 11, item: row('e', 50), countsDelta: { Running: 1 } }, ctx);
    expect(uids(top)).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(top.pages[0]?.total).toBe(5);
    const middle = applyListEvent(data(), { type: 'upsert', sub: 's', seq: 11, item: row('x', 25) }, ctx);
    expect(uids(middle)).toEqual(['d', 'c', 'x', 'b', 'a']);
  });

  it('appends a row that sorts last only when no further page exists', () => {
    const last = applyListEvent(data(), { type: 'upsert', sub: 's', seq: 11, item: row('z', 1) }, ctx);
    expect(uids(last)).toEqual(['d', 'c', 'b', 'a', 'z']);
    const partial: ListData = { pages: [page([row('d', 40), row('c', 30)], 'cur')], pageParams: [null] };
    expect(uids(applyListEvent(partial, { type: 'upsert', sub: 's', seq: 11, item: row('z', 1) }, ctx))).toEqual(['d', 'c']);
  });

  it('removes a deleted row', () => {
    const next = applyListEvent(data(), { type: 'delete', sub: 's', seq: 11, uid: 'c', countsDelta: { Running: -1 } }, ctx);
    expect(uids(next)).toEqual(['d', 'b', 'a']);
    expect(next.pages[0]?.counts.Running).toBe(3);
  });

  it('skips events the snapshot already includes, and applies a batch in order', () => {
    const d = data();
    expect(applyListEvent(d, { type: 'upsert', sub: 's', seq: 10, item: row('e', 50) }, ctx)).toBe(d);
    const next = applyListEvents(
      d,
      [
        { type: 'upsert', sub: 's', seq: 11, item: row('e', 50), countsDelta: { Running: 1 } },
        { type: 'upsert', sub: 's', seq: 12, item: row('f', 55), countsDelta: { Running: 1 } },
        { type: 'delete', sub: 's', seq: 13, uid: 'e', countsDelta: { Running: -1 } },
        { type: 'upsert', sub: 's', seq: 13, item: row('g', 56), countsDelta: { Running: 1 } },
      ],
      ctx,
    );
    expect(uids(next)).toEqual(['f', 'd', 'c', 'b', 'a']);
    expect(next.pages[0]?.counts.Running).toBe(5);
  });

  it('recomputes the total over the phase filter only', () => {
    const phaseCtx: ListContext = { ...ctx, phases: ['Failed'] };
    const next = applyListEvent(data(), { type: 'upsert', sub: 's', seq: 11, item: row('b', 20, 'Failed'), countsDelta: { Running: -1, Failed: 1 } }, phaseCtx);
    expect(next.pages[0]?.total).toBe(1);
  });
});

describe('applyDetailEvent', () => {
  const detail = { summary: row('a', 1), status: { phase: 'Running', rawPhase: 'Running' }, seq: 5 } as unknown as ExecutionDetail;
  it('updates the phase at once and asks for a refetch', () => {
    const out = applyDetailEvent(detail, { type: 'upsert', sub: 'd', seq: 6, item: row('a', 1, 'Failed') });
    expect(out.detail.status.phase).toBe('Failed');
    expect(out.detail.summary.phase).toBe('Failed');
    expect(out.refetch).toBe(true);
  });
  it('marks a deleted execution and ignores stale events', () => {
    expect(applyDetailEvent(detail, { type: 'delete', sub: 'd', seq: 6, uid: 'a' }).detail.deleted).toBe(true);
    expect(applyDetailEvent(detail, { type: 'upsert', sub: 'd', seq: 5, item: row('a', 1, 'Failed') }).refetch).toBe(false);
    expect(applyDetailEvent(detail, { type: 'invalidate', sub: 'd', seq: 9 }).refetch).toBe(true);
  });
});
