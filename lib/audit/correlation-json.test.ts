import { describe, expect, it } from 'vitest';
import { auditEventWireSchema, type AuditEventWire } from '../datastorage/audit';
import { CorrelationEventsJson, timestampInEventsJson } from './correlation-json';

/** A wire event `id` at minute `minute` of an hour, parsed like Data Storage's answers are. */
const wire = (id: string, minute: number): AuditEventWire =>
  auditEventWireSchema.parse({
    event_id: id,
    event_type: 'gateway.signal.received',
    event_timestamp: new Date(Date.UTC(2026, 10, 22, 3, minute)).toISOString(),
    event_category: 'gateway',
    event_action: 'received',
    event_outcome: 'success',
    correlation_id: 'rr-1',
    event_data: { event_type: 'gateway.signal.received' },
  });

/** Newest first, as Data Storage pages them. */
const newestFirst = (...minutes: number[]) => minutes.map((m) => wire(`e${String(m).padStart(2, '0')}`, m));
const ids = (built: { eventsJson: string }) => (JSON.parse(built.eventsJson) as { id: string }[]).map((e) => e.id);

describe('correlation events JSON', () => {
  it('joins pages that arrive in any order into one oldest-first list', () => {
    const b = new CorrelationEventsJson();
    b.add(newestFirst(3, 2), 2);
    b.add(newestFirst(5, 4), 0);
    b.add(newestFirst(1), 4);
    expect(ids(b.finish())).toEqual(['e01', 'e02', 'e03', 'e04', 'e05']);
  });

  it('removes an event that an insert during paging pushed onto two pages', () => {
    const b = new CorrelationEventsJson();
    // A new event (minute 6) arrived after page 0 was read, shifting minute 4 onto page 2 too.
    b.add(newestFirst(5, 4), 0);
    b.add(newestFirst(4, 3), 2);
    b.add(newestFirst(2, 1), 4);
    expect(ids(b.finish())).toEqual(['e01', 'e02', 'e03', 'e04', 'e05']);
  });

  it('sorts events Data Storage returned out of order, ties by id', () => {
    const b = new CorrelationEventsJson();
    b.add([wire('b', 2), wire('a', 2), wire('z', 1)], 0);
    b.add([wire('y', 3)], 3);
    expect(ids(b.finish())).toEqual(['z', 'a', 'b', 'y']);
  });

  it('gives an empty list for no events and keeps empty pages out of the JSON', () => {
    expect(new CorrelationEventsJson().finish().eventsJson).toBe('[]');
    const b = new CorrelationEventsJson();
    b.add([], 2);
    b.add(newestFirst(1), 0);
    expect(JSON.parse(b.finish().eventsJson)).toHaveLength(1);
  });
});

describe('correlation events JSON: summaries and chain links', () => {
  /** Events chained the way Data Storage chains them: each points at its predecessor. */
  const chained = (n: number) => {
    const events = Array.from({ length: n }, (_, i) => ({ ...wire(`c${i}`, i), event_hash: `h${i}`, previous_event_hash: i ? `h${i - 1}` : '', event_data: { secret_ish: 'payload' } }));
    return events.reverse();
  };

  it('leaves payloads and hashes out of the list and checks the links across pages', () => {
    const all = chained(4);
    const b = new CorrelationEventsJson();
    b.add(all.slice(2), 2);
    b.add(all.slice(0, 2), 0);
    const built = b.finish();
    const events = JSON.parse(built.eventsJson) as Record<string, unknown>[];
    expect(events.map((e) => e.id)).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect(events[0]).not.toHaveProperty('data');
    expect(events[0]).not.toHaveProperty('chain');
    expect(built.chainLinks).toMatchObject({ checked: 4, linked: 4, breaks: [], startsMidChain: false });
  });

  it('reports a broken link found in the sorted fallback too', () => {
    const all = chained(3);
    all[1] = { ...all[1]!, previous_event_hash: 'forged' };
    const b = new CorrelationEventsJson();
    b.add([all[0]!, all[2]!, all[1]!], 0);
    expect(b.finish().chainLinks.breaks).toEqual([{ eventId: 'c1', expected: 'h0', actual: 'forged' }]);
  });
});

describe('the selected event beside the list', () => {
  it('keeps the wanted event in full while building', () => {
    const b = new CorrelationEventsJson('e02');
    b.add(newestFirst(3, 2, 1), 0);
    expect(b.found).toMatchObject({ id: 'e02', data: { event_type: 'gateway.signal.received' }, payload: { schema: expect.any(String) } });
    expect(new CorrelationEventsJson('nope').found).toBeUndefined();
  });

  it('finds an event’s timestamp in the built JSON without parsing it', () => {
    const b = new CorrelationEventsJson();
    b.add(newestFirst(3, 2, 1), 0);
    const { eventsJson } = b.finish();
    expect(timestampInEventsJson(eventsJson, 'e02')).toBe('2026-11-22T03:02:00.000Z');
    expect(timestampInEventsJson(eventsJson, 'e0')).toBeUndefined();
    expect(timestampInEventsJson(eventsJson, '"}')).toBeUndefined();
  });
});
