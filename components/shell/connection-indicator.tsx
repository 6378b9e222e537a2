'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { TimeAgo } from '@/components/ui/time';
import { HEALTH_COMPONENTS, type ComponentHealth } from '@/lib/schemas/health';
import { componentLabel, connectionState, stateSummary, STATE_TEXT, type ConnectionState } from './connection-state';
import { StatusIcon, STATUS_TEXT, type ComponentStatus } from './status-icon';
import { useConnection } from '@/hooks/use-connection';

interface Pill {
  name: string;
  status: ComponentStatus;
  required: boolean;
  latencyMs?: number;
  message?: string;
}

/** The known components with an unknown status, shown while loading or when offline. */
const PLACEHOLDERS: Pill[] = HEALTH_COMPONENTS.map((name) => ({ name, status: 'unknown', required: true }));

function pillsOf(state: ConnectionState, components: readonly ComponentHealth[] | undefined): Pill[] {
  if (state === 'loading' || state === 'unreachable' || !components) return PLACEHOLDERS;
  return components.map((c) => ({ ...c }));
}

const BUTTON_TONE: Record<ConnectionState, string> = {
  loading: 'border-line',
  connected: 'border-line',
  degraded: 'border-amber-400 dark:border-amber-700',
  unreachable: 'border-red-400 dark:border-red-800',
};

/**
 * Header status of Flightdeck's connections (Kubernetes, Data Storage, database), from
 * /api/readyz. One pill per component with a shape and text (never colour alone); the
 * button opens a panel with latency and the reason a component is down.
 */
export function ConnectionIndicator() {
  const query = useConnection();
  const state = connectionState(query);
  const pills = pillsOf(state, query.data?.components);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    function onPointerDown(event: PointerEvent) {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    }
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    }
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);

  return (
    <div ref={rootRef} className="relative" data-testid="connection-indicator" data-state={state}>
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className={cn(
          'flex h-8 items-center gap-2.5 rounded-md border bg-surface px-2 text-xs text-fg hover:bg-surface-2',
          BUTTON_TONE[state],
        )}
      >
        <span className="sr-only">Connections: </span>
        {state === 'unreachable' && (
          <span className="font-medium text-red-700 dark:text-red-300">{STATE_TEXT.unreachable}</span>
        )}
        {pills.map((pill) => (
          <span
            key={pill.name}
            data-testid={`connection-${pill.name}`}
            data-status={pill.status}
            className="flex items-center gap-1"
          >
            <StatusIcon status={pill.status} required={pill.required} className={state === 'loading' ? 'animate-pulse' : undefined} />
            <span className="max-lg:sr-only">{componentLabel(pill.name)}</span>
            <span className="sr-only"> {STATUS_TEXT[pill.status]}{pill.name === pills.at(-1)?.name ? '' : ','}</span>
          </span>
        ))}
      </button>

      <div
        id={panelId}
        hidden={!open}
        className="absolute right-0 top-full z-50 mt-2 w-[22rem] max-w-[calc(100vw-2rem)] rounded-lg border border-line bg-surface p-3 text-sm shadow-lg"
      >
        <h2 className="text-sm font-semibold">Connections</h2>
        <p className="mt-0.5 text-xs text-fg-muted" aria-live="polite">
          {stateSummary(state, query.data?.components ?? [])}
        </p>
        {state === 'unreachable' && (
          <p className="mt-2 text-xs text-fg-muted">
            Flightdeck&apos;s server did not answer. The page keeps showing the last data it had.
          </p>
        )}
        {query.data && state !== 'unreachable' && (
          <ul className="mt-3 divide-y divide-line border-y border-line">
            {query.data.components.map((c) => (
              <li key={c.name} className="flex items-start gap-2 py-2">
                <StatusIcon status={c.status} required={c.required} className="mt-0.5" />
                <div className="min-w-0 flex-1">
                  <div className="flex items-baseline justify-between gap-2">
                    <span className="font-medium">{componentLabel(c.name)}</span>
                    {c.latencyMs !== undefined && <span className="text-xs tabular-nums text-fg-muted">{c.latencyMs} ms</span>}
                  </div>
                  <div className="text-xs text-fg-muted">
                    {c.status === 'up' ? 'Connected' : 'Down'}
                    {c.required ? '' : ' · optional'}
                  </div>
                  {c.message && <div className="mt-0.5 break-words text-xs">{c.message}</div>}
                </div>
              </li>
            ))}
          </ul>
        )}
        <div className="mt-2 flex items-center justify-between gap-2 text-xs text-fg-muted">
          <span>
            {query.data ? (
              <>
                Checked <TimeAgo value={query.data.checkedAt} />
              </>
            ) : (
              'Not checked yet'
            )}
          </span>
          <Button size="sm" onClick={() => void query.refetch()} disabled={query.isFetching}>
            {query.isFetching ? 'Checking…' : 'Check now'}
          </Button>
        </div>
      </div>
    </div>
  );
}
