/**
 * Who a server call acts for. Today every request acts as Flightdeck's own read-only
 * ServiceAccount; a later mode (an auth proxy plus Kubernetes impersonation) only has to
 * change `identityFor` and the clients that read `impersonate`.
 */
import { randomUUID } from 'node:crypto';

export interface RequestIdentity {
  mode: 'serviceaccount';
  /** Shown in logs and the UI ("viewing as"). */
  subject: string;
  /** Present once an impersonating mode exists; clients must forward it. */
  impersonate?: { user: string; groups: string[] };
  requestId: string;
}

/** Builds the identity of one incoming request. Never trusts identity headers today. */
export function identityFor(request: Request): RequestIdentity {
  return identityFromHeaders(request.headers);
}

/**
 * Builds an identity from request headers: a route handler's request, or a server page's
 * `headers()` from next/headers. Callers go through lib/route.ts (`handle`, `pageIdentity`),
 * which also authorize.
 */
export function identityFromHeaders(headers: Pick<Headers, 'get'>): RequestIdentity {
  const incoming = headers.get('x-request-id');
  const requestId = incoming && /^[A-Za-z0-9._-]{1,64}$/.test(incoming) ? incoming : randomUUID();
  return { mode: 'serviceaccount', subject: 'flightdeck', requestId };
}

/** An identity for background work (caches, watchers) that no single request owns. */
export function systemIdentity(): RequestIdentity {
  return { mode: 'serviceaccount', subject: 'flightdeck', requestId: 'system' };
}
