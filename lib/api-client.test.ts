import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiFetch, fetchJson } from './api-client';

afterEach(() => vi.unstubAllGlobals());

describe('the API client', () => {
  it('turns a problem document into an ApiError with its status, detail and code', async () => {
    const problem = { type: 'urn:flightdeck:problem:not_found:correlation', status: 404, detail: 'No audit events carry rr-1.', code: 'not_found:correlation' };
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(problem), { status: 404, headers: { 'content-type': 'application/problem+json' } }));
    const err = await fetchJson('/api/v1/correlations/rr-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 404, message: 'No audit events carry rr-1.', code: 'not_found:correlation' });
  });

  it('says the server could not be reached (status 0) on a network failure, and HTTP status when the body is not a problem', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(fetchJson('/api/v1/executions')).rejects.toMatchObject({ status: 0, message: 'The Flightdeck server could not be reached.' });
    vi.stubGlobal('fetch', async () => new Response('<html>bad gateway</html>', { status: 502 }));
    await expect(fetchJson('/api/v1/executions')).rejects.toMatchObject({ status: 502, message: 'Flightdeck answered HTTP 502.' });
  });

  it('passes a cancellation through untouched and asks for the type the caller wants', async () => {
    const controller = new AbortController();
    controller.abort();
    const abort = new DOMException('aborted', 'AbortError');
    vi.stubGlobal('fetch', async () => {
      throw abort;
    });
    await expect(fetchJson('/api/v1/executions', controller.signal)).rejects.toBe(abort);
    const seen: string[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      seen.push(new Headers(init.headers).get('accept') ?? '');
      return new Response('# Readiness', { status: 200 });
    });
    expect(await (await apiFetch('/api/v1/readiness/export', undefined, 'text/markdown')).text()).toBe('# Readiness');
    expect(seen).toEqual(['text/markdown']);
  });
});
