/**
 * Audit events of a correlation as items of the execution page's live timeline: one lane
 * per emitting service ("Audit · workflowexecution"), each event an instant coloured by
 * outcome and linking to the correlation timeline with that event selected. That timeline
 * draws every item in the DOM, so a runaway correlation is thinned to its lifecycle
 * events and failures, newest first, up to MAX_ITEMS.
 */
import type { TimelineItem, TimelineStatus } from '../executions/timeline';
import type { AuditEventSummary } from '../schemas/audit';

export const MAX_AUDIT_TIMELINE_ITEMS = 300;

const STATUS: Record<string, TimelineStatus> = { success: 'success', failure: 'failure', pending: 'pending' };

function important(e: AuditEventSummary): boolean {
  return e.outcome === 'failure' || e.service === 'workflowexecution' || e.type.startsWith('orchestrator.lifecycle.');
}

/** Timeline items for `events` (any order); `correlationId` builds the links. */
export function auditTimelineItems(events: readonly AuditEventSummary[], correlationId: string): TimelineItem[] {
  let chosen = [...events];
  if (chosen.length > MAX_AUDIT_TIMELINE_ITEMS) {
    chosen = chosen.filter(important);
    chosen.sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
    chosen = chosen.slice(0, MAX_AUDIT_TIMELINE_ITEMS);
  }
  return chosen.map((e) => ({
    id: `audit:${e.id}`,
    lane: `Audit · ${e.service}`,
    start: e.timestamp,
    label: e.type.slice(e.service.length + 1) || e.type,
    status: STATUS[e.outcome] ?? 'info',
    detail: `${e.type} (${e.outcome})${e.actor.id ? ` by ${e.actor.id}` : ''}`,
    href: `/correlations/${encodeURIComponent(correlationId)}?event=${encodeURIComponent(e.id)}`,
  }));
}
