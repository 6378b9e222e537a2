'use client';

/**
 * The audit-conformance cell of an executions list row (the rows on screen are read in
 * one batch: lib/queries/audit.ts).
 */
import { useRowConformance } from '@/hooks/use-audit';
import { ConformanceBadge } from './conformance-badge';

export function ConformanceCell({ namespace, name, phase }: { namespace: string; name: string; phase: string }) {
  const q = useRowConformance(namespace, name, phase);
  if (q.isPending) return <span className="text-xs text-fg-muted">…</span>;
  if (q.isError) return <span className="text-xs text-fg-muted" title={q.error instanceof Error ? q.error.message : undefined}>n/a</span>;
  return <ConformanceBadge status={q.data.status} problems={q.data.problems} prefix={false} />;
}
