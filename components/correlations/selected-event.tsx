'use client';

/**
 * The side panel of the event selected on a correlation's timeline. The correlation's list
 * carries summaries; the full event (payload, hash-chain fields, legal hold) is read when
 * it is selected, and the neighbours the arrow keys step to are read ahead.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { errorMessage } from '@/lib/api-client';
import { EventDetail } from '@/components/audit/event-detail';
import { formatPrecise } from '@/components/audit/format';
import { Button } from '@/components/ui/button';
import { ErrorState, LoadingState, Skeleton } from '@/components/ui/states';
import { correlationEventQuery } from '@/lib/queries/audit';
import type { AuditEventSummary } from '@/lib/schemas/audit';

export function SelectedEvent({
  correlationId,
  event,
  neighbours,
  onClose,
  actions,
}: {
  correlationId: string;
  event: AuditEventSummary;
  /** Events the user is likely to step to next; read ahead. */
  neighbours: readonly (AuditEventSummary | undefined)[];
  onClose: () => void;
  actions: ReactNode;
}) {
  const queryClient = useQueryClient();
  const detail = useQuery(correlationEventQuery(correlationId, event));

  useEffect(() => {
    for (const n of neighbours) if (n) void queryClient.prefetchQuery(correlationEventQuery(correlationId, n));
  }, [correlationId, neighbours, queryClient]);

  if (detail.data) return <EventDetail event={detail.data} correlationHref={null} onClose={onClose} actions={actions} />;
  return (
    <div className="space-y-2 px-4 py-3 text-sm" data-testid="event-detail-loading">
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="font-mono text-sm font-semibold break-all">{event.type}</h2>
          <p className="font-mono text-xs text-fg-muted">{formatPrecise(event.timestamp)}</p>
        </div>
        <div className="flex items-center gap-1">
          {actions}
          <Button size="sm" variant="ghost" aria-label="Close" onClick={onClose}>
            ×
          </Button>
        </div>
      </div>
      {detail.isError ? (
        <ErrorState title="The event could not be loaded" message={errorMessage(detail.error)} action={<Button onClick={() => detail.refetch()}>Try again</Button>} />
      ) : (
        <LoadingState label="Loading the event…" className="space-y-2">
          <Skeleton className="h-4 w-2/3" />
          <Skeleton className="h-24 w-full" />
          <Skeleton className="h-16 w-full" />
        </LoadingState>
      )}
    </div>
  );
}
