import { describe, expect, it } from 'vitest';
import { deriveSessionKey, openSession, readCookie, sealSession, sessionClearCookie, sessionCookieName, sessionSetCookie } from './session';

const key = deriveSessionKey('a-session-secret-of-at-least-32-characters');

describe('session cookie', () => {
  it('round-trips a token and hides it', async () => {
    const sealed = await sealSession('k8s-token-value', key, 60);
    expect(sealed).not.toContain('k8s-token-value');
    expect(await openSession(sealed, key)).toBe('k8s-token-value');
  });
  it('refuses another key, a tampered value and an expired session', async () => {
    const sealed = await sealSession('t', key, 60);
    expect(await openSession(sealed, deriveSessionKey('another-secret-that-is-32-characters-long'))).toBeNull();
    const parts = sealed.split('.');
    parts[3] = `${parts[3]?.slice(0, -2)}AA`;
    expect(await openSession(parts.join('.'), key)).toBeNull();
    expect(await openSession('not-a-jwe', key)).toBeNull();
    const expired = await sealSession('t', key, -120);
    expect(await openSession(expired, key)).toBeNull();
  });
  it('sets HttpOnly, SameSite=Strict, and Secure with the __Host- prefix over TLS', () => {
    expect(sessionSetCookie('v', false, 60)).toBe('flightdeck-session=v; Path=/; Max-Age=60; HttpOnly; SameSite=Strict');
    expect(sessionSetCookie('v', true, 60)).toBe('__Host-flightdeck-session=v; Path=/; Max-Age=60; HttpOnly; SameSite=Strict; Secure');
    expect(sessionClearCookie(true)).toContain('Max-Age=0');
    expect(sessionCookieName(true)).toBe('__Host-flightdeck-session');
  });
  it('reads one cookie from a header', () => {
    expect(readCookie('a=1; flightdeck-session=xyz; b=2', 'flightdeck-session')).toBe('xyz');
    expect(readCookie('flightdeck-session-other=1', 'flightdeck-session')).toBeUndefined();
    expect(readCookie(null, 'x')).toBeUndefined();
  });
});
