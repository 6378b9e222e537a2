import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { parseAuditPage } from './audit';

const good = {
  event_id: '7e88ae9d-c2df-4255-af0f-cd94007ba5ec',
  event_timestamp: '2026-11-22T03:17:43.64Z',
  event_type: 'gateway.signal.received',
  version: '1.0',
  event_category: 'gateway',
  event_action: 'received',
  event_outcome: 'success',
  correlation_id: 'rr-1',
  parent_event_id: null,
  severity: 'info',
  legal_hold: false,
  legal_hold_placed_at: null,
  event_data: { event_type: 'gateway.signal.received' },
};

describe('parseAuditPage', () => {
  it('keeps valid events and counts a malformed one instead of failing the page', () => {
    const page = parseAuditPage({ data: [good, { ...good, event_id: 'x2', event_timestamp: 'not a time' }], pagination: { limit: 2, offset: 0, total: 2, has_more: false } });
    expect(page.events).toHaveLength(1);
    expect(page.malformed).toBe(1);
    expect(page.events[0]).toMatchObject({ parent_event_id: null, actor_id: null, duration_ms: null, legal_hold: false });
  });

  it('treats a null data array as empty', () => {
    expect(parseAuditPage({ data: null, pagination: { limit: 50, offset: 0, total: 0, has_more: false } }).events).toEqual([]);
  });

  it('rejects an envelope it cannot read as an upstream error', () => {
    expect(() => parseAuditPage({ items: [] })).toThrow(AppError);
    const err = (() => {
      try {
        parseAuditPage('<html>');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('upstream:datastorage');
    expect((err as AppError).status).toBe(502);
  });
});
