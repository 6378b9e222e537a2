/**
 * The browser-facing hardening headers: a Content-Security-Policy with a fresh nonce per
 * page (scripts run only when the server stamped them), HSTS over TLS, a
 * Permissions-Policy that turns off powerful features, and COOP. Pure, so proxy.ts stays
 * a few lines and the policy is unit tested. No 'server-only': proxy.ts imports it.
 */

/** Features Flightdeck never uses; the page (and anything injected into it) may not either. */
const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'usb=()',
  'browsing-topics=()',
].join(', ');

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

/** API answers are data, never documents: nothing may run or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** A 128-bit random nonce, base64-encoded. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Headers every response carries; HSTS only when the browser reached us over TLS. */
export function hardeningHeaders({ tls }: { tls: boolean }): Record<string, string> {
  return {
    'Permissions-Policy': PERMISSIONS_POLICY,
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(tls ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
