import { describe, expect, it } from 'vitest';
import { parseEnv } from '../env';
import { isLoopbackHost, listenHostOf, resolveAuthMode } from './mode';

describe('listenHostOf', () => {
  it('reads next start -H and --hostname', () => {
    expect(listenHostOf(['node', '/x/node_modules/.bin/next', 'start', '-H', '127.0.0.1'], {})).toBe('127.0.0.1');
    expect(listenHostOf(['node', 'next', 'start', '--hostname=0.0.0.0'], {})).toBe('0.0.0.0');
  });
  it('is unknown for next start without -H (Next.js binds every interface)', () => {
    expect(listenHostOf(['node', 'next', 'start'], { HOSTNAME: '127.0.0.1' })).toBeUndefined();
  });
  it('reads HOSTNAME for the standalone server', () => {
    expect(listenHostOf(['node', '/app/server.js'], { HOSTNAME: 'flightdeck-7d9f' })).toBe('flightdeck-7d9f');
  });
  it('trusts the dev server origin only when it names a 127.x address', () => {
    const child = ['node', '/x/next/dist/server/lib/start-server.js'];
    expect(listenHostOf(child, { __NEXT_DEV_SERVER: '1', __NEXT_PRIVATE_ORIGIN: 'http://127.0.0.1:3000' })).toBe('127.0.0.1');
    // "localhost" is also what Next.js writes for 0.0.0.0.
    expect(listenHostOf(child, { __NEXT_DEV_SERVER: '1', __NEXT_PRIVATE_ORIGIN: 'http://localhost:3000' })).toBeUndefined();
    expect(listenHostOf(child, { __NEXT_DEV_SERVER: '1', __NEXT_PRIVATE_ORIGIN: 'http://[::1]:3000' })).toBeUndefined();
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.3.2.1', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.5', false],
    ['flightdeck.example.com', false],
    [undefined, false],
  ])('%s → %s', (host, expected) => expect(isLoopbackHost(host)).toBe(expected));
});

describe('resolveAuthMode', () => {
  it('defaults to serviceaccount on loopback only', () => {
    expect(resolveAuthMode(parseEnv({}), '127.0.0.1')).toEqual({ mode: 'serviceaccount' });
    const refused = resolveAuthMode(parseEnv({}), '0.0.0.0');
    expect(refused).toEqual({ problems: [expect.stringContaining('AUTH_MODE: must be set')] });
    expect(resolveAuthMode(parseEnv({}), undefined)).toEqual({ problems: [expect.stringContaining('every interface')] });
  });
  it('never defaults to none, but honours an explicit choice', () => {
    expect(resolveAuthMode(parseEnv({ AUTH_MODE: 'none' }), '0.0.0.0')).toEqual({ mode: 'none' });
    expect(resolveAuthMode(parseEnv({ AUTH_MODE: 'serviceaccount' }), '0.0.0.0')).toEqual({ mode: 'serviceaccount' });
  });
  it('refuses token mode without a session secret', () => {
    expect(resolveAuthMode(parseEnv({ AUTH_MODE: 'token' }), '127.0.0.1')).toEqual({ problems: [expect.stringContaining('SESSION_SECRET')] });
    expect(resolveAuthMode(parseEnv({ AUTH_MODE: 'token', SESSION_SECRET_FILE: '/run/secret' }), '0.0.0.0')).toEqual({ mode: 'token' });
  });
  it('refuses proxy mode without the issuer and client id', () => {
    const r = resolveAuthMode(parseEnv({ AUTH_MODE: 'proxy' }), '0.0.0.0');
    expect('problems' in r && r.problems.map((p) => p.split(':')[0])).toEqual(['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID']);
    expect(resolveAuthMode(parseEnv({ AUTH_MODE: 'proxy', OIDC_ISSUER_URL: 'http://127.0.0.1:9998/', OIDC_CLIENT_ID: 'flightdeck' }), '0.0.0.0')).toEqual({ mode: 'proxy' });
  });
  it('rejects a short SESSION_SECRET at parse time, naming the variable', () => {
    expect(() => parseEnv({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET: must be at least 32 characters \(got "\[redacted\]"\)/);
  });
});
