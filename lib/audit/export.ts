/**
 * JSON and CSV exports of a correlation. Both keep Data Storage's own field names so an
 * export can be compared with what `psql` or Data Storage's API shows.
 */
import type { AuditEventWire } from '../datastorage/audit';

export const CSV_COLUMNS = [
  'event_id',
  'event_timestamp',
  'event_type',
  'event_category',
  'event_action',
  'event_outcome',
  'severity',
  'actor_type',
  'actor_id',
  'resource_type',
  'resource_id',
  'namespace',
  'correlation_id',
  'parent_event_id',
  'duration_ms',
  'error_code',
  'error_message',
  'event_hash',
  'previous_event_hash',
  'legal_hold',
  'event_data',
] as const satisfies readonly (keyof AuditEventWire)[];

/**
 * One RFC 4180 field. Text that a spreadsheet would run as a formula (leading `=`, `+`,
 * `-`, `@`, tab or CR) is prefixed with `'` (OWASP CSV injection guidance): audit payloads
 * carry text from alerts and users.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'string') text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else text = JSON.stringify(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV with a header row, oldest event first, CRLF line ends (RFC 4180). */
export function eventsToCsv(events: readonly AuditEventWire[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of events) lines.push(CSV_COLUMNS.map((c) => csvField(e[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export interface JsonExport {
  correlation_id: string;
  exported_at: string;
  total: number;
  truncated: boolean;
  cap: number;
  events: readonly AuditEventWire[];
}

export function eventsToJson(correlationId: string, events: readonly AuditEventWire[], meta: { total: number; truncated: boolean; cap: number }, now = new Date()): string {
  const doc: JsonExport = { correlation_id: correlationId, exported_at: now.toISOString(), ...meta, events };
  return JSON.stringify(doc, null, 2);
}

/** A file name safe in Content-Disposition: the id's unsafe characters become `_`. */
export function exportFileName(correlationId: string, format: 'json' | 'csv'): string {
  return `audit-${correlationId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120)}.${format}`;
}
