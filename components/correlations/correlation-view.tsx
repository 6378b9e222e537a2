'use client';

/**
 * One remediation's whole story across services. The selected event and the zoom window
 * live in the URL (`?event=<id>&from=<iso>&to=<iso>`): a pasted link reopens the same
 * view with that event selected and in view. Links are always absolute in time.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { errorMessage, ApiError } from '@/lib/api-client';
import { correlationExportUrl, correlationQuery } from '@/lib/queries/audit';
import { CopyLinkButton } from '@/components/audit/copy-link-button';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button, buttonClass } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { EmptyState, ErrorState, LoadingState, Skeleton } from '@/components/ui/states';
import { formatDuration } from '@/lib/executions/duration';
import { buildTimeline, clampWindow, ensureVisible, fullWindow, stepEvent, zoomWindow, type TimeWindow } from '@/lib/audit/timeline';
import { useUrlState } from '@/hooks/use-url-state';
import type { CorrelationView as CorrelationData, CorrelationViewParams } from '@/lib/schemas/audit';
import { correlationUrlState } from '@/lib/url-state';
import { DataStorageNote } from '@/components/audit/data-storage-note';
import { ChainStatus } from './chain-status';
import { EventList } from './event-list';
import { SelectedEvent } from './selected-event';
import { TimelineCanvas } from './timeline-canvas';
import { TimelineOverview } from './timeline-overview';

const PHASE_TONE: Record<string, BadgeTone> = { Completed: 'success', Failed: 'danger', Running: 'info', Pending: 'neutral', Executing: 'info', TimedOut: 'danger', Blocked: 'warning' };

function iso(ms: number): string {
  return new Date(Math.round(ms)).toISOString();
}

export function CorrelationView({ correlationId, dataStorage }: { correlationId: string; dataStorage?: string }) {
  const fromUrl = useUrlState(correlationUrlState).state;
  // The URL seeds the view once; afterwards the view writes the URL.
  const [initial] = useState<CorrelationViewParams>(fromUrl);
  const queryClient = useQueryClient();
  const query = useQuery(correlationQuery(queryClient, correlationId, initial.event));

  if (query.isPending) {
    return (
      <LoadingState label="Loading the correlation…">
        <Skeleton className="h-16 w-full" />
        <Skeleton className="h-48 w-full" />
        <Skeleton className="h-64 w-full" />
      </LoadingState>
    );
  }
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) {
      return <EmptyState title="Nothing carries this correlation id" description={<>{`Data Storage has no audit events for ${correlationId}, and no execution or RemediationRequest has that name. Audit writes are asynchronous: a brand-new remediation can take a few seconds to appear.`}<DataStorageNote url={dataStorage} /></>} action={<Button onClick={() => query.refetch()}>Check again</Button>} />;
    }
    return <ErrorState title="The correlation could not be loaded" message={errorMessage(query.error)} action={<Button onClick={() => query.refetch()}>Try again</Button>} />;
  }
  return <Loaded data={query.data} initial={initial} refreshing={query.isFetching} onRefresh={() => query.refetch()} />;
}

function Loaded({ data, initial, refreshing, onRefresh }: { data: CorrelationData; initial: CorrelationViewParams; refreshing: boolean; onRefresh: () => void }) {
  const { href, write } = useUrlState(correlationUrlState);
  const model = useMemo(() => buildTimeline(data.events), [data.events]);
  const bounds = useMemo(() => fullWindow(model), [model]);
  const [selectedId, setSelectedId] = useState<string | undefined>(initial.event);
  const selected = selectedId ? (model.indexById.get(selectedId) ?? -1) : -1;
  const [win, setWin] = useState<TimeWindow>(() => {
    const fromUrl = initial.from && initial.to ? clampWindow({ from: Date.parse(initial.from), to: Date.parse(initial.to) }, bounds) : bounds;
    const idx = initial.event ? model.indexById.get(initial.event) : undefined;
    return idx !== undefined ? ensureVisible(fromUrl, model.events[idx]!.t, bounds) : fromUrl;
  });
  const view = clampWindow(win, bounds);
  const zoomed = view.from > bounds.from + 0.5 || view.to < bounds.to - 0.5;

  const urlFor = useCallback(
    (w: TimeWindow, eventId: string | undefined, always: boolean) => {
      const zoomed = always || w.from > bounds.from + 0.5 || w.to < bounds.to - 0.5;
      return { ...(eventId ? { event: eventId } : {}), ...(zoomed ? { from: iso(w.from), to: iso(w.to) } : {}) };
    },
    [bounds],
  );

  // Mirror selection and zoom into the URL (debounced: wheel zoom fires many times a second).
  const { from: viewFrom, to: viewTo } = view;
  useEffect(() => {
    const timer = setTimeout(() => write(urlFor({ from: viewFrom, to: viewTo }, selectedId, false), 'in-place'), 150);
    return () => clearTimeout(timer);
  }, [viewFrom, viewTo, selectedId, urlFor, write]);

  const select = useCallback(
    (index: number) => {
      const e = model.events[index];
      if (!e) return;
      setSelectedId(e.id);
      setWin((w) => ensureVisible(clampWindow(w, bounds), e.t, bounds));
    },
    [model, bounds],
  );

  /** The link to share: always absolute, and with the selected event inside the window it names. */
  const shareUrl = () => {
    const w = selected >= 0 ? ensureVisible(view, model.events[selected]!.t, bounds) : view;
    if (w !== view) setWin(w);
    return `${window.location.origin}${href(urlFor(w, selectedId, true))}`;
  };

  const byId = useMemo(() => new Map(data.events.map((e) => [e.id, e])), [data.events]);
  const selectedEvent = selectedId ? byId.get(selectedId) : undefined;
  // The events ←/→ step to next, read ahead by the side panel.
  const neighbours = useMemo(() => (selected < 0 ? [] : ([1, -1] as const).map((dir) => byId.get(model.events[stepEvent(model, selected, dir)]?.id ?? ''))), [model, selected, byId]);
  const failures = useMemo(() => data.events.filter((e) => e.outcome === 'failure').length, [data.events]);
  const k8s = data.kubernetes;
  const rr = k8s.available ? k8s.remediationRequest : null;
  const exportBase = correlationExportUrl(data.correlationId);
  const centre = selected >= 0 ? model.events[selected]!.t : (view.from + view.to) / 2;

  return (
    <div className="space-y-3">
      <header className="space-y-2 rounded-lg border border-line bg-surface px-4 py-3">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            <h1 className="flex items-center gap-1 text-lg font-semibold">
              <span className="text-fg-muted">Correlation</span>
              <span className="font-mono break-all" data-testid="correlation-id">
                {data.correlationId}
              </span>
              <CopyButton value={data.correlationId} label="Copy correlation id" />
            </h1>
            <p className="text-xs text-fg-muted">
              {data.events.length.toLocaleString('en-US')} events · {model.lanes.length} services · {failures} failure{failures === 1 ? '' : 's'}
              {model.events.length > 1 ? ` · spans ${formatDuration(model.end - model.start)}` : ''}
              {data.malformed ? ` · ${data.malformed} malformed event(s) left out` : ''}
            </p>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <CopyLinkButton getUrl={shareUrl} label="Copy link" testId="correlation-copy-link" />
            <a className={buttonClass({ size: 'sm' })} href={`${exportBase}?format=json`} download>
              Export JSON
            </a>
            <a className={buttonClass({ size: 'sm' })} href={`${exportBase}?format=csv`} download>
              Export CSV
            </a>
            <Button size="sm" variant="ghost" onClick={onRefresh} disabled={refreshing}>
              {refreshing ? 'Refreshing…' : 'Refresh'}
            </Button>
          </div>
        </div>
        {data.truncated && (
          <p role="status" className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-xs text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
            Showing the newest {data.cap.toLocaleString('en-US')} of {data.total.toLocaleString('en-US')} events (the per-correlation cap). Use the audit explorer with this correlation id to page through the rest.
          </p>
        )}
        <div className="grid gap-2 text-xs md:grid-cols-2">
          <div>
            <p className="font-medium">Remediation</p>
            {!k8s.available ? (
              <p className="text-fg-muted">Kubernetes not available: {k8s.reason}</p>
            ) : rr ? (
              <p className="flex flex-wrap items-center gap-1">
                <span className="font-mono">
                  {rr.namespace}/{rr.name}
                </span>
                {rr.overallPhase && <Badge tone={PHASE_TONE[rr.overallPhase] ?? 'neutral'}>{rr.overallPhase}</Badge>}
                {rr.signalName && <span className="text-fg-muted">{rr.signalName}</span>}
                {rr.severity && <span className="text-fg-muted">· {rr.severity}</span>}
                {rr.targetResource && <span className="text-fg-muted">· {rr.targetResource}</span>}
              </p>
            ) : (
              <p className="text-fg-muted">No RemediationRequest of this name is in the watched namespaces.</p>
            )}
          </div>
          <div>
            <p className="font-medium">Executions</p>
            {k8s.available && k8s.executions.length > 0 ? (
              <ul className="space-y-0.5">
                {k8s.executions.map((x) => (
                  <li key={`${x.namespace}/${x.name}`} className="flex flex-wrap items-center gap-1">
                    <Link className="font-mono text-accent hover:underline" href={`/executions/${encodeURIComponent(x.namespace)}/${encodeURIComponent(x.name)}`} data-testid="correlation-execution-link">
                      {x.namespace}/{x.name}
                    </Link>
                    <Badge tone={PHASE_TONE[x.phase] ?? 'neutral'}>{x.phase}</Badge>
                    {x.failureReason && <span className="text-red-800 dark:text-red-300">{x.failureReason}</span>}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-fg-muted">{k8s.available ? 'No WorkflowExecution references this remediation.' : '—'}</p>
            )}
            {k8s.available && k8s.warning && <p className="text-amber-800 dark:text-amber-300">{k8s.warning}</p>}
          </div>
        </div>
        <ChainStatus correlationId={data.correlationId} links={data.chainLinks} />
      </header>

      {model.events.length === 0 ? (
        <EmptyState title="No audit events yet" description="Kubernetes knows this remediation, but Data Storage has no events for it yet. Audit writes are asynchronous; refresh in a few seconds." />
      ) : (
        <>
          <section aria-label="Timeline" className="space-y-2 rounded-lg border border-line bg-surface p-3">
            <div className="flex flex-wrap items-center justify-between gap-2 text-xs">
              <p className="text-fg-muted" data-testid="timeline-window">
                {iso(view.from).replace('T', ' ').slice(0, 23)} – {iso(view.to).replace('T', ' ').slice(0, 23)} UTC · {formatDuration(view.to - view.from)} in view
              </p>
              <div className="flex items-center gap-1">
                <Button size="sm" onClick={() => setWin(zoomWindow(view, 0.5, centre, bounds))} aria-label="Zoom in">
                  +
                </Button>
                <Button size="sm" onClick={() => setWin(zoomWindow(view, 2, centre, bounds))} aria-label="Zoom out">
                  −
                </Button>
                <Button size="sm" onClick={() => setWin(bounds)} disabled={!zoomed}>
                  Show all
                </Button>
              </div>
            </div>
            <TimelineOverview model={model} window={view} bounds={bounds} onWindowChange={setWin} />
            <TimelineCanvas model={model} window={view} bounds={bounds} selected={selected} onSelect={select} onWindowChange={setWin} />
          </section>

          <div className="grid gap-3 lg:grid-cols-[minmax(0,1fr)_30rem]">
            <EventList model={model} window={view} selected={selected} onSelect={select} />
            <aside aria-label="Selected event" className="min-w-0 lg:sticky lg:top-2 lg:max-h-[calc(100dvh-5rem)] lg:self-start lg:overflow-y-auto">
              <div className="rounded-lg border border-line bg-surface">
                {selectedEvent ? (
                  <SelectedEvent
                    correlationId={data.correlationId}
                    event={selectedEvent}
                    neighbours={neighbours}
                    onClose={() => setSelectedId(undefined)}
                    actions={
                      <>
                        <Button size="sm" variant="ghost" aria-label="Previous event" onClick={() => select(stepEvent(model, selected, -1))}>
                          ←
                        </Button>
                        <Button size="sm" variant="ghost" aria-label="Next event" onClick={() => select(stepEvent(model, selected, 1))}>
                          →
                        </Button>
                      </>
                    }
                  />
                ) : (
                  <p className="px-4 py-6 text-center text-xs text-fg-muted">
                    {selectedId ? `Event ${selectedId} is not part of this correlation (or not among the loaded events).` : 'Select an event on the timeline or in the list.'}
                  </p>
                )}
              </div>
            </aside>
          </div>
        </>
      )}
    </div>
  );
}
