/**
 * Filtering, sorting, cursor pagination, counts and the outcomes histogram over the
 * cached executions. Pure functions: the cache hands in its rows and a clock.
 */
import { badParam } from '../errors';
import {
  EXECUTION_PHASES,
  emptyCounts,
  type DisplayPhase,
  type ExecutionFilter,
  type ExecutionListQuery,
  type ExecutionSummary,
  type OutcomeBucket,
  type PhaseCounts,
  type SortField,
  type SortOrder,
} from '../schemas/executions';
import { executionDurationMs } from './duration';
import type { CachedExecution } from './wire';

/** A filter compiled once per request (lower-cased texts, parsed times). */
export interface CompiledFilter {
  namespaces?: Set<string>;
  phases?: Set<DisplayPhase>;
  workflow?: string;
  target?: string;
  reason?: string;
  rr?: string;
  name?: string;
  q?: string;
  createdAfter?: number;
  createdBefore?: number;
  finishedAfter?: number;
  finishedBefore?: number;
  blocked?: boolean;
}

export function compileFilter(filter: ExecutionFilter): CompiledFilter {
  const t = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);
  const lower = (s: string | undefined) => (s ? s.toLowerCase() : undefined);
  const c: CompiledFilter = {};
  if (filter.namespace?.length) c.namespaces = new Set(filter.namespace);
  if (filter.phase?.length) c.phases = new Set(filter.phase);
  const assign = <K extends keyof CompiledFilter>(key: K, value: CompiledFilter[K] | undefined) => {
    if (value !== undefined) c[key] = value;
  };
  assign('workflow', lower(filter.workflow));
  assign('target', lower(filter.target));
  assign('reason', lower(filter.reason));
  assign('rr', lower(filter.rr));
  assign('name', lower(filter.name));
  assign('q', lower(filter.q));
  assign('createdAfter', t(filter.createdAfter));
  assign('createdBefore', t(filter.createdBefore));
  assign('finishedAfter', t(filter.finishedAfter));
  assign('finishedBefore', t(filter.finishedBefore));
  assign('blocked', filter.blocked);
  return c;
}

/**
 * Whether a row matches every field of the filter except the phase (counts by phase are
 * reported for the rest of the filter, so the phase chips show what each would give).
 */
export function matchesExceptPhase(e: CachedExecution, f: CompiledFilter): boolean {
  const s = e.summary;
  if (f.namespaces && !f.namespaces.has(s.namespace)) return false;
  if (f.workflow !== undefined && !s.workflowId.toLowerCase().includes(f.workflow)) return false;
  if (f.target !== undefined && !s.targetResource.toLowerCase().includes(f.target)) return false;
  if (f.reason !== undefined) {
    const fr = s.failureReason?.toLowerCase();
    const rr = s.reason?.toLowerCase();
    if (fr !== f.reason && rr !== f.reason) return false;
  }
  if (f.rr !== undefined && e.rrName?.toLowerCase() !== f.rr) return false;
  if (f.name !== undefined && !s.name.toLowerCase().includes(f.name)) return false;
  if (f.q !== undefined && !e.search.includes(f.q)) return false;
  if (f.createdAfter !== undefined && e.createdMs < f.createdAfter) return false;
  if (f.createdBefore !== undefined && e.createdMs > f.createdBefore) return false;
  if (f.finishedAfter !== undefined && (e.finishedMs === undefined || e.finishedMs < f.finishedAfter)) return false;
  if (f.finishedBefore !== undefined && (e.finishedMs === undefined || e.finishedMs > f.finishedBefore)) return false;
  if (f.blocked && !e.blocking) return false;
  return true;
}

export function matchesPhase(e: CachedExecution, f: CompiledFilter): boolean {
  return !f.phases || f.phases.has(e.summary.phase);
}

export function matches(e: CachedExecution, f: CompiledFilter): boolean {
  return matchesPhase(e, f) && matchesExceptPhase(e, f);
}

// ---------------------------------------------------------------------------------
// Sorting and cursors
// ---------------------------------------------------------------------------------

const PHASE_RANK: Record<DisplayPhase, number> = { Pending: 0, Running: 1, Completed: 2, Failed: 3, Unknown: 4 };

/** Sort key: primary value (null sorts last in both directions), then creation, then uid. */
export interface SortKey {
  p: number | string | null;
  c: number;
  u: string;
}

export function sortKey(e: CachedExecution, sort: SortField, asOf: number): SortKey {
  let p: number | string | null;
  switch (sort) {
    case 'created':
      p = e.createdMs;
      break;
    case 'started':
      p = e.startedMs ?? null;
      break;
    case 'duration':
      p = executionDurationMs(e.summary, asOf) ?? null;
      break;
    case 'phase':
      p = PHASE_RANK[e.summary.phase];
      break;
    case 'name':
      p = `${e.summary.namespace}/${e.summary.name}`;
      break;
  }
  return { p, c: e.createdMs, u: e.summary.uid };
}

export function compareKeys(a: SortKey, b: SortKey, order: SortOrder): number {
  if (a.p === null && b.p !== null) return 1;
  if (b.p === null && a.p !== null) return -1;
  const dir = order === 'asc' ? 1 : -1;
  if (a.p !== null && b.p !== null && a.p !== b.p) return (a.p < b.p ? -1 : 1) * dir;
  if (a.c !== b.c) return (a.c < b.c ? -1 : 1) * dir;
  if (a.u !== b.u) return (a.u < b.u ? -1 : 1) * dir;
  return 0;
}

/** What a cursor carries: where the last page ended, and the clock it was sorted with. */
export interface Cursor {
  sort: SortField;
  order: SortOrder;
  key: SortKey;
  /** Running durations are measured at this instant on every page, so pages stay consistent. */
  asOf: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.order, cursor.key.p, cursor.key.c, cursor.key.u, cursor.asOf]), 'utf8').toString('base64url');
}

/** Decodes a cursor; a malformed one, or one made for another sort, is a 400 on `cursor`. */
export function decodeCursor(text: string, sort: SortField, order: SortOrder): Cursor {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw badParam('cursor', 'Invalid cursor: not a cursor returned by this API.');
  }
  if (
    !Array.isArray(parts) ||
    parts.length !== 6 ||
    !(parts[2] === null || typeof parts[2] === 'number' || typeof parts[2] === 'string') ||
    typeof parts[3] !== 'number' ||
    typeof parts[4] !== 'string' ||
    typeof parts[5] !== 'number'
  ) {
    throw badParam('cursor', 'Invalid cursor: not a cursor returned by this API.');
  }
  if (parts[0] !== sort || parts[1] !== order) {
    throw badParam('cursor', 'Invalid cursor: it belongs to another sort order; start again without a cursor.');
  }
  return { sort, order, key: { p: parts[2] as SortKey['p'], c: parts[3], u: parts[4] }, asOf: parts[5] };
}

export interface PageResult {
  items: CachedExecution[];
  nextCursor: string | null;
  total: number;
  counts: PhaseCounts;
}

/**
 * One page of the filtered, sorted rows after the cursor, with the total and counts by
 * phase of the whole filter. Keyset pagination: a row that changes or appears between two
 * requests never duplicates or skips the rows around the cursor.
 */
export function pageExecutions(rows: Iterable<CachedExecution>, query: ExecutionListQuery, now: number): PageResult {
  const filter = compileFilter(query);
  const cursor = query.cursor ? decodeCursor(query.cursor, query.sort, query.order) : undefined;
  const asOf = cursor?.asOf ?? now;
  const counts = emptyCounts();
  let total = 0;
  const after: { e: CachedExecution; k: SortKey }[] = [];
  for (const e of rows) {
    if (!matchesExceptPhase(e, filter)) continue;
    counts[e.summary.phase] += 1;
    if (!matchesPhase(e, filter)) continue;
    total += 1;
    const k = sortKey(e, query.sort, asOf);
    if (cursor && compareKeys(k, cursor.key, query.order) <= 0) continue;
    after.push({ e, k });
  }
  const top = selectTop(after, query.limit, (a, b) => compareKeys(a.k, b.k, query.order));
  const last = top.length === query.limit && after.length > query.limit ? top[top.length - 1] : undefined;
  return {
    items: top.map((x) => x.e),
    nextCursor: last ? encodeCursor({ sort: query.sort, order: query.order, key: last.k, asOf }) : null,
    total,
    counts,
  };
}

/**
 * The first `k` items in order. Sorting everything is O(n log n); for a small page out of
 * thousands a bounded insertion pass over a pre-filtered candidate set is cheaper.
 */
function selectTop<T>(items: T[], k: number, cmp: (a: T, b: T) => number): T[] {
  if (items.length <= k * 4) return items.sort(cmp).slice(0, k);
  const best: T[] = [];
  for (const item of items) {
    if (best.length === k && cmp(item, best[k - 1] as T) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(best[mid] as T, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, item);
    if (best.length > k) best.pop();
  }
  return best;
}

// ---------------------------------------------------------------------------------
// Live-event helpers
// ---------------------------------------------------------------------------------

/**
 * How the counts by phase of a filter change when a row changes from `before` to
 * `after` (either may be absent: created / deleted). Undefined when nothing changes.
 */
export function countsDelta(
  before: CachedExecution | undefined,
  after: CachedExecution | undefined,
  f: CompiledFilter,
): Partial<PhaseCounts> | undefined {
  const delta: Partial<PhaseCounts> = {};
  let changed = false;
  if (before && matchesExceptPhase(before, f)) {
    delta[before.summary.phase] = (delta[before.summary.phase] ?? 0) - 1;
    changed = true;
  }
  if (after && matchesExceptPhase(after, f)) {
    delta[after.summary.phase] = (delta[after.summary.phase] ?? 0) + 1;
    changed = true;
  }
  if (!changed) return undefined;
  for (const key of Object.keys(delta) as DisplayPhase[]) if (delta[key] === 0) delete delta[key];
  return Object.keys(delta).length ? delta : undefined;
}

// ---------------------------------------------------------------------------------
// Outcomes over time
// ---------------------------------------------------------------------------------

const BUCKETS_MS = [60_000, 5 * 60_000, 15 * 60_000, 3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000, 86_400_000, 7 * 86_400_000, 30 * 86_400_000];
const MAX_BUCKETS = 60;

/**
 * Executions of the filter per creation-time bucket, by phase. The bucket width is the
 * smallest that keeps the chart at most 60 bars, so the browser never draws thousands.
 */
export function outcomesOverTime(
  rows: Iterable<CachedExecution>,
  filterInput: ExecutionFilter,
  now: number,
): { bucketMs: number; buckets: OutcomeBucket[] } {
  const filter = compileFilter(filterInput);
  const matched: CachedExecution[] = [];
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const e of rows) {
    if (!matches(e, filter)) continue;
    matched.push(e);
    if (e.createdMs < min) min = e.createdMs;
    if (e.createdMs > max) max = e.createdMs;
  }
  const from = filter.createdAfter ?? (matched.length ? min : now - 3_600_000);
  const to = filter.createdBefore ?? Math.max(now, matched.length ? max : now);
  const span = Math.max(1, to - from);
  const bucketMs = BUCKETS_MS.find((b) => span / b <= MAX_BUCKETS) ?? (BUCKETS_MS[BUCKETS_MS.length - 1] as number);
  const first = Math.floor(from / bucketMs) * bucketMs;
  const count = Math.min(MAX_BUCKETS + 1, Math.floor((to - first) / bucketMs) + 1);
  const buckets: OutcomeBucket[] = Array.from({ length: count }, (_, i) => ({
    start: new Date(first + i * bucketMs).toISOString(),
    Pending: 0,
    Running: 0,
    Completed: 0,
    Failed: 0,
    Unknown: 0,
  }));
  for (const e of matched) {
    const index = Math.floor((e.createdMs - first) / bucketMs);
    const bucket = buckets[index];
    if (bucket) bucket[e.summary.phase] += 1;
  }
  return { bucketMs, buckets };
}

/** Phases in lifecycle order, for callers that iterate counts. */
export const PHASE_ORDER = EXECUTION_PHASES;

/** Rows as the API returns them (copies, so callers never mutate the cache). */
export function toSummaries(items: CachedExecution[], withRemediation: (e: CachedExecution) => ExecutionSummary): ExecutionSummary[] {
  return items.map(withRemediation);
}
