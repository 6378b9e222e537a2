/**
 * The pure part of list-then-watch: what one watch event, or one fresh list, means for a
 * store keyed by uid. The informer applies these decisions; it holds no logic of its own
 * about event semantics, so this file is where that logic is tested.
 */

export interface RawWatchEvent {
  type?: string;
  object?: unknown;
}

export type WatchDecision =
  | { kind: 'upsert'; object: unknown; uid: string; resourceVersion: string }
  | { kind: 'delete'; uid: string; resourceVersion: string }
  | { kind: 'bookmark'; resourceVersion: string }
  /** 410 Gone / Expired: the resourceVersion is too old; list again. */
  | { kind: 'expired' }
  | { kind: 'error'; code: number; reason: string; message: string }
  | { kind: 'ignore'; why: string };

function meta(object: unknown): { uid?: unknown; resourceVersion?: unknown } | undefined {
  if (!object || typeof object !== 'object') return undefined;
  const m = (object as { metadata?: unknown }).metadata;
  return m && typeof m === 'object' ? (m as { uid?: unknown; resourceVersion?: unknown }) : undefined;
}

/** Classifies one line of a watch stream. */
export function decideWatchEvent(event: RawWatchEvent): WatchDecision {
  const type = event.type;
  if (type === 'ERROR') {
    const status = (event.object ?? {}) as { code?: unknown; reason?: unknown; message?: unknown };
    const code = typeof status.code === 'number' ? status.code : 0;
    const reason = typeof status.reason === 'string' ? status.reason : 'Unknown';
    if (code === 410 || reason === 'Expired' || reason === 'Gone') return { kind: 'expired' };
    return { kind: 'error', code, reason, message: typeof status.message === 'string' ? status.message.slice(0, 300) : '' };
  }
  const m = meta(event.object);
  const rv = typeof m?.resourceVersion === 'string' ? m.resourceVersion : undefined;
  if (type === 'BOOKMARK') return rv ? { kind: 'bookmark', resourceVersion: rv } : { kind: 'ignore', why: 'bookmark without resourceVersion' };
  const uid = typeof m?.uid === 'string' && m.uid ? m.uid : undefined;
  if (!uid || !rv) return { kind: 'ignore', why: `${type ?? 'event'} without metadata.uid/resourceVersion` };
  if (type === 'ADDED' || type === 'MODIFIED') return { kind: 'upsert', object: event.object, uid, resourceVersion: rv };
  if (type === 'DELETED') return { kind: 'delete', uid, resourceVersion: rv };
  return { kind: 'ignore', why: `unknown event type ${String(type)}` };
}

/**
 * Compares the store with a fresh full list (after a 410 or a restart): which uids are
 * new or changed (resourceVersion differs; versions are opaque, so only equality is
 * meaningful) and which disappeared while we were not watching.
 */
export function diffRelist(
  current: ReadonlyMap<string, string>,
  listed: ReadonlyMap<string, string>,
): { upserted: string[]; unchanged: string[]; deleted: string[] } {
  const upserted: string[] = [];
  const unchanged: string[] = [];
  const deleted: string[] = [];
  for (const [uid, rv] of listed) {
    if (current.get(uid) === rv) unchanged.push(uid);
    else upserted.push(uid);
  }
  for (const uid of current.keys()) if (!listed.has(uid)) deleted.push(uid);
  return { upserted, unchanged, deleted };
}

/**
 * Exponential backoff with equal jitter, capped: a delay between half the ceiling and the
 * ceiling. The random half spreads the reconnects of many informers (and many replicas)
 * that failed at the same moment, so an API server that comes back is not hit by all of
 * them at once; the fixed half keeps a floor under each retry, which full jitter (0 to
 * ceiling) lacks: it would let some informers retry almost at once, again and again,
 * while the server is still down. `attempt` starts at 0.
 */
export function backoffMs(attempt: number, baseMs = 500, capMs = 30_000, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Strips metadata.managedFields (large and useless to readers) from an object, in place. */
export function stripManagedFields<T>(object: T): T {
  const m = (object as { metadata?: { managedFields?: unknown } } | null)?.metadata;
  if (m && 'managedFields' in m) delete m.managedFields;
  return object;
}
