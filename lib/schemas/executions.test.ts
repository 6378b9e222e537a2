import { describe, expect, it } from 'vitest';
import { parseUrlState, urlStateToSearchParams } from './executions';
import { subscriptionKey, subscriptionSchema } from './live';

describe('URL state', () => {
  it('round-trips filters and sort through the URL, leaving defaults out', () => {
    const state = parseUrlState({ namespace: 'a,b', phase: ['Failed', 'Running'], q: ' api ', sort: 'duration', order: 'asc', createdAfter: '2025-01-01T00:00:00Z' });
    expect(state).toEqual({ namespace: ['a', 'b'], phase: ['Failed', 'Running'], q: 'api', sort: 'duration', order: 'asc', createdAfter: '2025-01-01T00:00:00.000Z' });
    const params = urlStateToSearchParams(state);
    expect(params.toString()).toBe('namespace=a%2Cb&phase=Failed%2CRunning&q=api&createdAfter=2025-01-01T00%3A00%3A00.000Z&sort=duration&order=asc');
    expect(parseUrlState(Object.fromEntries(params))).toEqual(state);
    expect(urlStateToSearchParams(parseUrlState({})).toString()).toBe('');
  });

  it('drops a hand-edited invalid value and keeps the rest', () => {
    expect(parseUrlState({ phase: 'Exploded', q: 'x', sort: 'sideways' })).toEqual({ q: 'x', sort: 'created', order: 'desc' });
  });
});

describe('subscriptions', () => {
  it('gives equal filters the same key whatever their order', () => {
    const a = subscriptionSchema.parse({ topic: 'executions', filter: { phase: 'Failed', namespace: 'x' } });
    const b = subscriptionSchema.parse({ topic: 'executions', filter: { namespace: 'x', phase: ['Failed'] } });
    expect(subscriptionKey(a)).toBe(subscriptionKey(b));
    expect(subscriptionKey(subscriptionSchema.parse({ topic: 'execution', namespace: 'x', name: 'we-1' }))).toBe('execution/x/we-1');
    expect(subscriptionKey(subscriptionSchema.parse({ topic: 'readiness.infrastructure' }))).toBe('readiness.infrastructure');
  });

  it('rejects an executions topic with a bad filter instead of treating it as a plain topic', () => {
    expect(subscriptionSchema.safeParse({ topic: 'executions', filter: { phase: 'Nope' } }).success).toBe(false);
    expect(subscriptionSchema.safeParse({ topic: 'execution' }).success).toBe(false);
    expect(subscriptionSchema.safeParse({ topic: 'Bad Topic' }).success).toBe(false);
  });
});
