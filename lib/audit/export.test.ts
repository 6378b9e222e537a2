import { describe, expect, it } from 'vitest';
import type { AuditEventWire } from '../datastorage/audit';
import { csvField, eventsToCsv, eventsToJson, exportFileName } from './export';

const e = {
  event_id: 'id-1',
  version: '1.0',
  event_type: 'notification.message.sent',
  event_timestamp: '2026-03-01T10:00:00Z',
  event_category: 'notification',
  event_action: 'sent',
  event_outcome: 'success',
  correlation_id: 'rr-1',
  actor_type: 'service',
  actor_id: 'notification-controller',
  resource_type: null,
  resource_id: null,
  namespace: 'payments',
  cluster_name: null,
  severity: null,
  duration_ms: 12,
  error_code: null,
  error_message: null,
  parent_event_id: null,
  event_hash: 'abc',
  previous_event_hash: null,
  legal_hold: false,
  legal_hold_reason: null,
  legal_hold_placed_by: null,
  legal_hold_placed_at: null,
  event_data: { subject: '=HYPERLINK("http://evil")', body: 'line1\nline2, "quoted"' },
} satisfies AuditEventWire;

describe('csv export', () => {
  it('quotes per RFC 4180 and neutralises spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField(-2)).toBe('-2');
    expect(csvField(null)).toBe('');
    expect(csvField(' padded')).toBe('" padded"');
  });

  it('writes a header and one CRLF-terminated row per event with event_data as JSON', () => {
    const csv = eventsToCsv([e]);
    const lines = csv.split('\r\n');
    expect(lines[0]!.startsWith('event_id,event_timestamp,event_type')).toBe(true);
    expect(lines[1]!.startsWith('id-1,2026-03-01T10:00:00Z,notification.message.sent,notification,sent,success,,service,')).toBe(true);
    expect(lines.at(-1)).toBe('');
    // The payload is one quoted JSON cell; the newline inside it is escaped by JSON.
    expect(csv).toContain('"{""subject"":""=HYPERLINK(\\""http://evil\\"")""');
  });
});

describe('json export', () => {
  it('wraps the events with the correlation, cap and truncation', () => {
    const doc = JSON.parse(eventsToJson('rr-1', [e], { total: 12000, truncated: true, cap: 10000 }, new Date('2026-03-02T00:00:00Z')));
    expect(doc).toMatchObject({ correlation_id: 'rr-1', exported_at: '2026-03-02T00:00:00.000Z', total: 12000, truncated: true, cap: 10000 });
    expect(doc.events[0].event_data.body).toBe('line1\nline2, "quoted"');
  });

  it('makes a header-safe file name', () => {
    expect(exportFileName('rr-1', 'csv')).toBe('audit-rr-1.csv');
    expect(exportFileName('a"b\r\nc/d', 'json')).toBe('audit-a_b__c_d.json');
  });
});
