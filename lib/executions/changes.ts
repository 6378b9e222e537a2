/**
 * What the execution cache publishes on the live bus (topic `executions`), and the
 * server-side per-subscription mapping of those changes into the events a tab receives.
 */
import type { ExecutionSummary } from '../schemas/executions';
import type { LiveEvent } from '../schemas/live';
import { countsDelta, matches, type CompiledFilter } from './query';
import type { CachedExecution } from './wire';

export const EXECUTIONS_TOPIC = 'executions';

export type ExecutionChange =
  /** Created, changed, or its remediation changed. `summary` has the remediation joined. */
  | { kind: 'upsert'; before?: CachedExecution; after: CachedExecution; summary: ExecutionSummary }
  | { kind: 'delete'; before: CachedExecution }
  /** Something only the detail view shows changed: the PipelineRun, a TaskRun. */
  | { kind: 'related'; namespace: string; name: string };

/**
 * The event a list subscription gets for one change: an upsert when the row matches the
 * filter after the change, a delete when it matched before but no longer does (or was
 * deleted), else nothing. Counts travel as deltas so the browser keeps them exact.
 */
export function listEventFor(change: ExecutionChange, filter: CompiledFilter, sub: string, seq: number): LiveEvent | null {
  if (change.kind === 'related') return null;
  const before = change.before;
  const after = change.kind === 'upsert' ? change.after : undefined;
  const delta = countsDelta(before, after, filter);
  const withDelta = delta ? { countsDelta: delta } : {};
  if (after && matches(after, filter) && change.kind === 'upsert') {
    return { type: 'upsert', sub, seq, item: change.summary, ...withDelta };
  }
  const uid = (before ?? after)?.summary.uid;
  if (uid && before && matches(before, filter)) return { type: 'delete', sub, seq, uid, ...withDelta };
  // Neither matches the full filter, but the counts (which ignore the phase) may move.
  if (delta && uid) return { type: 'delete', sub, seq, uid, ...withDelta };
  return null;
}

/** The event a single-execution subscription gets for one change. */
export function detailEventFor(change: ExecutionChange, namespace: string, name: string, sub: string, seq: number): LiveEvent | null {
  if (change.kind === 'related') {
    return change.namespace === namespace && change.name === name ? { type: 'invalidate', sub, seq } : null;
  }
  const row = change.kind === 'upsert' ? change.after : change.before;
  if (row.summary.namespace !== namespace || row.summary.name !== name) return null;
  if (change.kind === 'delete') return { type: 'delete', sub, seq, uid: row.summary.uid };
  return { type: 'upsert', sub, seq, item: change.summary };
}
