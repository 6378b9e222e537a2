'use client';

import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/query-keys';
import type { ExecutionAuditView } from '@/lib/schemas/audit';
import { fetchJson } from '@/lib/api-client';

/**
 * The audit side of one execution (events, conformance, failure drill-down). While a
 * lifecycle event is still inside its grace period the answer can change, so it is
 * polled until conformance settles.
 */
export function useExecutionAudit(namespace: string, name: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.audit.execution(namespace, name),
    queryFn: ({ signal }) => fetchJson<ExecutionAuditView>(`/api/v1/executions/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/audit`, signal),
    enabled,
    refetchInterval: (q) => {
      const d = q.state.data;
      if (!d) return false;
      const settled = d.conformance.status !== 'pending' && (d.execution.phase === 'Completed' || d.execution.phase === 'Failed');
      return settled ? false : 10_000;
    },
  });
}
