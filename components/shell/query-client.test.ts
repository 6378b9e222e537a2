import { describe, expect, it } from 'vitest';
import { makeQueryClient, shouldRetry } from './query-client';

describe('shouldRetry', () => {
  it.each([400, 401, 403, 404, 409, 422])('does not retry HTTP %d', (status) => {
    expect(shouldRetry(0, { status })).toBe(false);
  });

  it.each([408, 429, 500, 502, 503, 504])('retries HTTP %d', (status) => {
    expect(shouldRetry(0, { status })).toBe(true);
  });

  it('reads the status of a wrapped response', () => {
    expect(shouldRetry(0, { response: { status: 404 } })).toBe(false);
  });

  it('retries network errors, but only twice', () => {
    const err = new TypeError('Failed to fetch');
    expect(shouldRetry(0, err)).toBe(true);
    expect(shouldRetry(1, err)).toBe(true);
    expect(shouldRetry(2, err)).toBe(false);
  });
});

describe('makeQueryClient', () => {
  it('uses the retry policy and a stale time by default', () => {
    const options = makeQueryClient().getDefaultOptions().queries;
    expect(options?.retry).toBe(shouldRetry);
    expect(options?.staleTime).toBeGreaterThan(0);
  });
});
