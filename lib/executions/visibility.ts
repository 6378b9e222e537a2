/**
 * Which executions a person may see: Kubernetes decides per namespace (`list` for the
 * list, outcomes and stream; `get` for one object) through cached SubjectAccessReviews,
 * so a page of 10,000 rows costs one review per namespace, never one per row. A person
 * is shown a restricted filter; Flightdeck's own identity (person null) sees everything
 * its ServiceAccount can read.
 */
import 'server-only';
import { allowedNamespaces, EXECUTIONS, may } from '../auth/access';
import { AppError } from '../errors';
import type { RequestIdentity } from '../identity';
import type { ExecutionFilter, NamespaceStatus } from '../schemas/executions';

export type Visible = 'all' | ReadonlySet<string>;

/**
 * Matches no row: namespaces are DNS-1123 labels and never empty, so a filter on ''
 * yields an empty page with zero counts through the same code path as any other filter.
 */
const NO_NAMESPACE = '';

/** The namespaces (of `candidates`) whose executions the caller may `verb`. */
export async function visibleNamespaces(identity: RequestIdentity, verb: 'list' | 'get', candidates: Iterable<string>): Promise<Visible> {
  if (!identity.person) return 'all';
  return allowedNamespaces(identity.person, verb, candidates);
}

/** The filter narrowed to what is visible (an explicit namespace filter is intersected). */
export function restrictFilter<F extends ExecutionFilter>(filter: F, visible: Visible): F {
  if (visible === 'all') return filter;
  const wanted = filter.namespace?.length ? filter.namespace.filter((ns) => visible.has(ns)) : [...visible];
  return { ...filter, namespace: wanted.length ? wanted : [NO_NAMESPACE] };
}

/** Watch statuses without the namespaces the caller may not see (their names are not shown). */
export function restrictStatuses(statuses: NamespaceStatus[], visible: Visible): NamespaceStatus[] {
  if (visible === 'all') return statuses;
  return statuses.filter((s) => s.namespace === '*' || visible.has(s.namespace));
}

/** The answer for an execution that does not exist, and for one the caller may not see. */
export function executionNotFound(namespace: string, name: string, cause?: unknown): AppError {
  return new AppError('not_found:execution', `WorkflowExecution ${namespace}/${name} was not found.`, cause === undefined ? {} : { cause });
}

/** Throws the not-found answer unless the caller may `get` this execution. */
export async function assertMayGetExecution(identity: RequestIdentity, namespace: string, name: string): Promise<void> {
  if (!identity.person) return;
  if (!(await may(identity.person, 'get', EXECUTIONS, namespace, name))) throw executionNotFound(namespace, name);
}
