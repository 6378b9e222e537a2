/**
 * Applies live events to the browser's cached query data. Pure, so the rules are unit
 * tested: rows match by uid; a changed row is replaced where it stands (nothing re-sorts
 * under the cursor); a new row is inserted at its sorted place within the loaded pages (or
 * left for a later page when it sorts after them); counts move by the server's deltas;
 * events already included in a snapshot (seq at or below its seq) are skipped.
 */
import {
  DISPLAY_PHASES,
  type DisplayPhase,
  type ExecutionDetail,
  type ExecutionListResponse,
  type ExecutionSummary,
  type PhaseCounts,
  type SortField,
  type SortOrder,
} from '../schemas/executions';
import type { LiveEvent } from '../schemas/live';
import { executionDurationMs } from './duration';

/** TanStack Query's infinite data for the list. */
export interface ListData {
  pages: ExecutionListResponse[];
  pageParams: unknown[];
}

export interface ListContext {
  sort: SortField;
  order: SortOrder;
  /** The phase filter (counts ignore it; the total does not). */
  phases?: DisplayPhase[];
  now: number;
}

const PHASE_RANK: Record<DisplayPhase, number> = { Pending: 0, Running: 1, Completed: 2, Failed: 3, Unknown: 4 };

function primary(row: ExecutionSummary, sort: SortField, now: number): number | string | null {
  switch (sort) {
    case 'created':
      return Date.parse(row.createdAt);
    case 'started':
      return row.startTime ? Date.parse(row.startTime) : null;
    case 'duration':
      return executionDurationMs(row, now) ?? null;
    case 'phase':
      return PHASE_RANK[row.phase];
    case 'name':
      return `${row.namespace}/${row.name}`;
  }
}

/** The server's order (see lib/executions/query.ts compareKeys) on summaries. */
export function compareRows(a: ExecutionSummary, b: ExecutionSummary, sort: SortField, order: SortOrder, now: number): number {
  const pa = primary(a, sort, now);
  const pb = primary(b, sort, now);
  if (pa === null && pb !== null) return 1;
  if (pb === null && pa !== null) return -1;
  const dir = order === 'asc' ? 1 : -1;
  if (pa !== null && pb !== null && pa !== pb) return (pa < pb ? -1 : 1) * dir;
  const ca = Date.parse(a.createdAt);
  const cb = Date.parse(b.createdAt);
  if (ca !== cb) return (ca < cb ? -1 : 1) * dir;
  if (a.uid !== b.uid) return (a.uid < b.uid ? -1 : 1) * dir;
  return 0;
}

function applyCounts(counts: PhaseCounts, delta: Partial<PhaseCounts> | undefined): PhaseCounts {
  if (!delta) return counts;
  const next = { ...counts };
  for (const phase of DISPLAY_PHASES) {
    const d = delta[phase];
    if (d) next[phase] = Math.max(0, next[phase] + d);
  }
  return next;
}

function totalOf(counts: PhaseCounts, phases: DisplayPhase[] | undefined): number {
  const included: readonly DisplayPhase[] = phases && phases.length ? phases : DISPLAY_PHASES;
  return included.reduce((sum, p) => sum + counts[p], 0);
}

/** Applies one list event; returns the same object when nothing changed. */
export function applyListEvent(data: ListData, event: LiveEvent, ctx: ListContext): ListData {
  const first = data.pages[0];
  if (!first) return data;
  if (event.type !== 'upsert' && event.type !== 'delete') return data;
  if (event.seq <= first.seq) return data;

  let pages = data.pages.map((p) => p);
  let location: { page: number; index: number } | undefined;
  for (let p = 0; p < pages.length && !location; p++) {
    const index = (pages[p] as ExecutionListResponse).items.findIndex((r) => r.uid === (event.type === 'upsert' ? event.item.uid : event.uid));
    if (index >= 0) location = { page: p, index };
  }

  if (event.type === 'upsert') {
    if (location) {
      const page = pages[location.page] as ExecutionListResponse;
      const items = page.items.slice();
      items[location.index] = event.item;
      pages[location.page] = { ...page, items };
    } else {
      pages = insertSorted(pages, event.item, ctx);
    }
  } else if (location) {
    const page = pages[location.page] as ExecutionListResponse;
    pages[location.page] = { ...page, items: page.items.filter((_, i) => i !== location.index) };
  }

  const head = pages[0] as ExecutionListResponse;
  const counts = applyCounts(head.counts, event.countsDelta);
  pages[0] = { ...head, counts, total: event.countsDelta ? totalOf(counts, ctx.phases) : head.total, seq: event.seq };
  return { ...data, pages };
}

function insertSorted(pages: ExecutionListResponse[], item: ExecutionSummary, ctx: ListContext): ExecutionListResponse[] {
  for (let p = 0; p < pages.length; p++) {
    const page = pages[p] as ExecutionListResponse;
    const index = page.items.findIndex((row) => compareRows(item, row, ctx.sort, ctx.order, ctx.now) < 0);
    if (index >= 0) {
      const items = page.items.slice();
      items.splice(index, 0, item);
      pages[p] = { ...page, items };
      return pages;
    }
  }
  // It sorts after every loaded row: append only when no further page exists, else the
  // cursor of the last page brings it in when the user scrolls there.
  const lastIndex = pages.length - 1;
  const last = pages[lastIndex] as ExecutionListResponse;
  if (last.nextCursor === null) pages[lastIndex] = { ...last, items: [...last.items, item] };
  return pages;
}

/** Applies a batch of events in order. */
export function applyListEvents(data: ListData, events: LiveEvent[], ctx: ListContext): ListData {
  return events.reduce((d, e) => applyListEvent(d, e, ctx), data);
}

/** The detail as the browser shows it: the server DTO, plus whether it was deleted meanwhile. */
export type LiveDetail = ExecutionDetail & { deleted?: boolean };

/**
 * Applies one event to the detail view: the row's fields update at once (phase badge,
 * duration), and `refetch` asks for the full detail again (conditions, TaskRuns, YAML).
 */
export function applyDetailEvent(detail: LiveDetail, event: LiveEvent): { detail: LiveDetail; refetch: boolean } {
  if (event.seq <= detail.seq && event.type !== 'reset') return { detail, refetch: false };
  switch (event.type) {
    case 'upsert':
      return {
        detail: {
          ...detail,
          summary: { ...event.item, ...(event.item.remediation || !detail.summary.remediation ? {} : { remediation: detail.summary.remediation }) },
          status: { ...detail.status, phase: event.item.phase, rawPhase: event.item.rawPhase },
          seq: event.seq,
        },
        refetch: true,
      };
    case 'delete':
      return { detail: { ...detail, deleted: true, seq: event.seq }, refetch: false };
    case 'invalidate':
    case 'reset':
      return { detail, refetch: true };
    default:
      return { detail, refetch: false };
  }
}
