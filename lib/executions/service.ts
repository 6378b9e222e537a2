/**
 * What the executions route handlers call. Every read is served from the process's one
 * shared executions cache (listed and watched as Flightdeck's own read-only identity) and
 * narrowed to what the caller may see (lib/executions/visibility.ts).
 */
import 'server-only';
import { listExecutionsByConformance } from '../audit/list-filter';
import { mayReadAudit, auditPermission } from '../auth/access';
import { AppError } from '../errors';
import type { RequestIdentity } from '../identity';
import { syncedExecutionCache } from './cache';
import type {
  ExecutionDetail,
  ExecutionFilter,
  ExecutionListQuery,
  ExecutionListResponse,
  OutcomesResponse,
} from '../schemas/executions';
import type { ExecutionsOverview } from '../schemas/overview';
import { assertMayGetExecution, restrictFilter, restrictStatuses, visibleNamespaces } from './visibility';

/** One page of executions matching the query (counts, namespaces' status and live position included). */
export async function listExecutions(identity: RequestIdentity, query: ExecutionListQuery): Promise<ExecutionListResponse> {
  const cache = await syncedExecutionCache();
  const visible = await visibleNamespaces(identity, 'list', query.namespace?.length ? query.namespace : cache.namespacesInUse());
  const restricted = restrictFilter(query, visible);
  // The audit-conformance filter reads Data Storage: only for people its reader rule admits.
  if (query.audit?.length) {
    if (identity.person && !(await mayReadAudit(identity.person))) {
      const permission = auditPermission();
      throw new AppError('forbidden:audit', `Filtering by audit needs the Kubernetes permission Data Storage checks: ${permission}.`, { extensions: { permission } });
    }
    const page = await listExecutionsByConformance(identity, restricted, query.audit);
    return { ...page, namespaces: restrictStatuses(page.namespaces, visible) };
  }
  const page = cache.list(restricted);
  return { ...page, namespaces: restrictStatuses(page.namespaces, visible) };
}

/** Executions per time bucket and phase for a filter (the outcomes chart). */
export async function executionOutcomes(identity: RequestIdentity, filter: ExecutionFilter): Promise<OutcomesResponse> {
  const cache = await syncedExecutionCache();
  const visible = await visibleNamespaces(identity, 'list', filter.namespace?.length ? filter.namespace : cache.namespacesInUse());
  return cache.outcomes(restrictFilter(filter, visible));
}

/**
 * The overview's execution numbers (running, failed in the last 24 hours, recent
 * failures, top reasons and workflows, blocked targets) over what the caller may list:
 * a person sees counts of their namespaces only.
 */
export async function executionsOverview(identity: RequestIdentity): Promise<ExecutionsOverview> {
  const cache = await syncedExecutionCache();
  const visible = await visibleNamespaces(identity, 'list', cache.namespacesInUse());
  return cache.overview(restrictFilter({}, visible));
}

/**
 * The detail of one execution; 404 `not_found:execution` when it does not exist or the
 * caller may not `get` it (the same answer, so a name's existence is not revealed).
 */
export async function getExecution(identity: RequestIdentity, namespace: string, name: string): Promise<ExecutionDetail> {
  await assertMayGetExecution(identity, namespace, name);
  return (await syncedExecutionCache()).detail(namespace, name);
}
