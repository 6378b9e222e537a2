/**
 * Opens the live stream of one request: parses its subscriptions, narrows them to what
 * the caller may see, makes sure the executions cache runs (it is the main publisher),
 * and answers with the SSE response.
 */
import 'server-only';
import { env } from '../env';
import { executionCache } from '../executions/cache';
import type { RequestIdentity } from '../identity';
import { restrictFilter, visibleNamespaces, type Visible } from '../executions/visibility';
import type { LiveEvent, Subscription } from '../schemas/live';
import { createLiveStream, SSE_HEADERS } from './sse';
import { parseSubscriptions, resolveSubscription, type ResolvedSubscription } from './subscriptions';

interface Access {
  list: Visible;
  /** `namespace/name` of each single-execution subscription the caller may get. */
  get: ReadonlySet<string>;
}

async function accessFor(identity: RequestIdentity, subscriptions: Subscription[], namespaces: Iterable<string>): Promise<Access> {
  const list = await visibleNamespaces(identity, 'list', namespaces);
  const get = new Set<string>();
  for (const sub of subscriptions) {
    if (sub.topic !== 'execution' || !('namespace' in sub)) continue;
    const visible = await visibleNamespaces(identity, 'get', [sub.namespace]);
    if (visible === 'all' || visible.has(sub.namespace)) get.add(`${sub.namespace}/${sub.name}`);
  }
  return { list, get };
}

const sameAccess = (a: Access, b: Access) =>
  (a.list === 'all' ? 'all' : [...a.list].sort().join(',')) === (b.list === 'all' ? 'all' : [...b.list].sort().join(',')) &&
  [...a.get].sort().join(',') === [...b.get].sort().join(',');

/** A subscription as the caller may see it; events keep the key the tab asked for. */
function narrowed(sub: Subscription, access: Access): ResolvedSubscription {
  const asked = resolveSubscription(sub);
  if (sub.topic === 'executions' && 'filter' in sub) {
    const inner = resolveSubscription({ ...sub, filter: restrictFilter(sub.filter, access.list) });
    return { ...asked, map: (e) => rekey(inner.map(e), asked.key) };
  }
  if (sub.topic === 'execution' && 'namespace' in sub && !access.get.has(`${sub.namespace}/${sub.name}`)) {
    return { ...asked, map: () => null };
  }
  return asked;
}

const rekey = (event: LiveEvent | null, key: string): LiveEvent | null => (event ? { ...event, sub: key } : null);

/**
 * The SSE response for one tab; listeners are released when `request.signal` aborts.
 * Access is re-checked every AUTH_CACHE_TTL_SECONDS; when it changed (a RoleBinding was
 * granted or revoked) the stream ends and the tab reconnects with Last-Event-ID under
 * the new access.
 */
export async function liveStream(identity: RequestIdentity, request: Request): Promise<Response> {
  const subscriptions = parseSubscriptions(request.url);
  const cache = executionCache();
  const access = await accessFor(identity, subscriptions, cache.namespacesInUse());
  const ended = new AbortController();
  const signal = AbortSignal.any([request.signal, ended.signal]);
  if (identity.person) {
    const recheck = setInterval(() => {
      accessFor(identity, subscriptions, cache.namespacesInUse())
        .then((now) => {
          if (!sameAccess(access, now)) ended.abort();
        })
        .catch(() => ended.abort());
    }, env().AUTH_CACHE_TTL_SECONDS * 1000);
    recheck.unref?.();
    signal.addEventListener('abort', () => clearInterval(recheck), { once: true });
  }
  const since = new URL(request.url).searchParams.get('since');
  const stream = createLiveStream({
    bus: cache.bus,
    subscriptions: subscriptions.map((s) => narrowed(s, access)),
    resumeFrom: request.headers.get('last-event-id') ?? since,
    signal,
  });
  return new Response(stream, { headers: SSE_HEADERS });
}
