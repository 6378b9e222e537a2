'use client';

/**
 * Everything about one audit event: its envelope, the typed payload, the payload as a
 * collapsible JSON tree, copy as JSON, the hash-chain fields, legal hold, and a link to
 * the correlation with this event selected.
 */
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import { CopyButton } from '@/components/ui/copy-button';
import { formatTimestamp } from '@/components/ui/format';
import type { AuditEventView } from '@/lib/schemas/audit';
import { formatPrecise } from './format';
import { JsonTree } from './json-tree';
import { OutcomeBadge } from './outcome-badge';
import { TypedPayload } from './typed-payload';

function Field({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <div className="contents">
      <dt className="text-fg-muted">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function Hash({ value }: { value: string | null }) {
  if (!value) return <span className="text-fg-muted">none</span>;
  return (
    <span className="flex items-center gap-1">
      <code className="truncate" title={value}>
        {value}
      </code>
      <CopyButton value={value} label="Copy hash" />
    </span>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="border-t border-line px-4 py-3">
      <h3 className="mb-2 text-xs font-semibold tracking-wide text-fg-muted uppercase">{title}</h3>
      {children}
    </section>
  );
}

export interface EventDetailProps {
  event: AuditEventView;
  /** Hide the link when the panel already sits on this correlation's page. */
  correlationHref?: string | null;
  onClose?: () => void;
  /** Extra header content (previous/next buttons on the timeline). */
  actions?: ReactNode;
}

/** The side panel of one event. */
export function EventDetail({ event, correlationHref, onClose, actions }: EventDetailProps) {
  const href = correlationHref === undefined ? `/correlations/${encodeURIComponent(event.correlationId)}?event=${encodeURIComponent(event.id)}` : correlationHref;
  return (
    <article aria-label={`Audit event ${event.type}`} data-testid="event-detail" data-event-id={event.id} className="text-sm">
      <header className="flex items-start justify-between gap-2 px-4 py-3">
        <div className="min-w-0">
          <h2 className="font-mono text-sm font-semibold break-all text-fg">{event.type}</h2>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-fg-muted">
            <OutcomeBadge outcome={event.outcome} />
            <time dateTime={event.timestamp} title={event.timestamp} className="font-mono">
              {formatPrecise(event.timestamp)}
            </time>
          </p>
        </div>
        <div className="flex shrink-0 items-center gap-1">
          {actions}
          <CopyButton value={JSON.stringify(event, null, 2)} label="Copy event as JSON" />
          {onClose && (
            <button type="button" onClick={onClose} aria-label="Close event details" className="rounded p-1 text-fg-muted hover:bg-surface-2 hover:text-fg">
              <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.5">
                <path d="m4 4 8 8M12 4l-8 8" strokeLinecap="round" />
              </svg>
            </button>
          )}
        </div>
      </header>

      <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-3 gap-y-1 px-4 pb-3 text-xs">
        <Field label="Event id">
          <code className="break-all">{event.id}</code>
        </Field>
        <Field label="Service">{event.service}</Field>
        <Field label="Category">{event.category}</Field>
        <Field label="Action">{event.action}</Field>
        <Field label="Severity">{event.severity}</Field>
        <Field label="Actor">{[event.actor.type, event.actor.id].filter(Boolean).join(' · ') || null}</Field>
        <Field label="Resource">{[event.resource.type, event.resource.id].filter(Boolean).join(' · ') || null}</Field>
        <Field label="Namespace">{event.resource.namespace}</Field>
        <Field label="Correlation">
          {href ? (
            <Link href={href} className="break-all text-accent underline-offset-2 hover:underline">
              {event.correlationId}
            </Link>
          ) : (
            <span className="break-all">{event.correlationId}</span>
          )}
        </Field>
        <Field label="Parent event">{event.parentEventId ? <code className="break-all">{event.parentEventId}</code> : null}</Field>
        <Field label="Duration">{event.durationMs !== null ? `${event.durationMs} ms` : null}</Field>
        <Field label="Error">{event.error ? [event.error.code, event.error.message].filter(Boolean).join(': ') : null}</Field>
        <Field label="Version">{event.version}</Field>
      </dl>

      <Section title="Payload">
        <TypedPayload eventType={event.type} data={event.data} />
        <div className="mt-3">
          <JsonTree value={event.data} label="event_data" />
        </div>
      </Section>

      <Section title="Hash chain">
        <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-3 gap-y-1 text-xs">
          <Field label="Event hash">
            <Hash value={event.chain.hash} />
          </Field>
          <Field label="Previous hash">
            <Hash value={event.chain.previousHash} />
          </Field>
        </dl>
      </Section>

      <Section title="Legal hold">
        {event.legalHold.held ? (
          <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-3 gap-y-1 text-xs">
            <Field label="State">
              <Badge tone="warning">On hold</Badge>
            </Field>
            <Field label="Reason">{event.legalHold.reason || null}</Field>
            <Field label="Placed by">{event.legalHold.placedBy || null}</Field>
            <Field label="Placed at">{event.legalHold.placedAt ? formatTimestamp(event.legalHold.placedAt) : null}</Field>
          </dl>
        ) : (
          <p className="text-xs text-fg-muted">Not on legal hold: the event follows its retention policy.</p>
        )}
      </Section>
    </article>
  );
}
