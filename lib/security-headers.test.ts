import { describe, expect, it } from 'vitest';
import { hardeningHeaders, newNonce, pageCsp } from './security-headers';

describe('pageCsp', () => {
  it('allows scripts only with the nonce and never inline', () => {
    const csp = pageCsp('abc123', { dev: false });
    const script = csp.split('; ').find((d) => d.startsWith('script-src'));
    expect(script).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).not.toContain('unsafe-eval');
  });
  it("adds 'unsafe-eval' in development only", () => {
    expect(pageCsp('n', { dev: true })).toContain("'nonce-n' 'strict-dynamic' 'unsafe-eval'");
  });
});

describe('newNonce', () => {
  it('is fresh, base64 and 128 bits', () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(a);
  });
});

describe('hardeningHeaders', () => {
  it('sends HSTS only over TLS', () => {
    expect(hardeningHeaders({ tls: false })['Strict-Transport-Security']).toBeUndefined();
    expect(hardeningHeaders({ tls: true })['Strict-Transport-Security']).toMatch(/^max-age=\d+/);
    expect(hardeningHeaders({ tls: false })['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(hardeningHeaders({ tls: false })['Permissions-Policy']).toContain('camera=()');
  });
});
