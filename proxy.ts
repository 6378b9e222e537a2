/**
 * Next.js 16 request proxy (formerly middleware): stamps a per-request CSP nonce and the
 * hardening headers. It authorizes nothing: every route handler and page checks access
 * itself (lib/route.ts), so a request that skips this proxy (CVE-2025-29927) gains nothing.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { API_CSP, hardeningHeaders, newNonce, pageCsp } from './lib/security-headers';

export function proxy(request: NextRequest): NextResponse {
  const tls = request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
  const isApi = request.nextUrl.pathname.startsWith('/api/');
  const headers = new Headers(request.headers);
  // The page's own path, for the access log and the sign-in page's return address
  // (a value the browser sent is replaced).
  headers.set('x-flightdeck-path', request.nextUrl.pathname);
  let csp = API_CSP;
  if (!isApi) {
    const nonce = newNonce();
    csp = pageCsp(nonce, { dev: process.env.NODE_ENV === 'development' });
    // Next.js reads the nonce from the request's CSP header and stamps its own inline
    // scripts; the layout reads x-nonce for next-themes' script.
    headers.set('x-nonce', nonce);
    headers.set('content-security-policy', csp);
  } else {
    headers.delete('x-nonce');
  }
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(hardeningHeaders({ tls }))) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    {
      // Static chunks are hashed files that run only when a nonce-stamped page loads them.
      source: '/((?!_next/static|_next/image|favicon.svg).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
