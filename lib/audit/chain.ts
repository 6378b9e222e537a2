/**
 * A local check of a correlation's hash-chain links. Data Storage v1.5.7 sets each new
 * event's `previous_event_hash` to the `event_hash` of the correlation's latest stored
 * event, "latest" meaning the greatest (event_timestamp, event_id) at write time
 * (repository/audit_events_repository.go). So, walked in write order, each event must
 * point at the greatest (timestamp, id) among the events before it. This cannot recompute
 * the hashes (that needs Data Storage's Go serialization); it shows whether the links are
 * intact when Data Storage's own verify-chain is not available to a read-only identity.
 *
 * Kubernaut's audit clients send timestamps in whole seconds, so one controller's events
 * often tie on time (selection.completed and execution.started nearly always), and Data
 * Storage then orders them by their random event id, not by when they were written.
 * orderTiesByChain recovers the write order within such ties from the links. Pure.
 */
import type { ChainLinks } from '../schemas/audit';

export type { ChainLinks };

export interface ChainLinkInput {
  id: string;
  timestamp: string;
  chain: { hash: string | null; previousHash: string | null };
}

interface Chained {
  id: string;
  timestamp: string;
  chain?: { hash: string | null; previousHash: string | null };
}

/** The event Data Storage would call latest among `a` and `b`: greater timestamp, then greater id. */
function later<T extends Chained>(a: { e: T; t: number } | null, b: { e: T; t: number }): { e: T; t: number } {
  if (!a) return b;
  return b.t > a.t || (b.t === a.t && b.e.id > a.e.id) ? b : a;
}

/** Walks the events in write order (see orderTiesByChain) and reports broken links. */
export function checkChainLinks(writeOrder: readonly ChainLinkInput[]): ChainLinks {
  let latest: { e: ChainLinkInput; t: number } | null = null;
  let checked = 0;
  let linked = 0;
  let unhashed = 0;
  let startsMidChain = false;
  const breaks: ChainLinks['breaks'] = [];
  for (const e of writeOrder) {
    if (!e.chain.hash) {
      unhashed++;
      continue;
    }
    checked++;
    const actual = e.chain.previousHash ?? '';
    const expected = latest?.e.chain.hash ?? null;
    if (expected === null) {
      startsMidChain = actual !== '';
      linked++;
    } else if (actual === expected) {
      linked++;
    } else {
      breaks.push({ eventId: e.id, expected, actual });
    }
    latest = later(latest, { e, t: Date.parse(e.timestamp) });
  }
  return { checked, linked, unhashed, startsMidChain, breaks };
}

/**
 * Puts each run of equal timestamps of an oldest-first list into write order: next comes
 * the event whose link points at the latest (timestamp, id) event placed so far, as Data
 * Storage chose it. Where nothing links (unchained events, a view starting mid-chain, a
 * real break), the given order is kept.
 */
export function orderTiesByChain<T extends Chained>(oldestFirst: readonly T[]): T[] {
  const out: T[] = [];
  let latest: { e: T; t: number } | null = null;
  let i = 0;
  while (i < oldestFirst.length) {
    const t = Date.parse(oldestFirst[i]!.timestamp);
    let j = i + 1;
    while (j < oldestFirst.length && Date.parse(oldestFirst[j]!.timestamp) === t) j++;
    const remaining = oldestFirst.slice(i, j);
    while (remaining.length) {
      const want: string | null | undefined = latest?.e.chain?.hash;
      let k: number = want ? remaining.findIndex((e) => e.chain?.hash && e.chain.previousHash === want) : -1;
      if (k < 0) {
        // Nothing links to the latest event: take the first whose predecessor is not still waiting.
        const waiting = new Set(remaining.map((e) => e.chain?.hash).filter(Boolean));
        k = Math.max(0, remaining.findIndex((e) => !waiting.has(e.chain?.previousHash ?? '')));
      }
      const next = remaining.splice(k, 1)[0] as T;
      out.push(next);
      if (next.chain?.hash) latest = later(latest, { e: next, t });
    }
    i = j;
  }
  return out;
}

/**
 * The events Data Storage v1.5.7 reports as tampered only because its verification walks
 * events of the same whole second by id instead of in write order: they share their
 * timestamp with another event, and the links, followed in write order, hold everywhere.
 * Empty when any link is broken (then nothing is excused). Hashes are not recomputed here.
 */
export function tieOnlyBreaks(events: readonly ChainLinkInput[], tampered: readonly string[]): Set<string> {
  const byTime = [...events].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (checkChainLinks(orderTiesByChain(byTime)).breaks.length) return new Set();
  const perSecond = new Map<number, number>();
  for (const e of events) perSecond.set(Date.parse(e.timestamp), (perSecond.get(Date.parse(e.timestamp)) ?? 0) + 1);
  const at = new Map(events.map((e) => [e.id, Date.parse(e.timestamp)]));
  return new Set(tampered.filter((id) => (perSecond.get(at.get(id) ?? NaN) ?? 0) > 1));
}
