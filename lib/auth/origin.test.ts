import { describe, expect, it } from 'vitest';
import { isSameOrigin, refuseForeignOrigin } from './origin';

const post = (headers: Record<string, string>, url = 'http://localhost:3000/api/auth/sign-in') => new Request(url, { method: 'POST', headers });

describe('refuseForeignOrigin', () => {
  it('accepts the site the browser addressed, even when request.url names the listen address', () => {
    expect(isSameOrigin('http://127.0.0.1:3000', 'http://localhost:3000/x', new Headers({ host: '127.0.0.1:3000' }))).toBe(true);
    expect(() => refuseForeignOrigin(post({ origin: 'https://flightdeck.example.com', host: 'flightdeck.example.com' }))).not.toThrow();
  });
  it('refuses another site, and a cross-site fetch without Origin', () => {
    expect(() => refuseForeignOrigin(post({ origin: 'https://evil.example', host: 'localhost:3000' }))).toThrow(/another site/);
    expect(() => refuseForeignOrigin(post({ 'sec-fetch-site': 'cross-site' }))).toThrow(/another site/);
    expect(() => refuseForeignOrigin(post({ origin: 'null', host: 'localhost:3000' }))).toThrow(/another site/);
  });
  it('lets scripts with a bearer token and safe methods through', () => {
    expect(() => refuseForeignOrigin(post({ origin: 'https://evil.example', authorization: 'Bearer abc.def' }))).not.toThrow();
    expect(() => refuseForeignOrigin(new Request('http://localhost:3000/x', { headers: { origin: 'https://evil.example' } }))).not.toThrow();
  });
});
