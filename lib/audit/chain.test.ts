import { describe, expect, it } from 'vitest';
import { checkChainLinks, orderTiesByChain, tieOnlyBreaks } from './chain';

let second = 0;
const ev = (id: string, hash: string | null, previousHash: string | null, timestamp = new Date(Date.UTC(2026, 2, 1, 10, 0, second++)).toISOString()) => ({
  id,
  timestamp,
  chain: { hash, previousHash },
});

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

  it("follows Data Storage's rule for ties: the predecessor is the greatest (timestamp, id) stored so far", () => {
    const T = '2026-03-01T11:00:00Z';
    // Written s then x in one second; x has the smaller id, so c (written later) points at s.
    const r = checkChainLinks([ev('s9', 'hs', '', T), ev('a1', 'hx', 'hs', T), ev('c5', 'hc', 'hs', '2026-03-01T11:00:04Z')]);
    expect(r.breaks).toEqual([]);
  });
});

describe('orderTiesByChain', () => {
  const T = '2026-03-01T12:00:00Z';

  it('puts events of the same second in write order, as the links tell it', () => {
    // As Data Storage lists them: ties by random id, so started comes before selection.
    // c, written after both, points at the tie's greater id (b-selection), as Data Storage picks it.
    const listed = [ev('g', 'h0', '', '2026-03-01T11:59:59Z'), ev('a-started', 'h2', 'h1', T), ev('b-selection', 'h1', 'h0', T), ev('c', 'h3', 'h1', '2026-03-01T12:00:05Z')];
    const ordered = orderTiesByChain(listed);
    expect(ordered.map((e) => e.id)).toEqual(['g', 'b-selection', 'a-started', 'c']);
    expect(checkChainLinks(ordered).breaks).toEqual([]);
  });

  it('starts a tie at the genesis event and keeps the given order where nothing links', () => {
    expect(orderTiesByChain([ev('x', 'h2', 'h1', T), ev('y', 'h1', '', T)]).map((e) => e.id)).toEqual(['y', 'x']);
    const unchained = [
      { id: 'p', timestamp: T },
      { id: 'q', timestamp: T },
    ];
    expect(orderTiesByChain(unchained).map((e) => e.id)).toEqual(['p', 'q']);
  });
});

describe('tieOnlyBreaks', () => {
  const T = '2026-03-01T13:00:00Z';
  // Written: selection (id f2…) then started (id 46…) in one second, then failed.
  const events = [ev('46-started', 'h2', 'h1', T), ev('f2-selection', 'h1', '', T), ev('bd-failed', 'h3', 'h1', '2026-03-01T13:00:10Z')];

  it("excuses the same-second events Data Storage flags when the links hold in write order", () => {
    expect([...tieOnlyBreaks(events, ['46-started', 'f2-selection'])].sort()).toEqual(['46-started', 'f2-selection']);
  });

  it('excuses nothing when a link is really broken, nor an event alone in its second', () => {
    const broken = [...events.slice(0, 2), ev('bd-failed', 'h3', 'hX', '2026-03-01T13:00:10Z')];
    expect(tieOnlyBreaks(broken, ['46-started']).size).toBe(0);
    expect(tieOnlyBreaks(events, ['bd-failed']).size).toBe(0);
  });
});
