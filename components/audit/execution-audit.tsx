'use client';

/**
 * The execution page with its audit side: the executions feature's detail view, its live
 * timeline extended with the audit events of the execution's correlation, and (below the
 * failure panel) the failure drill-down and the audit conformance panel.
 *
 * The detail itself is kept live by ExecutionDetailView (which applies the stream); this
 * component reads the same query.
 */
import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { ExecutionDetailView } from '@/components/executions/execution-detail-view';
import { auditTimelineItems } from '@/lib/audit/execution-timeline';
import { correlationQuery } from '@/lib/queries/audit';
import { executionDetailQuery } from '@/lib/queries/executions';
import { ConformancePanel } from './conformance-panel';
import { FailureDrilldown } from './failure-drilldown';

/** After the execution ends, late audit writes are still picked up for this long. */
const SETTLE_MS = 2 * 60_000;

export function ExecutionWithAudit({ namespace, name }: { namespace: string; name: string }) {
  const queryClient = useQueryClient();
  const d = useQuery(executionDetailQuery(namespace, name)).data;
  const correlationId = d?.spec.remediationRequestRef?.name ?? d?.remediation?.name;
  const phase = d?.summary.phase;
  const ended = d?.summary.completionTime ? Date.parse(d.summary.completionTime) : undefined;

  // The correlation page's query: a 404 (no events yet, audit writes are asynchronous)
  // leaves the timeline without audit lanes and is asked again on the next poll.
  const correlationOptions = correlationQuery(queryClient, correlationId ?? '');
  const correlation = useQuery({
    ...correlationOptions,
    ...(correlationId ? {} : { queryFn: skipToken }),
    refetchInterval: () => (ended === undefined || Date.now() - ended < SETTLE_MS ? 5_000 : false),
  });

  // A live change of the execution (a phase, a condition) usually comes with audit events.
  const version = d?.summary.resourceVersion;
  useEffect(() => {
    if (correlationId && version) void queryClient.invalidateQueries({ queryKey: correlationQuery(queryClient, correlationId).queryKey });
  }, [correlationId, version, queryClient]);

  const items = useMemo(() => (correlation.data && correlationId ? auditTimelineItems(correlation.data.events, correlationId) : []), [correlation.data, correlationId]);

  return (
    <ExecutionDetailView namespace={namespace} name={name} extraTimelineItems={items}>
      {d && (
        <div className="space-y-3" data-testid="execution-audit">
          {phase === 'Failed' && <FailureDrilldown namespace={namespace} name={name} />}
          <ConformancePanel namespace={namespace} name={name} />
        </div>
      )}
    </ExecutionDetailView>
  );
}
