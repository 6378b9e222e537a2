import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { auditEventWireSchema, parseAuditPage, wellFormedAuditEvent } from './audit';

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

describe('wellFormedAuditEvent (the fast path of the event schema)', () => {
  const clone = (v: unknown) => structuredClone(v) as Record<string, unknown>;
  // Each field of a good event replaced by values of every JSON shape, and removed.
  const shapes: unknown[] = [undefined, null, '', 'text', 0, 12.5, Number.NaN, true, false, [], {}, '2026-11-22T03:17:43Z', '2026-11-22 03:17', '2026-13-45T99:00:00Z'];
  const fields = [...new Set([...Object.keys(auditEventWireSchema.shape), ...Object.keys(good)])];

  it('returns exactly what the schema returns for a well-formed event', () => {
    expect(wellFormedAuditEvent(clone(good))).toEqual(auditEventWireSchema.parse(clone(good)));
    const full = { ...good, actor_type: 'service', duration_ms: 12, legal_hold: true, legal_hold_reason: 'audit', extra_field: { kept: 1 } };
    expect(wellFormedAuditEvent(clone(full))).toEqual(auditEventWireSchema.parse(clone(full)));
  });

  it('accepts nothing the schema rejects and agrees on everything it accepts', () => {
    let accepted = 0;
    for (const field of fields) {
      for (const shape of shapes) {
        const raw = clone(good);
        if (shape === undefined) delete raw[field];
        else raw[field] = shape;
        const viaSchema = auditEventWireSchema.safeParse(clone(raw));
        const fast = wellFormedAuditEvent(clone(raw));
        if (fast) {
          accepted++;
          expect(viaSchema.success, `${field} = ${String(shape)}`).toBe(true);
          expect(fast).toEqual(viaSchema.data);
        }
      }
    }
    expect(accepted).toBeGreaterThan(50);
    for (const notAnObject of [null, 'event', 42, [good]]) expect(wellFormedAuditEvent(notAnObject)).toBeUndefined();
  });

  it('leaves an odd event to the schema, which explains what is wrong', () => {
    const page = parseAuditPage({ data: [{ ...good, duration_ms: 'slow' }], pagination: { limit: 1, offset: 0, total: 1, has_more: false } });
    expect(page.malformed).toBe(1);
  });
});
