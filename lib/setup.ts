/**
 * Flightdeck's set-up as the teaching empty states describe it, read from the validated
 * configuration (lib/env.ts) and the request's already-proven identity, never from
 * request input. No secrets: a Data Storage URL is shown without user info or query.
 */
import 'server-only';
import { env, runsInCluster } from './env';
import type { RequestIdentity } from './identity';
import type { WatchSetup } from './schemas/setup';

/** The namespaces Flightdeck watches and the identity the caller's list is judged for. */
export function watchSetup(identity: RequestIdentity): WatchSetup {
  const e = env();
  if (identity.person) return { namespaces: e.WATCH_NAMESPACES, identity: { kind: 'person', user: identity.person.user, groups: identity.person.groups } };
  const inCluster = !e.KUBECONFIG && runsInCluster();
  return {
    namespaces: e.WATCH_NAMESPACES,
    identity: { kind: 'flightdeck', inCluster, ...(e.KUBECONFIG ? { kubeconfig: e.KUBECONFIG } : {}), ...(e.KUBE_CONTEXT ? { context: e.KUBE_CONTEXT } : {}) },
  };
}

/** The configured Data Storage base URL, without credentials, query or fragment. */
export function dataStorageUrl(): string {
  try {
    const u = new URL(env().DATASTORAGE_URL);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(invalid DATASTORAGE_URL)';
  }
}
