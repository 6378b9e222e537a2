/**
 * Browser queries of the audit feature: the explorer's pages, one correlation, one event
 * in full, the hash-chain check, and the audit side of executions. Each factory pairs a
 * key from lib/query-keys with its URL, fetcher and answer type.
 */
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { fetchJson } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import {
  correlationUrl,
  type AuditEventSummary,
  type AuditEventView,
  type AuditPage,
  type ChainVerification,
  type ConformanceBatch,
  type CorrelationView,
  type ExecutionAuditView,
} from '@/lib/schemas/audit';

/** One explorer page for the filters `params` (the API's search-params string). */
export function auditEventsQuery(params: string) {
  return queryOptions({
    queryKey: queryKeys.audit.events(params),
    queryFn: ({ signal }) => fetchJson<AuditPage>(`/api/v1/audit/events${params ? `?${params}` : ''}`, signal),
  });
}

/**
 * Every event of one correlation. `linkedEvent` (optional) is the event a pasted link
 * selects: the first load asks for it in full beside the list, from the same URL the page
 * preloaded, and stores it as that event's own query; refreshes ask for the list alone.
 */
export function correlationQuery(queryClient: QueryClient, correlationId: string, linkedEvent?: string) {
  const queryKey = queryKeys.audit.correlation(correlationId);
  return queryOptions({
    queryKey,
    queryFn: async ({ signal }) => {
      const firstLoad = queryClient.getQueryData(queryKey) === undefined;
      const data = await fetchJson<CorrelationView>(correlationUrl(correlationId, firstLoad ? linkedEvent : undefined), signal);
      if (data.selected) queryClient.setQueryData(correlationEventQuery(correlationId, data.selected).queryKey, data.selected);
      return data;
    },
    staleTime: 30_000,
  });
}

/** The export of one correlation; `format` is appended by the caller's link. */
export function correlationExportUrl(correlationId: string): string {
  return `/api/v1/correlations/${encodeURIComponent(correlationId)}/export`;
}

/** One event of a correlation in full (its timestamp narrows Data Storage's search). */
export function correlationEventQuery(correlationId: string, event: Pick<AuditEventSummary, 'id' | 'timestamp'>) {
  return queryOptions({
    queryKey: queryKeys.audit.correlationEvent(correlationId, event.id),
    queryFn: ({ signal }) =>
      fetchJson<AuditEventView>(`/api/v1/correlations/${encodeURIComponent(correlationId)}/events/${encodeURIComponent(event.id)}?at=${encodeURIComponent(event.timestamp)}`, signal),
    staleTime: 30_000,
  });
}

/** Data Storage's hash-chain verification of one correlation. */
export function chainVerificationQuery(correlationId: string) {
  return queryOptions({
    queryKey: queryKeys.audit.verify(correlationId),
    queryFn: ({ signal }) => fetchJson<ChainVerification>(`/api/v1/correlations/${encodeURIComponent(correlationId)}/verify`, signal),
    staleTime: 60_000,
  });
}

/**
 * The audit side of one execution (events, conformance, failure drill-down). While a
 * lifecycle event is still inside its grace period the answer can change, so it is
 * polled until conformance settles.
 */
export function executionAuditQuery(namespace: string, name: string) {
  return queryOptions({
    queryKey: queryKeys.audit.execution(namespace, name),
    queryFn: ({ signal }) => fetchJson<ExecutionAuditView>(`/api/v1/executions/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/audit`, signal),
    refetchInterval: (q) => {
      const d = q.state.data;
      if (!d) return false;
      const settled = d.conformance.status !== 'pending' && (d.execution.phase === 'Completed' || d.execution.phase === 'Failed');
      return settled ? false : 10_000;
    },
  });
}

type ConformanceSummary = ConformanceBatch['items'][string];

const BATCH_MS = 25;
const MAX_BATCH = 200;

type Waiter = { resolve: (s: ConformanceSummary) => void; reject: (e: unknown) => void };
let pending = new Map<string, Waiter[]>();
let timer: ReturnType<typeof setTimeout> | undefined;

async function flush(): Promise<void> {
  const batch = pending;
  pending = new Map();
  timer = undefined;
  const keys = [...batch.keys()];
  for (let i = 0; i < keys.length; i += MAX_BATCH) {
    const chunk = keys.slice(i, i + MAX_BATCH);
    const params = new URLSearchParams(chunk.map((k) => ['execution', k]));
    try {
      const res = await fetchJson<ConformanceBatch>(`/api/v1/audit/conformance?${params.toString()}`);
      for (const k of chunk) {
        const summary = res.items[k] ?? { status: 'unknown', problems: [], duplicates: 0, missing: 0 };
        for (const w of batch.get(k) ?? []) w.resolve(summary);
      }
    } catch (err) {
      for (const k of chunk) for (const w of batch.get(k) ?? []) w.reject(err);
    }
  }
}

/** Loads one execution's (`namespace/name`) conformance through the shared batch. */
function loadConformance(key: string): Promise<ConformanceSummary> {
  return new Promise((resolve, reject) => {
    const list = pending.get(key) ?? [];
    list.push({ resolve, reject });
    pending.set(key, list);
    timer ??= setTimeout(() => void flush(), BATCH_MS);
  });
}

/**
 * One list row's conformance summary. Rows on screen ask at once: requests made in the
 * same few milliseconds are batched into one call of `GET /api/v1/audit/conformance`
 * (up to 200 executions), and each row's answer is cached under its own key. Re-checked
 * while it may still change.
 */
export function rowConformanceQuery(namespace: string, name: string, phase: string) {
  const key = `${namespace}/${name}`;
  return queryOptions({
    queryKey: queryKeys.audit.conformance([key, phase]),
    queryFn: () => loadConformance(key),
    staleTime: 30_000,
    refetchInterval: (q) => (q.state.data?.status === 'pending' ? 15_000 : false),
  });
}
