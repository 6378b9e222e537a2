/**
 * The one place that turns a request into an authorized identity: `handle` wraps every
 * route handler (parse, authorize, call lib, respond; errors rendered as RFC 7807
 * problems), and `pageIdentity` is the same for every server page. Authorization is part
 * of each handler and page itself (never only middleware; see Next.js CVE-2025-29927);
 * lib/route.test.ts fails when a page or handler under app/ bypasses these two.
 */
import 'server-only';
import { headers } from 'next/headers';
import { AppError, toErrorResponse } from './errors';
import { identityFor, identityFromHeaders, type RequestIdentity } from './identity';
import { lifecyclePhase } from './lifecycle';
import { log } from './log';
import { withRequestContext } from './request-context';

// Route handlers parse their input with these; re-exported so a handler has one import.
export { parseQuery, parseWith } from './params';

/** What a handler may do. Every permission is read-only except readiness ingest. */
export type Permission =
  | 'health:read'
  | 'executions:read'
  | 'audit:read'
  | 'readiness:read'
  | 'readiness:ingest';

export interface HandlerContext<P> {
  identity: RequestIdentity;
  params: P;
}

/**
 * In service-account mode every caller who can reach Flightdeck may read what its
 * read-only ServiceAccount may read (the Kubernetes API enforces that); ingest has its
 * own bearer token, checked by the ingest handler. A user-aware mode plugs in here.
 */
function authorize(identity: RequestIdentity, permission: Permission): void {
  if (identity.mode !== 'serviceaccount') {
    throw new AppError('forbidden', `Not allowed: ${permission}`);
  }
}

/**
 * The identity of the request a server page renders for, authorized for `permission`;
 * throws AppError('forbidden') otherwise (rendered by app/error.tsx). Every page calls it
 * first, even one that reads no data itself, so a user-aware mode protects every view.
 */
export async function pageIdentity(permission: Permission): Promise<RequestIdentity> {
  const identity = identityFromHeaders(await headers());
  authorize(identity, permission);
  return identity;
}

export function handle<P = Record<string, never>>(
  permission: Permission,
  fn: (request: Request, ctx: HandlerContext<P>) => Promise<Response>,
): (request: Request, context: { params: Promise<P> }) => Promise<Response> {
  return async (request, context) => {
    const instance = safePath(request.url);
    const started = performance.now();
    let identity: RequestIdentity;
    try {
      identity = identityFor(request);
    } catch (err) {
      return toErrorResponse(err, instance);
    }
    // Everything the handler logs, its error included, carries the request id.
    return withRequestContext({ requestId: identity.requestId, user: identity.subject }, async () => {
      try {
        if (lifecyclePhase() === 'closing') {
          throw new AppError('unavailable:shutting_down', 'This Flightdeck instance is shutting down; retry.', { headers: { 'retry-after': '1' } });
        }
        authorize(identity, permission);
        const params = ((await context?.params) ?? {}) as P;
        return accessLog(request, instance, started, await fn(request, { identity, params }));
      } catch (err) {
        return accessLog(request, instance, started, toErrorResponse(err, instance));
      }
    });
  };
}

/** One debug line per API request (metrics count them at every level). */
function accessLog(request: Request, path: string, started: number, response: Response): Response {
  log.debug('request', { method: request.method, path, status: response.status, ms: Math.round(performance.now() - started) });
  return response;
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

/** JSON response that is never cached by the browser or a proxy. */
export function json(data: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/json');
  if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
  return new Response(JSON.stringify(data), { ...init, headers });
}
