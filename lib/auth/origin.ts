/**
 * Cross-site request refusal for state-changing requests (sign-in, sign-out, report
 * ingest): a browser always names the page that sent a POST in `Origin`, and a foreign
 * one means another site is driving the user's browser. A bearer token is not sent by a
 * browser on its own, so a request carrying one is a script's and exempt.
 */
import { AppError } from '../errors';
import { bearerOf } from './authenticate';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether `origin` (an Origin header) is the origin the request was sent to. */
export function isSameOrigin(origin: string, requestUrl: string, forwardedProto: string | null): boolean {
  try {
    const target = new URL(requestUrl);
    const sent = new URL(origin);
    // Behind a TLS-terminating proxy the server sees http while the browser used https.
    const protocols = new Set([target.protocol, ...(forwardedProto ? [`${forwardedProto.split(',')[0]?.trim()}:`] : [])]);
    return sent.host === target.host && protocols.has(sent.protocol);
  } catch {
    return false;
  }
}

/** Throws 403 `forbidden:origin` for a cross-site state-changing request without a bearer token. */
export function refuseForeignOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase()) || bearerOf(request.headers)) return;
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  const foreign = (origin !== null && !isSameOrigin(origin, request.url, request.headers.get('x-forwarded-proto'))) || site === 'cross-site';
  if (foreign) throw new AppError('forbidden:origin', 'This request came from another site and was refused.');
}
