'use client';

/**
 * The audit-conformance cell of an executions list row (the rows on screen are read in
 * one batch: lib/queries/audit.ts).
 */
import { useRowConformance } from '@/hooks/use-audit';
import { ConformanceBadge } from './conformance-badge';

/**
 * `deferred` (while the list scrolls) keeps a row that is only flying past from asking:
 * what is cached still shows, the rest is asked for once scrolling pauses.
 */
export function ConformanceCell({ namespace, name, phase, deferred = false }: { namespace: string; name: string; phase: string; deferred?: boolean }) {
  const q = useRowConformance(namespace, name, phase, !deferred);
  if (q.isPending) return <span className="text-xs text-fg-muted">…</span>;
  if (q.isError) return <span className="text-xs text-fg-muted" title={q.error instanceof Error ? q.error.message : undefined}>n/a</span>;
  return <ConformanceBadge status={q.data.status} problems={q.data.problems} prefix={false} />;
}
