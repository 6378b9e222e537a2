/**
 * The per-request hardening headers of pages: a Content-Security-Policy with a fresh nonce
 * (scripts run only when the server stamped them) and HSTS over TLS. The static ones
 * (Permissions-Policy, COOP, the API's CSP) are in next.config.mjs. Pure, so proxy.ts
 * stays a few lines and the policy is unit tested. No 'server-only': proxy.ts imports it.
 */

/**
 * The page policy. `'strict-dynamic'` lets the nonce-carrying bootstrap load Next.js's
 * chunks; `'unsafe-eval'` only in `next dev` (React's dev tooling evaluates code).
 * Style attributes cannot carry a nonce (charts set them), so styles allow inline; scripts never do.
 */
export function pageCsp(nonce: string, { dev }: { dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A 128-bit random nonce, base64-encoded. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** HSTS, only when the browser reached us over TLS (the static headers are in next.config.mjs). */
export function transportHeaders({ tls }: { tls: boolean }): Record<string, string> {
  return tls ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {};
}
