/**
 * What a person may see, decided by Kubernetes: SubjectAccessReviews for the person's
 * user and groups, made by Flightdeck and cached briefly. The cache is bounded
 * (AUTH_CACHE_MAX_ENTRIES) and every answer expires after AUTH_CACHE_TTL_SECONDS, so a
 * revoked RoleBinding stops working within that time; concurrent identical questions
 * share one request. A list of 10,000 rows costs one review per namespace, never per row.
 */
import 'server-only';
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { env } from '../env';
import { reviewAccess, reviewToken, type AccessQuestion, type ReviewedUser } from '../k8s/reviews';

/** A signed-in person as Kubernetes knows them. */
export interface Person {
  user: string;
  groups: string[];
  /** What the shell shows ("viewing as …"). */
  display: string;
}

/** The resource every execution view reads. */
export const EXECUTIONS = { group: 'kubernaut.ai', resource: 'workflowexecutions' } as const;

/** Cache key of one question: every field that changes the answer, groups in a stable order. */
export function accessKey(q: AccessQuestion): string {
  return JSON.stringify([q.user, [...q.groups].sort(), q.verb, q.group, q.resource, q.namespace, q.name ?? '']);
}

let decisions: LRUCache<string, boolean, AccessQuestion> | undefined;
let tokens: LRUCache<string, { user: ReviewedUser | null }, string> | undefined;

function decisionCache(): LRUCache<string, boolean, AccessQuestion> {
  decisions ??= new LRUCache<string, boolean, AccessQuestion>({
    max: env().AUTH_CACHE_MAX_ENTRIES,
    ttl: env().AUTH_CACHE_TTL_SECONDS * 1000,
    fetchMethod: (_key, _stale, { context }) => reviewAccess(context),
  });
  return decisions;
}

function tokenCache(): LRUCache<string, { user: ReviewedUser | null }, string> {
  tokens ??= new LRUCache<string, { user: ReviewedUser | null }, string>({
    max: env().AUTH_CACHE_MAX_ENTRIES,
    ttl: env().AUTH_CACHE_TTL_SECONDS * 1000,
    fetchMethod: async (_key, _stale, { context }) => ({ user: await reviewToken(context) }),
  });
  return tokens;
}

/** Whether the person may `verb` the resource in a namespace ('' = every namespace). */
export async function may(person: Person, verb: string, target: { group: string; resource: string }, namespace: string, name?: string): Promise<boolean> {
  const q: AccessQuestion = { user: person.user, groups: person.groups, verb, ...target, namespace, ...(name ? { name } : {}) };
  return (await decisionCache().fetch(accessKey(q), { context: q })) === true;
}

/**
 * The namespaces (of those given) in which the person may `verb` executions: one review
 * for a cluster-wide grant, then one per namespace only when that is refused.
 */
export async function allowedNamespaces(person: Person, verb: 'list' | 'get', namespaces: Iterable<string>): Promise<Set<string> | 'all'> {
  if (await may(person, verb, EXECUTIONS, '')) return 'all';
  const candidates = [...new Set(namespaces)];
  const answers = await Promise.all(candidates.map((ns) => may(person, verb, EXECUTIONS, ns)));
  return new Set(candidates.filter((_, i) => answers[i]));
}

/** Data Storage's reader rule for this person: `get` on its Service in its namespace. */
export async function mayReadAudit(person: Person): Promise<boolean> {
  const e = env();
  return may(person, 'get', { group: '', resource: 'services' }, e.DATASTORAGE_NAMESPACE, e.DATASTORAGE_SERVICE_NAME);
}

/** The permission mayReadAudit checks, spelled for a person who lacks it. */
export function auditPermission(): string {
  const e = env();
  return `get services/${e.DATASTORAGE_SERVICE_NAME} in namespace ${e.DATASTORAGE_NAMESPACE}`;
}

/**
 * Who a Kubernetes bearer token belongs to (TokenReview), cached by the token's SHA-256
 * so the token itself is never a key in memory dumps or logs. Null: not a valid token.
 */
export async function personFromToken(token: string): Promise<Person | null> {
  const key = createHash('sha256').update(token).digest('base64url');
  const answer = await tokenCache().fetch(key, { context: token });
  const user = answer?.user;
  return user ? { user: user.username, groups: user.groups, display: user.username } : null;
}

/** Forgets every cached decision (tests). */
export function resetAccessCachesForTests(): void {
  decisions = undefined;
  tokens = undefined;
}
