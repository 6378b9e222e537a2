import { describe, expect, it } from 'vitest';
import type { NextConfig } from 'next';
import { newNonce, pageCsp, transportHeaders } from './security-headers';

// next.config.mjs is plain JavaScript (no declarations): load it as Next.js does.
const { default: nextConfig } = (await import(new URL('../next.config.mjs', import.meta.url).href)) as { default: NextConfig };

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

describe('transport and static headers', () => {
  it('sends HSTS only over TLS', () => {
    expect(transportHeaders({ tls: false })).toEqual({});
    expect(transportHeaders({ tls: true })['Strict-Transport-Security']).toMatch(/^max-age=\d+/);
  });
  it('gives every response Permissions-Policy and COOP, and API answers a CSP that runs nothing', async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    const all = Object.fromEntries(rules.find((r) => r.source === '/:path*')?.headers.map((h) => [h.key, h.value]) ?? []);
    expect(all['Permissions-Policy']).toContain('camera=()');
    expect(all['Cross-Origin-Opener-Policy']).toBe('same-origin');
    const api = rules.find((r) => r.source === '/api/:path*')?.headers.find((h) => h.key === 'Content-Security-Policy')?.value;
    expect(api).toContain("default-src 'none'");
    expect(api).toContain("frame-ancestors 'none'");
  });
});
