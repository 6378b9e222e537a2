'use client';

/**
 * The execution page with its audit side: the executions feature's detail view, its live
 * timeline extended with the audit events of the execution's correlation, and (below the
 * failure panel) the failure drill-down and the audit conformance panel.
 *
 * The detail itself is owned by ExecutionDetailView (which fetches it and applies the
 * live stream); this component only observes that cache entry.
 */
import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { ExecutionDetailView } from '@/components/executions/execution-detail-view';
import { auditTimelineItems } from '@/lib/audit/execution-timeline';
import type { LiveDetail } from '@/lib/executions/live-reducer';
import { queryKeys } from '@/lib/query-keys';
import type { CorrelationView } from '@/lib/schemas/audit';
import { fetchJson, ApiError } from '@/lib/api-client';
import { ConformancePanel } from './conformance-panel';
import { FailureDrilldown } from './failure-drilldown';

/** After the execution ends, late audit writes are still picked up for this long. */
const SETTLE_MS = 2 * 60_000;

export function ExecutionWithAudit({ namespace, name, initial }: { namespace: string; name: string; initial?: LiveDetail }) {
  const queryClient = useQueryClient();
  const detail = useQuery<LiveDetail>({ queryKey: queryKeys.executions.detail(namespace, name), queryFn: skipToken });
  const d = detail.data ?? initial;
  const correlationId = d?.spec.remediationRequestRef?.name ?? d?.remediation?.name;
  const phase = d?.summary.phase;
  const ended = d?.summary.completionTime ? Date.parse(d.summary.completionTime) : undefined;

  const correlation = useQuery({
    queryKey: queryKeys.audit.correlation(correlationId ?? ''),
    queryFn: correlationId
      ? async ({ signal }) => {
          try {
            return await fetchJson<CorrelationView>(`/api/v1/correlations/${encodeURIComponent(correlationId)}`, signal);
          } catch (err) {
            // No events yet is an answer, not an error: audit writes are asynchronous.
            if (err instanceof ApiError && err.status === 404) return null;
            throw err;
          }
        }
      : skipToken,
    refetchInterval: () => (ended === undefined || Date.now() - ended < SETTLE_MS ? 5_000 : false),
  });

  // A live change of the execution (a phase, a condition) usually comes with audit events.
  const version = d?.summary.resourceVersion;
  useEffect(() => {
    if (correlationId && version) void queryClient.invalidateQueries({ queryKey: queryKeys.audit.correlation(correlationId) });
  }, [correlationId, version, queryClient]);

  const items = useMemo(() => (correlation.data && correlationId ? auditTimelineItems(correlation.data.events, correlationId) : []), [correlation.data, correlationId]);

  return (
    <ExecutionDetailView namespace={namespace} name={name} initial={initial} extraTimelineItems={items}>
      {d && (
        <div className="space-y-3" data-testid="execution-audit">
          {phase === 'Failed' && <FailureDrilldown namespace={namespace} name={name} />}
          <ConformancePanel namespace={namespace} name={name} />
        </div>
      )}
    </ExecutionDetailView>
  );
}
