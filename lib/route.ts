/**
 * Wraps a route handler so that each one parses, authorizes, calls lib and responds,
 * with errors rendered as RFC 7807 problems. Authorization is part of the handler
 * itself (never only middleware; see Next.js CVE-2025-29927).
 */
import 'server-only';
import { AppError, toErrorResponse } from './errors';
import { identityFor, type RequestIdentity } from './identity';

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
export function authorize(identity: RequestIdentity, permission: Permission): void {
  if (identity.mode !== 'serviceaccount') {
    throw new AppError('forbidden', `Not allowed: ${permission}`);
  }
}

export function handle<P = Record<string, never>>(
  permission: Permission,
  fn: (request: Request, ctx: HandlerContext<P>) => Promise<Response>,
): (request: Request, context: { params: Promise<P> }) => Promise<Response> {
  return async (request, context) => {
    const instance = safePath(request.url);
    try {
      const identity = identityFor(request);
      authorize(identity, permission);
      const params = ((await context?.params) ?? {}) as P;
      return await fn(request, { identity, params });
    } catch (err) {
      return toErrorResponse(err, instance);
    }
  };
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
