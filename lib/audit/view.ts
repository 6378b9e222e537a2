/**
 * Reshapes Data Storage audit events (wire type) into the view type the browser gets.
 */
import type { AuditEventWire } from '../datastorage/audit';
import type { AuditEventSummary, AuditEventView } from '../schemas/audit';
import { redactParameters } from '../executions/detail';
import { orderTiesByChain } from './chain';
import { decodePayload, isRecord } from './payloads';

/** The emitting service of an event: the first segment of its type (ADR-034). */
export function serviceOf(eventType: string): string {
  const dot = eventType.indexOf('.');
  return dot > 0 ? eventType.slice(0, dot) : eventType || 'unknown';
}

/** The list fields of one validated wire event (a correlation's timeline and list). */
export function toAuditEventSummary(e: AuditEventWire): AuditEventSummary {
  return {
    id: e.event_id,
    timestamp: e.event_timestamp,
    type: e.event_type,
    service: serviceOf(e.event_type),
    category: e.event_category,
    action: e.event_action,
    outcome: e.event_outcome,
    severity: e.severity,
    actor: { type: e.actor_type, id: e.actor_id },
    resource: { type: e.resource_type, id: e.resource_id, namespace: e.namespace },
    correlationId: e.correlation_id,
    parentEventId: e.parent_event_id,
    durationMs: e.duration_ms,
    error: e.error_code || e.error_message ? { code: e.error_code, message: e.error_message } : null,
    version: e.version,
  };
}

/**
 * An event's payload as it may be shown or exported: Kubernaut's WorkflowExecution
 * controller copies the execution's spec.parameters, secret-looking keys included, into
 * the payloads of execution.started, workflow.completed and workflow.failed; their values
 * are redacted by key, as on the execution page.
 */
export function redactEventData<T>(data: T): T {
  if (!isRecord(data) || !isRecord(data.parameters)) return data;
  const params = Object.fromEntries(Object.entries(data.parameters).filter((kv): kv is [string, string] => typeof kv[1] === 'string'));
  return { ...data, parameters: { ...data.parameters, ...redactParameters(params) } };
}

/** Converts one validated wire event to its full view; `decode` adds the payload's schema check. */
export function toAuditEventView(e: AuditEventWire, decode = true): AuditEventView {
  const data = isRecord(e.event_data) ? redactEventData(e.event_data) : {};
  const decoded = decode ? decodePayload(e.event_type, e.event_data) : null;
  return {
    ...toAuditEventSummary(e),
    chain: { hash: e.event_hash, previousHash: e.previous_event_hash },
    legalHold: { held: e.legal_hold, reason: e.legal_hold_reason, placedBy: e.legal_hold_placed_by, placedAt: e.legal_hold_placed_at },
    ...(decoded ? { payload: { schema: decoded.schema, issues: decoded.schema === 'generic' ? decoded.issues : [] } } : {}),
    data,
  };
}

/** Orders events oldest first; ties follow the hash chain (write order), else a stable order by id. */
export function sortOldestFirst<T extends { timestamp: string; id: string; chain?: { hash: string | null; previousHash: string | null } }>(events: T[]): T[] {
  return orderTiesByChain(
    events
      .map((e) => ({ e, t: Date.parse(e.timestamp) }))
      .sort((a, b) => a.t - b.t || (a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0))
      .map(({ e }) => e),
  );
}
