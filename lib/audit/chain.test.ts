import { describe, expect, it } from 'vitest';
import { checkChainLinks } from './chain';

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
