/**
 * Timeline items of one execution: its phases, condition transitions, the PipelineRun's
 * TaskRuns and the failure, on one time axis. The item shape is generic so other
 * features (audit events) add their own lanes to the same component.
 */
import type { ExecutionDetail } from '../schemas/executions';

export type TimelineStatus = 'success' | 'failure' | 'running' | 'pending' | 'info' | 'warning';

export interface TimelineItem {
  id: string;
  /** Row the item is drawn in ("Execution", "Conditions", "Tasks", "Audit"...). */
  lane: string;
  /** ISO time or epoch ms. */
  start: string | number;
  /** Absent: an instant. null: still going (drawn up to now). */
  end?: string | number | null;
  label: string;
  status?: TimelineStatus;
  /** Extra text for the tooltip and the accessible name. */
  detail?: string;
  /** Optional link (same-origin path). */
  href?: string;
}

const TASK_STATUS: Record<string, TimelineStatus> = {
  Succeeded: 'success',
  Failed: 'failure',
  Running: 'running',
  Pending: 'pending',
  Unknown: 'info',
};

/** Builds the execution's own timeline items from its detail. */
export function executionTimelineItems(d: ExecutionDetail): TimelineItem[] {
  const items: TimelineItem[] = [];
  const created = d.summary.createdAt;
  const started = d.status.startTime;
  const finished = d.status.completionTime ?? d.failureDetails?.failedAt;
  const phase = d.status.phase;

  items.push({
    id: 'phase-pending',
    lane: 'Execution',
    start: created,
    end: started ?? (phase === 'Pending' ? null : (finished ?? created)),
    label: 'Pending',
    status: 'pending',
  });
  if (started) {
    const ended = phase === 'Completed' || phase === 'Failed';
    items.push({
      id: 'phase-running',
      lane: 'Execution',
      start: started,
      end: ended ? (finished ?? started) : null,
      label: phase === 'Completed' ? 'Completed' : phase === 'Failed' ? 'Failed' : 'Running',
      status: phase === 'Completed' ? 'success' : phase === 'Failed' ? 'failure' : 'running',
    });
  }
  if (d.failureDetails?.failedAt) {
    items.push({
      id: 'failure',
      lane: 'Execution',
      start: d.failureDetails.failedAt,
      label: `Failed: ${d.failureDetails.reason}`,
      status: 'failure',
      ...(d.failureDetails.message ? { detail: d.failureDetails.message } : {}),
    });
  }
  for (const c of d.conditions) {
    if (!c.lastTransitionTime) continue;
    items.push({
      id: `condition-${c.type}`,
      lane: 'Conditions',
      start: c.lastTransitionTime,
      label: `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`,
      status: c.status === 'True' ? 'success' : c.status === 'False' ? (c.type === 'Ready' ? 'failure' : 'warning') : 'info',
      ...(c.message ? { detail: c.message } : {}),
    });
  }
  if (d.blockClearance?.clearedAt) {
    items.push({ id: 'block-cleared', lane: 'Execution', start: d.blockClearance.clearedAt, label: `Block cleared by ${d.blockClearance.clearedBy}`, status: 'info', detail: d.blockClearance.clearReason });
  }
  for (const t of d.workload?.taskRuns ?? []) {
    if (!t.startTime) continue;
    const running = t.status === 'Running' || t.status === 'Pending';
    items.push({
      id: `task-${t.name}`,
      lane: 'Tasks',
      start: t.startTime,
      end: t.completionTime ?? (running ? null : t.startTime),
      label: t.pipelineTask ?? t.name,
      status: TASK_STATUS[t.status] ?? 'info',
      ...(t.reason ? { detail: t.reason } : {}),
    });
  }
  return items;
}

/** The time range an item list spans (ongoing items end at `now`). */
export function timelineRange(items: TimelineItem[], now: number): { from: number; to: number } {
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    const s = toMs(item.start);
    if (s === undefined) continue;
    const e = item.end === null ? now : item.end === undefined ? s : (toMs(item.end) ?? s);
    from = Math.min(from, s);
    to = Math.max(to, e, s);
  }
  if (!Number.isFinite(from)) return { from: now - 60_000, to: now };
  if (to - from < 1000) to = from + 1000;
  return { from, to };
}

export function toMs(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}
