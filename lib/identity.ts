/**
 * Who a server call acts for. A request's identity is proven by lib/auth/authenticate.ts
 * (an ID token from the auth proxy, a Kubernetes bearer token, or a token-mode session);
 * callers go through lib/route.ts (`handle`, `pageIdentity`), which also authorize.
 * `person` null means Flightdeck's own ServiceAccount decides what is visible
 * (serviceaccount and none modes, and background work).
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Person } from './auth/access';
import { authenticate, type Authentication } from './auth/authenticate';
import type { AuthMode } from './auth/mode';

export interface RequestIdentity {
  mode: AuthMode;
  /** Shown in logs and the UI ("viewing as"). Never a token. */
  subject: string;
  /** The person Kubernetes judges each read for; null: Flightdeck's own ServiceAccount. */
  person: Person | null;
  /** How the identity was proven. */
  via: Authentication['via'] | 'anonymous';
  requestId: string;
}

function requestIdOf(headers: Pick<Headers, 'get'>): string {
  const incoming = headers.get('x-request-id');
  return incoming && /^[A-Za-z0-9._-]{1,64}$/.test(incoming) ? incoming : randomUUID();
}

/**
 * Authenticates a request from its headers: a route handler's request, or a server page's
 * `headers()` from next/headers. Throws 401 `unauthorized` when nothing proves who it is.
 */
export async function identityFromHeaders(headers: Pick<Headers, 'get'>): Promise<RequestIdentity> {
  const auth = await authenticate(headers);
  return {
    mode: auth.mode,
    subject: auth.person ? auth.person.display : auth.mode === 'none' ? 'anonymous (AUTH_MODE=none)' : 'flightdeck',
    person: auth.person,
    via: auth.via,
    requestId: requestIdOf(headers),
  };
}

/** Authenticates one incoming request (see identityFromHeaders). */
export function identityFor(request: Request): Promise<RequestIdentity> {
  return identityFromHeaders(request.headers);
}

/**
 * A request that needs no sign-in (the probes, and ingest with its own token): it acts as
 * nobody, and its handler reveals nothing a person would need access for.
 */
export function anonymousIdentity(headers: Pick<Headers, 'get'>): RequestIdentity {
  return { mode: 'none', subject: 'anonymous', person: null, via: 'anonymous', requestId: requestIdOf(headers) };
}

/** An identity for background work (caches, watchers) that no single request owns. */
export function systemIdentity(): RequestIdentity {
  return { mode: 'serviceaccount', subject: 'flightdeck', person: null, via: 'self', requestId: 'system' };
}
