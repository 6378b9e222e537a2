/**
 * Next.js 16 request proxy (formerly middleware): stamps a per-request CSP nonce and the
 * hardening headers. It authorizes nothing: every route handler and page checks access
 * itself (lib/route.ts), so a request that skips this proxy (CVE-2025-29927) gains nothing.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { newNonce, pageCsp, transportHeaders } from './lib/security-headers';

export function proxy(request: NextRequest): NextResponse {
  const tls = request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
  const nonce = newNonce();
  const csp = pageCsp(nonce, { dev: process.env.NODE_ENV === 'development' });
  const headers = new Headers(request.headers);
  // The page's own path, for the access log and the sign-in page's return address
  // (a value the browser sent is replaced).
  headers.set('x-flightdeck-path', request.nextUrl.pathname);
  // Next.js reads the nonce from the request's CSP header and stamps its own inline
  // scripts; the layout reads x-nonce for next-themes' script.
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(transportHeaders({ tls }))) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only. Static chunks are hashed files that run only when a nonce-stamped page
      // loads them; API routes stay out because a proxy buffers request bodies (report
      // uploads stream, with their own size limit) and they authorize in each handler.
      source: '/((?!api/|_next/static|_next/image|favicon.svg).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
