'use client';

/**
 * The audit-conformance cell of an executions list row. Cells of the rows on screen ask
 * at once: requests made in the same few milliseconds are batched into one call of
 * `GET /api/v1/audit/conformance` (up to 200 executions), and each row's answer is cached
 * under its own query key.
 */
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/query-keys';
import type { ConformanceSummary } from '@/lib/audit/conformance';
import type { ConformanceBatch } from '@/lib/schemas/audit';
import { fetchJson } from '@/lib/api-client';
import { ConformanceBadge } from './conformance-badge';

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

/** Loads one row's conformance through the shared batch. */
export function loadConformance(key: string): Promise<ConformanceSummary> {
  return new Promise((resolve, reject) => {
    const list = pending.get(key) ?? [];
    list.push({ resolve, reject });
    pending.set(key, list);
    timer ??= setTimeout(() => void flush(), BATCH_MS);
  });
}

/** The row's conformance summary; re-checked while it may still change. */
export function useRowConformance(namespace: string, name: string, phase: string) {
  const key = `${namespace}/${name}`;
  return useQuery({
    queryKey: queryKeys.audit.conformance([key, phase]),
    queryFn: () => loadConformance(key),
    staleTime: 30_000,
    refetchInterval: (q) => (q.state.data?.status === 'pending' ? 15_000 : false),
  });
}

export function ConformanceCell({ namespace, name, phase }: { namespace: string; name: string; phase: string }) {
  const q = useRowConformance(namespace, name, phase);
  if (q.isPending) return <span className="text-xs text-fg-muted">…</span>;
  if (q.isError) return <span className="text-xs text-fg-muted" title={q.error instanceof Error ? q.error.message : undefined}>n/a</span>;
  return <ConformanceBadge status={q.data.status} problems={q.data.problems} prefix={false} />;
}
