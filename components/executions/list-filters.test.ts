import { describe, expect, it } from 'vitest';
import { executionsUrlStateSchema, urlStateToSearchParams } from '@/lib/schemas/executions';
import { clearFiltersPatch, hasFilter } from './list-filters';

describe('clearFiltersPatch', () => {
  it('clears every filter, the audit conformance filter included, and keeps the sort', () => {
    const state = executionsUrlStateSchema.parse({ q: 'x', namespace: 'a', phase: 'Failed', audit: 'issues', reason: 'OOMKilled', sort: 'name', order: 'asc' });
    const cleared = executionsUrlStateSchema.parse(Object.fromEntries(Object.entries({ ...state, ...clearFiltersPatch() }).filter(([, v]) => v !== undefined)));
    expect(urlStateToSearchParams(cleared).toString()).toBe('sort=name&order=asc');
    expect(hasFilter(cleared)).toBe(false);
  });
});

describe('hasFilter', () => {
  it('sees the audit filter and ignores sort', () => {
    expect(hasFilter(executionsUrlStateSchema.parse({ audit: 'issues' }))).toBe(true);
    expect(hasFilter(executionsUrlStateSchema.parse({ sort: 'name' }))).toBe(false);
    expect(hasFilter({ phase: [] })).toBe(false);
  });
});
