/**
 * A validated cache of correlations' event lists. Correlation views are read again and
 * again (every operator who opens the incident link, the execution page polling every
 * few seconds), while a correlation's events rarely change once its remediation ended.
 *
 * Each entry remembers the events (already serialized) with the fingerprint Data Storage
 * reports for the correlation: its total and its newest event. Before an entry is used,
 * one `limit=1` query re-reads that fingerprint: audit events are append-only (retention
 * only removes), so an unchanged total and newest event mean unchanged events; an event
 * written late with an older timestamp still changes the total. Legal hold can change in
 * place without changing either, so entries also expire after a short TTL.
 */
import 'server-only';
import { LRUCache } from 'lru-cache';
import { queryAuditEvents, type CollectedEvents } from '../datastorage/audit';
import type { RequestIdentity } from '../identity';
import type { ChainLinks } from '../schemas/audit';

/** Longest an entry is served (bounds how stale a legal-hold change can look). */
const TTL_MS = 30_000;
/** Total size of cached serialized events. */
const MAX_BYTES = 64 * 1024 * 1024;

export interface CachedCorrelation {
  /** The `events` array (summaries) as JSON text, oldest first. */
  eventsJson: string;
  chainLinks: ChainLinks;
  total: number;
  truncated: boolean;
  malformed: number;
  cap: number;
}

interface Entry extends CachedCorrelation {
  fingerprint: string;
  at: number;
}

/**
 * Least recently used entries go first beyond MAX_BYTES of serialized events; an entry
 * over a quarter of that is not kept at all. Expiry is checked against each call's clock.
 */
const entries = new LRUCache<string, Entry>({ maxSize: MAX_BYTES, maxEntrySize: MAX_BYTES / 4, sizeCalculation: (e) => Math.max(1, e.eventsJson.length) });

function key(correlationId: string, cap: number): string {
  return `${cap}:${correlationId}`;
}

/** Total and newest event of a correlation, as Data Storage reports them now. */
export async function correlationFingerprint(identity: RequestIdentity, correlationId: string, signal?: AbortSignal): Promise<string> {
  const page = await queryAuditEvents(identity, { correlation_id: correlationId, limit: 1, offset: 0 }, { signal });
  return `${page.pagination.total}:${page.events[0]?.event_id ?? ''}`;
}

/** The fingerprint of a freshly collected list (newest first, as collected). */
export function fingerprintOf(collected: Pick<CollectedEvents, 'total' | 'events'>): string {
  return `${collected.total}:${collected.events[0]?.event_id ?? ''}`;
}

/** Whether an entry exists (then it is worth one fingerprint query to validate it). */
export function hasCachedCorrelation(correlationId: string, cap: number): boolean {
  return entries.has(key(correlationId, cap));
}

/** The entry for `correlationId` if it is fresh and still matches `fingerprint`. */
export function cachedCorrelation(correlationId: string, cap: number, fingerprint: string, now = Date.now()): CachedCorrelation | undefined {
  const k = key(correlationId, cap);
  const e = entries.get(k);
  if (!e) return undefined;
  if (e.fingerprint !== fingerprint || now - e.at > TTL_MS) {
    entries.delete(k);
    return undefined;
  }
  return e;
}

/** Stores an entry, evicting the least recently used beyond MAX_BYTES. */
export function storeCorrelation(correlationId: string, fingerprint: string, value: CachedCorrelation, now = Date.now()): void {
  const k = key(correlationId, value.cap);
  // An entry too large to keep also replaces (drops) the older one.
  entries.delete(k);
  entries.set(k, { ...value, fingerprint, at: now });
}

/** Empties the cache (tests). */
export function clearCorrelationCacheForTests(): void {
  entries.clear();
}
