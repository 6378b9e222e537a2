import { describe, expect, it } from 'vitest';
import { remediationStory } from '../scenario/scenario';
import { AuditWriter } from './audit';

function fakeDataStorage(reject: (body: unknown[]) => boolean = () => false) {
  const batches: Array<Array<{ event_type: string; event_timestamp: string; correlation_id: string }>> = [];
  const fetchImpl = (async (_url: string, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as Array<{ event_type: string; event_timestamp: string; correlation_id: string }>;
    if (reject(body)) return new Response(JSON.stringify({ title: 'Bad Request', detail: 'event_data: invalid' }), { status: 400 });
    batches.push(body);
    return new Response(JSON.stringify({ event_ids: body.map((_, i) => `id-${batches.length}-${i}`) }), { status: 201 });
  }) as typeof fetch;
  return { batches, fetchImpl };
}

const story = remediationStory({ correlationId: 'rr-audit-test', namespace: 'shop-payments', start: Date.now() - 60_000 }).events;

describe('the demo audit writer', () => {
  it('writes in batches of at most 500 and counts what was stored', async () => {
    const ds = fakeDataStorage();
    const w = new AuditWriter({ url: 'http://ds', token: 't', fetchImpl: ds.fetchImpl });
    const many = Array.from({ length: 1_200 }, (_, i) => ({ ...story[0]!, correlation_id: `rr-${i}` }));
    expect(await w.write(many)).toBe(1_200);
    expect(ds.batches.map((b) => b.length)).toEqual([500, 500, 200]);
    expect(w.stats).toEqual({ written: 1_200, rejected: 0, lastError: null });
  });

  it('counts rejected writes with Data Storage’s reason instead of throwing', async () => {
    const ds = fakeDataStorage(() => true);
    const w = new AuditWriter({ url: 'http://ds', token: 't', fetchImpl: ds.fetchImpl });
    expect(await w.write(story.slice(0, 3))).toBe(0);
    expect(w.stats).toMatchObject({ written: 0, rejected: 3 });
    expect(w.stats.lastError).toContain('HTTP 400');
  });

  it('stamps live events with the moment of their step and writes them after the lag, in order per correlation', async () => {
    const ds = fakeDataStorage();
    const w = new AuditWriter({ url: 'http://ds', token: 't', fetchImpl: ds.fetchImpl }, { minMs: 20, maxMs: 40 });
    const at = Date.now();
    const first = w.emit(story.slice(0, 2), at);
    void w.emit(story.slice(2, 3), at + 5);
    expect(ds.batches).toHaveLength(0);
    await first;
    await w.drain();
    expect(ds.batches.map((b) => b.map((e) => e.event_type))).toEqual([story.slice(0, 2).map((e) => e.event_type), [story[2]!.event_type]]);
    expect(Date.parse(ds.batches[0]![0]!.event_timestamp)).toBe(at);
    expect(Date.parse(ds.batches[1]![0]!.event_timestamp)).toBe(at + 5);
  });
});
