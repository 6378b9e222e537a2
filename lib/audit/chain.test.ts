import { describe, expect, it } from 'vitest';
import { checkChainLinks, orderTiesByChain } from './chain';

const ev = (id: string, hash: string | null, previousHash: string | null) => ({ id, chain: { hash, previousHash } });

describe('checkChainLinks', () => {
  it('accepts an intact chain from its genesis event', () => {
    const r = checkChainLinks([ev('a', 'h1', ''), ev('b', 'h2', 'h1'), ev('c', 'h3', 'h2')]);
    expect(r).toEqual({ checked: 3, linked: 3, unhashed: 0, startsMidChain: false, breaks: [] });
  });

  it('reports a link that does not point at its predecessor', () => {
    const r = checkChainLinks([ev('a', 'h1', ''), ev('b', 'h2', 'h1'), ev('c', 'h3', 'hX')]);
    expect(r.linked).toBe(2);
    expect(r.breaks).toEqual([{ eventId: 'c', expected: 'h2', actual: 'hX' }]);
  });

  it('notices a view that starts in the middle of the chain and skips unhashed events', () => {
    const r = checkChainLinks([ev('b', 'h2', 'h1'), ev('x', null, null), ev('c', 'h3', 'h2')]);
    expect(r).toMatchObject({ checked: 2, linked: 2, unhashed: 1, startsMidChain: true, breaks: [] });
  });
});

describe('orderTiesByChain', () => {
  const at = (id: string, timestamp: string, hash: string, previousHash: string) => ({ id, timestamp, chain: { hash, previousHash } });
  const T = '2026-03-01T10:00:00Z';

  it('puts events of the same second in the order the chain links them, after the event before them', () => {
    // As Data Storage returns them: ties by random id, so started comes before selection.
    const sorted = [at('g', '2026-03-01T09:59:59Z', 'h0', ''), at('a-started', T, 'h2', 'h1'), at('b-selection', T, 'h1', 'h0'), at('c', '2026-03-01T10:00:05Z', 'h3', 'h2')];
    const ordered = orderTiesByChain(sorted);
    expect(ordered.map((e) => e.id)).toEqual(['g', 'b-selection', 'a-started', 'c']);
    expect(checkChainLinks(ordered).breaks).toEqual([]);
  });

  it('starts a tie at the genesis event and keeps the given order where nothing links', () => {
    expect(orderTiesByChain([at('x', T, 'h2', 'h1'), at('y', T, 'h1', '')]).map((e) => e.id)).toEqual(['y', 'x']);
    const unchained = [{ id: 'p', timestamp: T }, { id: 'q', timestamp: T }];
    expect(orderTiesByChain(unchained).map((e) => e.id)).toEqual(['p', 'q']);
  });
});
