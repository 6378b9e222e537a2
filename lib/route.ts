/**
 * The one place that turns a request into an authorized identity: `handle` wraps every
 * route handler (parse, authorize, call lib, respond; errors rendered as RFC 7807
 * problems), and `pageIdentity` is the same for every server page. Authorization is part
 * of each handler and page itself (never only middleware; see Next.js CVE-2025-29927);
 * lib/route.test.ts fails when a page or handler under app/ bypasses these two.
 */
import 'server-only';
import { headers } from 'next/headers';
import { forbidden, redirect, unauthorized } from 'next/navigation';
import { auditPermission, mayReadAudit } from './auth/access';
import { authModeOrNull } from './auth/mode';
import { env } from './env';
import { refuseForeignOrigin } from './auth/origin';
import { AppError, toErrorResponse } from './errors';
import { anonymousIdentity, identityFor, identityFromHeaders, type RequestIdentity } from './identity';
import { arrivedWhileClosing } from './lifecycle';
import { withRequestContext } from './request-context';
import { logAccess } from './access-log';

// Route handlers parse their input with these; re-exported so a handler has one import.
export { parseQuery, parseWith } from './params';

/**
 * What a handler or page may do. Every permission is read-only except readiness ingest.
 * `health:read`, `readiness:ingest` and `session:create|delete` need no sign-in (the
 * probes reveal only up/down; ingest checks its own token; sign-in proves a token itself);
 * `session:read` is any signed-in person.
 */
export type Permission =
  | 'health:read'
  | 'session:read'
  | 'session:create'
  | 'session:delete'
  | 'executions:read'
  | 'audit:read'
  | 'readiness:read'
  | 'readiness:ingest';

/** Permissions that need no sign-in: probes, ingest (its own token), signing in and out. */
const PUBLIC: ReadonlySet<Permission> = new Set(['health:read', 'readiness:ingest', 'session:create', 'session:delete']);

export interface HandlerContext<P> {
  identity: RequestIdentity;
  params: P;
}

/**
 * The per-permission rule. Executions are filtered per row in lib/executions (a person
 * sees the namespaces Kubernetes lets them list or get), so the gate here only needs a
 * signed-in person; audit needs Data Storage's own reader rule. In serviceaccount and
 * none modes (`person` null) Flightdeck's ServiceAccount decides, as the Kubernetes API
 * and Data Storage enforce for it.
 */
async function authorize(identity: RequestIdentity, permission: Permission): Promise<void> {
  if (permission === 'audit:read' && identity.person && !(await mayReadAudit(identity.person))) {
    const permissionText = auditPermission();
    throw new AppError('forbidden:audit', `Reading audit events needs the Kubernetes permission Data Storage checks: ${permissionText}.`, {
      extensions: { permission: permissionText },
    });
  }
}

/**
 * The identity of the request a server page renders for, authorized for `permission`.
 * A visitor who is not signed in goes to the sign-in page (token mode) or gets the 401
 * page; one without the permission gets the 403 page (app/forbidden.tsx names it).
 */
export async function pageIdentity(permission: Permission): Promise<RequestIdentity> {
  const requestHeaders = await headers();
  let identity: RequestIdentity;
  try {
    identity = await identityFromHeaders(requestHeaders);
    await authorize(identity, permission);
  } catch (err) {
    const outcome = err instanceof AppError ? err.status : 500;
    logAccess({ subject: 'unknown', route: requestHeaders.get('x-flightdeck-path') ?? 'page', method: 'GET', outcome, permission });
    if (err instanceof AppError && err.kind === 'unauthorized') {
      if (authModeOrNull(env()) === 'token') redirect(`/sign-in?next=${encodeURIComponent(requestHeaders.get('x-flightdeck-path') ?? '/')}`);
      unauthorized();
    }
    if (err instanceof AppError && err.kind === 'forbidden') forbidden();
    throw err;
  }
  logAccess({ subject: identity.subject, route: requestHeaders.get('x-flightdeck-path') ?? 'page', method: 'GET', outcome: 200, permission });
  return identity;
}

/**
 * A page anyone may open (the sign-in page): logged like every other page, no identity.
 */
export async function publicPage(): Promise<void> {
  const requestHeaders = await headers();
  logAccess({ subject: 'anonymous', route: requestHeaders.get('x-flightdeck-path') ?? 'page', method: 'GET', outcome: 200, permission: 'public' });
}

/** Who the shell says you are ("viewing as …") and how to sign out; null when not signed in. */
export interface Viewer {
  mode: RequestIdentity['mode'];
  display: string;
  /** Token mode signs out with a POST to this path; proxy mode through the proxy's URL. */
  signOut: { method: 'post' | 'get'; href: string } | null;
}

/** Pages anyone may open (the sign-in page). */
const PUBLIC_PAGE_PATHS: ReadonlySet<string> = new Set(['/sign-in']);

/**
 * The root layout's gate: the viewer, or (for a visitor who proves no identity on a page
 * that needs one) the sign-in redirect in token mode and the 401 page otherwise. It runs
 * before anything streams, so the status is a real 401 even where a loading boundary
 * would have flushed a 200 shell first; each page still authorizes itself (pageIdentity).
 */
export async function layoutViewer(): Promise<Viewer | null> {
  const viewer = await currentViewer();
  if (viewer) return viewer;
  const path = (await headers()).get('x-flightdeck-path') ?? '';
  if (PUBLIC_PAGE_PATHS.has(path)) return null;
  if (authModeOrNull(env()) === 'token') redirect(`/sign-in?next=${encodeURIComponent(path || '/')}`);
  unauthorized();
}

export async function currentViewer(): Promise<Viewer | null> {
  let identity: RequestIdentity;
  try {
    identity = await identityFromHeaders(await headers());
  } catch {
    return null;
  }
  const signOut =
    identity.mode === 'token' && identity.via === 'session'
      ? ({ method: 'post', href: '/api/auth/sign-out' } as const)
      : identity.mode === 'proxy' && identity.via === 'id-token'
        ? ({ method: 'get', href: env().AUTH_PROXY_SIGN_OUT_URL } as const)
        : null;
  return { mode: identity.mode, display: identity.subject, signOut };
}

/**
 * The caller's identity when the request proves one, else null (never throws 401): for
 * a public handler that shows more to a signed-in person, such as /api/readyz's details.
 */
export async function signedInIdentity(request: Request): Promise<RequestIdentity | null> {
  try {
    return await identityFor(request);
  } catch (err) {
    if (err instanceof AppError && err.kind === 'unauthorized') return null;
    throw err;
  }
}

/**
 * Wraps a route handler: authenticate (unless the permission is public), refuse a foreign
 * Origin on state-changing requests without a bearer token, authorize, run, respond; one
 * access-log line per request (person, route, outcome; never a token or a cookie).
 */
export function handle<P = Record<string, never>>(
  permission: Permission,
  fn: (request: Request, ctx: HandlerContext<P>) => Promise<Response>,
): (request: Request, context: { params: Promise<P> }) => Promise<Response> {
  return async (request, context) => {
    const instance = safePath(request.url);
    const started = performance.now();
    const done = (response: Response, subject: string) => {
      logAccess({ subject, route: instance, method: request.method, outcome: response.status, permission, ms: Math.round(performance.now() - started) });
      return response;
    };
    let identity: RequestIdentity;
    try {
      refuseForeignOrigin(request);
      identity = PUBLIC.has(permission) ? anonymousIdentity(request.headers) : await identityFor(request);
    } catch (err) {
      return done(toErrorResponse(err, instance), 'unknown');
    }
    // Everything the handler logs, its error included, carries the request id and the person.
    return withRequestContext({ requestId: identity.requestId, user: identity.subject }, async () => {
      try {
        if (arrivedWhileClosing(request)) {
          throw new AppError('unavailable:shutting_down', 'This Flightdeck instance is shutting down; retry.', { headers: { 'retry-after': '1' } });
        }
        await authorize(identity, permission);
        const params = ((await context?.params) ?? {}) as P;
        return done(await fn(request, { identity, params }), identity.subject);
      } catch (err) {
        return done(toErrorResponse(err, instance), identity.subject);
      }
    });
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
