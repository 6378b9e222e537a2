/**
 * Pure maths of the correlation timeline: lanes per emitting service, the zoom window,
 * time↔pixel mapping, visible ranges by binary search, tick steps, gap labels and
 * keyboard navigation. Kept free of React and the DOM so it is unit-tested and cheap
 * enough to run on every frame with thousands of events.
 */
import { serviceOf } from './view';

export interface TimelineInput {
  id: string;
  timestamp: string;
  type: string;
  outcome: string;
}

export interface TimelineEvent {
  id: string;
  /** Epoch milliseconds. */
  t: number;
  type: string;
  service: string;
  outcome: string;
  lane: number;
}

export interface Lane {
  service: string;
  /** Indices into `TimelineModel.events`, oldest first. */
  events: number[];
  /** Times of those events, for binary search. */
  times: Float64Array;
}

export interface TimelineModel {
  /** Oldest first. */
  events: TimelineEvent[];
  times: Float64Array;
  lanes: Lane[];
  indexById: Map<string, number>;
  start: number;
  end: number;
}

export interface TimeWindow {
  from: number;
  to: number;
}

/** Smallest zoom span: below a millisecond, audit timestamps carry no meaning. */
export const MIN_SPAN_MS = 1;

/**
 * Builds the model: events sorted by time, one lane per service in the order services
 * first appear, so lanes read top to bottom like the remediation's story. Simultaneous
 * events keep the order given: the server sends ties in write order (lib/audit/chain),
 * which Kubernaut's whole-second timestamps make common.
 */
export function buildTimeline(input: readonly TimelineInput[]): TimelineModel {
  const sorted = input
    .map((e) => ({ e, t: Date.parse(e.timestamp) }))
    .filter(({ t }) => Number.isFinite(t))
    .sort((a, b) => a.t - b.t);
  const laneIndex = new Map<string, number>();
  const laneEvents: number[][] = [];
  const events: TimelineEvent[] = sorted.map(({ e, t }, i) => {
    const service = serviceOf(e.type);
    let lane = laneIndex.get(service);
    if (lane === undefined) {
      lane = laneEvents.length;
      laneIndex.set(service, lane);
      laneEvents.push([]);
    }
    laneEvents[lane]!.push(i);
    return { id: e.id, t, type: e.type, service, outcome: e.outcome, lane };
  });
  const times = Float64Array.from(events, (e) => e.t);
  const lanes: Lane[] = [...laneIndex.entries()].map(([service, idx]) => {
    const list = laneEvents[idx]!;
    return { service, events: list, times: Float64Array.from(list, (i) => times[i]!) };
  });
  return {
    events,
    times,
    lanes,
    indexById: new Map(events.map((e, i) => [e.id, i])),
    start: events.length ? times[0]! : 0,
    end: events.length ? times[times.length - 1]! : 0,
  };
}

/** The whole correlation with a little padding on both sides (one second when it is one instant). */
export function fullWindow(model: Pick<TimelineModel, 'start' | 'end'>): TimeWindow {
  const span = model.end - model.start;
  if (span <= 0) return { from: model.start - 1000, to: model.end + 1000 };
  const pad = span * 0.02;
  return { from: model.start - pad, to: model.end + pad };
}

/** Keeps a window inside `bounds` and at least `MIN_SPAN_MS` wide. */
export function clampWindow(w: TimeWindow, bounds: TimeWindow): TimeWindow {
  const boundSpan = bounds.to - bounds.from;
  let span = Math.max(MIN_SPAN_MS, Math.min(w.to - w.from, boundSpan));
  if (!Number.isFinite(span)) span = boundSpan;
  let from = Number.isFinite(w.from) ? w.from : bounds.from;
  if (from < bounds.from) from = bounds.from;
  if (from + span > bounds.to) from = bounds.to - span;
  return { from, to: from + span };
}

/** Zooms by `factor` (<1 zooms in) keeping the time under `anchor` where it is. */
export function zoomWindow(w: TimeWindow, factor: number, anchor: number, bounds: TimeWindow): TimeWindow {
  const span = w.to - w.from;
  const nextSpan = Math.max(MIN_SPAN_MS, span * factor);
  const ratio = span > 0 ? (anchor - w.from) / span : 0.5;
  const from = anchor - ratio * nextSpan;
  return clampWindow({ from, to: from + nextSpan }, bounds);
}

/** Shifts the window by `deltaMs`, stopping at the bounds. */
export function panWindow(w: TimeWindow, deltaMs: number, bounds: TimeWindow): TimeWindow {
  return clampWindow({ from: w.from + deltaMs, to: w.to + deltaMs }, bounds);
}

/** Returns `w` when `t` is inside it, else the same span centred on `t`. */
export function ensureVisible(w: TimeWindow, t: number, bounds: TimeWindow): TimeWindow {
  if (t >= w.from && t <= w.to) return w;
  const span = w.to - w.from;
  return clampWindow({ from: t - span / 2, to: t + span / 2 }, bounds);
}

export function timeToX(t: number, w: TimeWindow, width: number): number {
  return ((t - w.from) / (w.to - w.from)) * width;
}

export function xToTime(x: number, w: TimeWindow, width: number): number {
  return w.from + (x / width) * (w.to - w.from);
}

/** First index whose time is >= t. */
export function lowerBound(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose time is > t. */
export function upperBound(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Half-open index range [start, end) of the times inside the window. */
export function visibleRange(times: ArrayLike<number>, w: TimeWindow): [number, number] {
  return [lowerBound(times, w.from), upperBound(times, w.to)];
}

/** The lane event nearest to `t` within `maxDt` ms, as an index into `model.events`, or -1. */
export function nearestInLane(model: TimelineModel, laneIdx: number, t: number, maxDt: number): number {
  const lane = model.lanes[laneIdx];
  if (!lane || lane.times.length === 0) return -1;
  const i = lowerBound(lane.times, t);
  let best = -1;
  let bestDt = Infinity;
  for (const j of [i - 1, i]) {
    if (j < 0 || j >= lane.times.length) continue;
    const dt = Math.abs(lane.times[j]! - t);
    if (dt < bestDt) {
      bestDt = dt;
      best = lane.events[j]!;
    }
  }
  return bestDt <= maxDt ? best : -1;
}

/** The next (dir=1) or previous (dir=-1) event in time, or the same index at the ends. */
export function stepEvent(model: TimelineModel, index: number, dir: 1 | -1): number {
  if (model.events.length === 0) return -1;
  if (index < 0) return dir === 1 ? 0 : model.events.length - 1;
  return Math.min(model.events.length - 1, Math.max(0, index + dir));
}

/** The event nearest in time on the lane above (dir=-1) or below (dir=1), skipping empty lanes. */
export function stepLane(model: TimelineModel, index: number, dir: 1 | -1): number {
  const current = model.events[index];
  if (!current) return stepEvent(model, index, 1);
  for (let lane = current.lane + dir; lane >= 0 && lane < model.lanes.length; lane += dir) {
    const found = nearestInLane(model, lane, current.t, Infinity);
    if (found >= 0) return found;
  }
  return index;
}

const TICK_STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500,
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
  60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000,
  86_400_000, 172_800_000, 604_800_000,
];

/** Tick positions at a "nice" step that leaves at least `minPx` between labels. */
export function niceTicks(w: TimeWindow, width: number, minPx = 90): { step: number; ticks: number[] } {
  const span = w.to - w.from;
  const maxTicks = Math.max(1, Math.floor(width / minPx));
  const step = TICK_STEPS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks / 86_400_000) * 86_400_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(w.from / step) * step; t <= w.to && ticks.length <= maxTicks + 1; t += step) ticks.push(t);
  return { step, ticks };
}

/** Tick label in UTC, as precise as the step needs. */
export function formatTick(t: number, step: number): string {
  const iso = new Date(t).toISOString();
  if (step >= 86_400_000) return iso.slice(0, 10);
  if (step >= 60_000) return iso.slice(11, 16);
  if (step >= 1_000) return iso.slice(11, 19);
  return iso.slice(11, 23);
}

export interface GapLabel {
  /** Index of the later event; the gap runs from `index - 1` to `index`. */
  index: number;
  ms: number;
  x1: number;
  x2: number;
}

/**
 * Gaps between consecutive events (in time, across lanes) that are wide enough on
 * screen to carry a label. Only the visible range is scanned, and at most `max` labels
 * are returned, so this stays cheap at any zoom level.
 */
export function gapLabels(model: TimelineModel, w: TimeWindow, width: number, minPx = 56, max = 300): GapLabel[] {
  const [start, end] = visibleRange(model.times, w);
  const out: GapLabel[] = [];
  for (let i = Math.max(1, start); i <= Math.min(end, model.events.length - 1) && out.length < max; i++) {
    const x1 = timeToX(model.times[i - 1]!, w, width);
    const x2 = timeToX(model.times[i]!, w, width);
    if (x2 - x1 >= minPx) out.push({ index: i, ms: model.times[i]! - model.times[i - 1]!, x1, x2 });
  }
  return out;
}
