/**
 * The executions list filtered by audit conformance (the list's "Audit" filter). The
 * executions cache answers the rest of the query from memory; every matching row is then
 * checked against the process's audit index and kept when its status is wanted. Paged
 * with its own offset cursor (`a<offset>`); counts by phase are of the kept rows.
 *
 * Layering: this module reads the executions cache (lib/executions/cache.ts) and the
 * audit index; lib/executions/service.ts, the entry point of the executions API, composes
 * it when a query carries the Audit filter.
 */
import 'server-only';
import type { RequestIdentity } from '../identity';
import { syncedExecutionCache } from '../executions/cache';
import type { ConformanceFilter } from '../schemas/audit';
import { emptyCounts, MAX_LIMIT, type ExecutionListQuery, type ExecutionListResponse, type ExecutionSummary } from '../schemas/executions';
import { conformanceBatch } from './conformance-index';
import { subjectFromSummary } from './subjects';

/** Rows read per call (the cache answers from memory; this bounds the audit checks). */
const MAX_FILTER_ROWS = 20_000;
const CURSOR = /^a[0-9a-z]{1,8}$/;

export async function listExecutionsByConformance(identity: RequestIdentity, query: ExecutionListQuery, statuses: readonly ConformanceFilter[]): Promise<ExecutionListResponse> {
  const cache = await syncedExecutionCache();
  const rows: ExecutionSummary[] = [];
  let cursor: string | undefined;
  let first: ExecutionListResponse | undefined;
  do {
    const page = cache.list({ ...query, limit: MAX_LIMIT, cursor });
    first ??= page;
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length < MAX_FILTER_ROWS);
  const batch = await conformanceBatch(identity, rows.map(subjectFromSummary));
  const wanted = new Set<string>(statuses);
  const kept = rows.filter((r) => wanted.has(batch.items[`${r.namespace}/${r.name}`]?.status ?? 'unknown'));
  const offset = query.cursor && CURSOR.test(query.cursor) ? parseInt(query.cursor.slice(1), 36) : 0;
  const counts = emptyCounts();
  for (const r of kept) counts[r.phase]++;
  return {
    ...first!,
    items: kept.slice(offset, offset + query.limit),
    nextCursor: offset + query.limit < kept.length ? `a${(offset + query.limit).toString(36)}` : null,
    total: kept.length,
    counts,
  };
}
