import { describe, expect, it } from 'vitest';
import {
  buildTimeline,
  clampWindow,
  ensureVisible,
  formatTick,
  fullWindow,
  gapLabels,
  nearestInLane,
  niceTicks,
  panWindow,
  stepEvent,
  stepLane,
  timeToX,
  visibleRange,
  xToTime,
  zoomWindow,
} from './timeline';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const ev = (id: string, ms: number, type: string, outcome = 'success') => ({ id, timestamp: at(ms), type, outcome });

const story = [
  ev('e3', 2_000, 'orchestrator.lifecycle.started'),
  ev('e1', 0, 'gateway.signal.received'),
  ev('e2', 500, 'gateway.crd.created'),
  ev('e4', 9_000, 'workflowexecution.selection.completed'),
  ev('e5', 9_500, 'orchestrator.lifecycle.transitioned'),
  ev('e6', 60_000, 'workflowexecution.workflow.failed', 'failure'),
];

describe('buildTimeline', () => {
  it('sorts by time and makes one lane per service in order of first appearance', () => {
    const m = buildTimeline(story);
    expect(m.events.map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
    expect(m.lanes.map((l) => l.service)).toEqual(['gateway', 'orchestrator', 'workflowexecution']);
    expect(m.lanes[1]!.events.map((i) => m.events[i]!.id)).toEqual(['e3', 'e5']);
    expect(m.start).toBe(T0);
    expect(m.end).toBe(T0 + 60_000);
    expect(m.indexById.get('e4')).toBe(3);
  });

  it('drops events whose timestamp does not parse instead of breaking the axis', () => {
    const m = buildTimeline([...story, { id: 'bad', timestamp: 'yesterday', type: 'x.y', outcome: 'success' }]);
    expect(m.events).toHaveLength(6);
  });

  it('keeps simultaneous events in the order the server sent them (their write order)', () => {
    const m = buildTimeline([ev('b', 0, 'a.x'), ev('a', 0, 'a.x'), ev('c', -1, 'a.x')]);
    expect(m.events.map((e) => e.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('zoom window', () => {
  const bounds = { from: 0, to: 1000 };
  it('zooms around the anchor, keeping the time under the pointer fixed', () => {
    const w = zoomWindow({ from: 0, to: 1000 }, 0.5, 250, bounds);
    expect(w).toEqual({ from: 125, to: 625 });
    expect((250 - w.from) / (w.to - w.from)).toBeCloseTo(0.25);
  });
  it('never zooms out past the bounds nor below one millisecond', () => {
    expect(zoomWindow({ from: 100, to: 200 }, 100, 150, bounds)).toEqual({ from: 0, to: 1000 });
    const tiny = zoomWindow({ from: 100, to: 101 }, 0.001, 100, bounds);
    expect(tiny.to - tiny.from).toBe(1);
  });
  it('pans within the bounds', () => {
    expect(panWindow({ from: 800, to: 900 }, 500, bounds)).toEqual({ from: 900, to: 1000 });
    expect(panWindow({ from: 100, to: 200 }, -500, bounds)).toEqual({ from: 0, to: 100 });
  });
  it('recentres on an event outside the window and leaves a visible one alone', () => {
    expect(ensureVisible({ from: 0, to: 100 }, 50, bounds)).toEqual({ from: 0, to: 100 });
    expect(ensureVisible({ from: 0, to: 100 }, 600, bounds)).toEqual({ from: 550, to: 650 });
  });
  it('clamps garbage from a hand-edited URL', () => {
    expect(clampWindow({ from: Number.NaN, to: Number.NaN }, bounds)).toEqual(bounds);
  });
  it('pads the full window, and gives a single instant one second each side', () => {
    expect(fullWindow({ start: 0, end: 1000 })).toEqual({ from: -20, to: 1020 });
    expect(fullWindow({ start: 5000, end: 5000 })).toEqual({ from: 4000, to: 6000 });
  });
});

describe('mapping and ranges', () => {
  it('maps time to pixels and back', () => {
    const w = { from: 1000, to: 2000 };
    expect(timeToX(1500, w, 800)).toBe(400);
    expect(xToTime(400, w, 800)).toBe(1500);
  });
  it('finds the visible slice by binary search, inclusive at both ends', () => {
    const times = Float64Array.from([0, 10, 20, 30, 40]);
    expect(visibleRange(times, { from: 10, to: 30 })).toEqual([1, 4]);
    expect(visibleRange(times, { from: 41, to: 50 })).toEqual([5, 5]);
  });
  it('hit-tests the nearest event in a lane within a tolerance', () => {
    const m = buildTimeline(story);
    expect(m.events[nearestInLane(m, 1, T0 + 2_100, 500)]!.id).toBe('e3');
    expect(nearestInLane(m, 1, T0 + 5_000, 500)).toBe(-1);
    expect(nearestInLane(m, 9, T0, 500)).toBe(-1);
  });
});

describe('keyboard navigation', () => {
  const m = buildTimeline(story);
  it('steps through events in time and stops at the ends', () => {
    expect(stepEvent(m, -1, 1)).toBe(0);
    expect(stepEvent(m, 2, 1)).toBe(3);
    expect(stepEvent(m, 5, 1)).toBe(5);
    expect(stepEvent(m, 0, -1)).toBe(0);
  });
  it('moves to the nearest event in time on the next lane', () => {
    const e4 = m.indexById.get('e4')!;
    expect(m.events[stepLane(m, e4, -1)]!.id).toBe('e5');
    expect(m.events[stepLane(m, m.indexById.get('e1')!, 1)]!.id).toBe('e3');
    expect(stepLane(m, e4, 1)).toBe(e4);
  });
});

describe('ticks and gap labels', () => {
  it('picks a nice step that leaves room for labels', () => {
    const { step, ticks } = niceTicks({ from: T0, to: T0 + 60_000 }, 900, 90);
    expect(step).toBe(10_000);
    expect(ticks[0]).toBe(T0);
    expect(ticks).toHaveLength(7);
    expect(formatTick(T0 + 10_000, step)).toBe('10:00:10');
    expect(formatTick(T0 + 12, 10)).toBe('10:00:00.012');
  });
  it('labels only the gaps wide enough on screen', () => {
    const m = buildTimeline(story);
    const labels = gapLabels(m, fullWindow(m), 1000, 56);
    // 62.4 s on 1000 px: 0.5 s and 1.5 s gaps are 8 and 24 px wide, too narrow for a label.
    expect(labels.map((g) => [m.events[g.index]!.id, g.ms])).toEqual([
      ['e4', 7_000],
      ['e6', 50_500],
    ]);
  });
  it('scales to thousands of events by scanning only the visible range', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ev(`x${i}`, i * 1000, i % 2 ? 'a.b' : 'c.d'));
    const m = buildTimeline(many);
    const labels = gapLabels(m, { from: T0 + 100_000, to: T0 + 110_000 }, 1000, 56);
    // 11 events in view: 10 gaps between them plus the two that run off either edge.
    expect(labels).toHaveLength(12);
    expect(labels.every((g) => g.ms === 1000)).toBe(true);
    expect(labels[0]!.x1).toBeLessThan(0);
    expect(labels.at(-1)!.x2).toBeGreaterThan(1000);
  });
});
