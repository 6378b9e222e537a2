import { beforeEach, describe, expect, it } from 'vitest';
import { cachedCorrelation, clearCorrelationCacheForTests, fingerprintOf, hasCachedCorrelation, storeCorrelation } from './correlation-cache';

const value = (eventsJson: string, cap = 10_000) => ({ eventsJson, chainLinks: { checked: 0, linked: 0, unhashed: 0, startsMidChain: false, breaks: [] }, total: 2, truncated: false, malformed: 0, cap });

describe('correlation cache', () => {
  beforeEach(() => clearCorrelationCacheForTests());

  it('serves an entry only while Data Storage reports the same total and newest event', () => {
    const fp = fingerprintOf({ total: 2, events: [{ event_id: 'newest' }] as never });
    expect(fp).toBe('2:newest');
    storeCorrelation('rr-1', fp, value('[1,2]'), 1_000);
    expect(hasCachedCorrelation('rr-1', 10_000)).toBe(true);
    expect(cachedCorrelation('rr-1', 10_000, '2:newest', 2_000)?.eventsJson).toBe('[1,2]');
    expect(cachedCorrelation('rr-1', 10_000, '3:newest', 2_000)).toBeUndefined();
    // A mismatch drops the entry.
    expect(hasCachedCorrelation('rr-1', 10_000)).toBe(false);
  });

  it('expires entries after the TTL so in-place changes (legal hold) show up', () => {
    storeCorrelation('rr-1', '2:a', value('[]'), 0);
    expect(cachedCorrelation('rr-1', 10_000, '2:a', 29_000)).toBeDefined();
    expect(cachedCorrelation('rr-1', 10_000, '2:a', 31_000)).toBeUndefined();
  });

  it('keeps entries per cap and evicts the least recently used beyond its memory budget', () => {
    storeCorrelation('rr-1', 'f', value('[]', 100), 0);
    expect(cachedCorrelation('rr-1', 10_000, 'f', 1)).toBeUndefined();
    expect(cachedCorrelation('rr-1', 100, 'f', 1)).toBeDefined();
    const big = 'x'.repeat(15 * 1024 * 1024);
    for (let i = 0; i < 5; i++) storeCorrelation(`big-${i}`, 'f', value(big), 0);
    // 64 MiB hold four 15 MiB entries: the first one went.
    expect(hasCachedCorrelation('big-0', 10_000)).toBe(false);
    expect(hasCachedCorrelation('big-4', 10_000)).toBe(true);
    // Entries over a quarter of the budget are not cached at all.
    storeCorrelation('huge', 'f', value('x'.repeat(17 * 1024 * 1024)), 0);
    expect(hasCachedCorrelation('huge', 10_000)).toBe(false);
  });
});
