'use client';

import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { ErrorState, LoadingState, Skeleton } from '@/components/ui/states';
import { TimeAgo } from '@/components/ui/time';
import { componentLabel, connectionState, stateSummary, type ConnectionState } from './connection-state';
import { StatusIcon } from './status-icon';
import { useConnection } from '@/hooks/use-connection';

const STATE_BADGE: Record<ConnectionState, { tone: BadgeTone; text: string }> = {
  loading: { tone: 'neutral', text: 'Checking' },
  connected: { tone: 'success', text: 'All up' },
  degraded: { tone: 'warning', text: 'Degraded' },
  unreachable: { tone: 'danger', text: 'Unreachable' },
};

/** The overview's table of upstream connections (same query as the header indicator). */
export function ConnectionSummary() {
  const query = useConnection();
  const state = connectionState(query);
  const badge = STATE_BADGE[state];

  return (
    <Card aria-labelledby="connections-heading">
      <CardHeader
        title={<span id="connections-heading">Connections</span>}
        description={stateSummary(state, query.data?.components ?? [])}
        actions={
          <>
            <Badge tone={badge.tone} dot>
              {badge.text}
            </Badge>
            <Button size="sm" onClick={() => void query.refetch()} disabled={query.isFetching}>
              {query.isFetching ? 'Checking…' : 'Check now'}
            </Button>
          </>
        }
      />
      {state === 'unreachable' ? (
        <div className="p-4">
          <ErrorState
            title="Flightdeck's server is not answering"
            message="The readiness check could not be read. Check that the server is running and reachable."
          />
        </div>
      ) : !query.data ? (
        <LoadingState label="Checking the connections…" className="space-y-2 p-4">
          <Skeleton className="h-5 w-2/3" />
          <Skeleton className="h-5 w-1/2" />
          <Skeleton className="h-5 w-3/5" />
        </LoadingState>
      ) : (
        <>
          <ul className="divide-y divide-line">
            {query.data.components.map((c) => (
              <li key={c.name} className="grid grid-cols-[auto_1fr_auto] items-start gap-x-3 px-4 py-2.5">
                <StatusIcon status={c.status} required={c.required} className="mt-0.5 size-4" />
                <div className="min-w-0">
                  <div className="font-medium">
                    {componentLabel(c.name)}{' '}
                    <span className="font-normal text-fg-muted">
                      · {c.status === 'up' ? 'connected' : 'down'}
                      {c.required ? '' : ' (optional)'}
                    </span>
                  </div>
                  {c.message && <div className="break-words text-xs text-fg-muted">{c.message}</div>}
                </div>
                {c.latencyMs !== undefined && <span className="text-xs tabular-nums text-fg-muted">{c.latencyMs} ms</span>}
              </li>
            ))}
          </ul>
          <p className="border-t border-line px-4 py-2 text-xs text-fg-muted">
            Checked <TimeAgo value={query.data.checkedAt} />; refreshed every 10 seconds.
          </p>
        </>
      )}
    </Card>
  );
}
