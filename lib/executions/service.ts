/**
 * What the executions route handlers call. Every read is served from the process's
 * executions cache, which lists and watches as Flightdeck's own read-only identity; a
 * user-aware mode would check the caller's access here before answering.
 */
import 'server-only';
import { listExecutionsByConformance } from '../audit/list-filter';
import type { RequestIdentity } from '../identity';
import { syncedExecutionCache } from './cache';
import type {
  ExecutionDetail,
  ExecutionFilter,
  ExecutionListQuery,
  ExecutionListResponse,
  OutcomesResponse,
} from '../schemas/executions';

/** One page of executions matching the query (counts, namespaces' status and live position included). */
export async function listExecutions(identity: RequestIdentity, query: ExecutionListQuery): Promise<ExecutionListResponse> {
  // The audit-conformance filter needs Data Storage: the audit feature pages that list.
  if (query.audit?.length) return listExecutionsByConformance(identity, query, query.audit);
  return (await syncedExecutionCache()).list(query);
}

/** Executions per time bucket and phase for a filter (the outcomes chart). */
export async function executionOutcomes(_identity: RequestIdentity, filter: ExecutionFilter): Promise<OutcomesResponse> {
  return (await syncedExecutionCache()).outcomes(filter);
}

/** The detail of one execution; 404 `not_found:execution` when it does not exist. */
export async function getExecution(_identity: RequestIdentity, namespace: string, name: string): Promise<ExecutionDetail> {
  return (await syncedExecutionCache()).detail(namespace, name);
}
