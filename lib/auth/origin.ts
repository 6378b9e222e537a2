/**
 * Cross-site request refusal for state-changing requests (sign-in, sign-out, report
 * ingest): a browser always names the page that sent a POST in `Origin`, and a foreign
 * one means another site is driving the user's browser. A bearer token is not sent by a
 * browser on its own, so a request carrying one is a script's and exempt.
 */
import { AppError } from '../errors';
import { bearerOf } from './authenticate';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether `origin` (an Origin header) is the site the browser sent the request to: the
 * Host it addressed (Next.js's standalone server may spell request.url with its own
 * listen name instead), over http or https (a TLS-terminating proxy hands us http).
 */
export function isSameOrigin(origin: string, requestUrl: string, headers: Pick<Headers, 'get'>): boolean {
  try {
    const sent = new URL(origin);
    const hosts = new Set([new URL(requestUrl).host, headers.get('host'), headers.get('x-forwarded-host')?.split(',')[0]?.trim()].filter(Boolean));
    return hosts.has(sent.host) && (sent.protocol === 'http:' || sent.protocol === 'https:');
  } catch {
    return false;
  }
}

/** Throws 403 `forbidden:origin` for a cross-site state-changing request without a bearer token. */
export function refuseForeignOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase()) || bearerOf(request.headers)) return;
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  const foreign = (origin !== null && !isSameOrigin(origin, request.url, request.headers)) || site === 'cross-site';
  if (foreign) throw new AppError('forbidden:origin', 'This request came from another site and was refused.');
}
