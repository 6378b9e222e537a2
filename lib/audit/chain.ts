/**
 * A local check of a correlation's hash-chain links: Data Storage sets each event's
 * `previous_event_hash` to the `event_hash` of the correlation's latest event (by
 * timestamp, then id) at write time, so, walked oldest first, each event must point at
 * its predecessor. This cannot recompute the hashes (that needs Data Storage's Go
 * serialization); it shows whether the links are intact when Data Storage's own
 * verify-chain is not available to a read-only identity. Pure.
 */
import type { ChainLinks } from '../schemas/audit';

export type { ChainLinks };

export interface ChainLinkInput {
  id: string;
  chain: { hash: string | null; previousHash: string | null };
}

/** Walks the events (oldest first) and reports broken links. */
export function checkChainLinks(oldestFirst: readonly ChainLinkInput[]): ChainLinks {
  let previous: string | null = null;
  let checked = 0;
  let linked = 0;
  let unhashed = 0;
  let startsMidChain = false;
  const breaks: ChainLinks['breaks'] = [];
  for (const e of oldestFirst) {
    if (!e.chain.hash) {
      unhashed++;
      continue;
    }
    checked++;
    const actual = e.chain.previousHash ?? '';
    if (previous === null) {
      startsMidChain = actual !== '';
      linked++;
    } else if (actual === previous) {
      linked++;
    } else {
      breaks.push({ eventId: e.id, expected: previous, actual });
    }
    previous = e.chain.hash;
  }
  return { checked, linked, unhashed, startsMidChain, breaks };
}

interface Chained {
  timestamp: string;
  chain?: { hash: string | null; previousHash: string | null };
}

/**
 * Kubernaut's audit clients send `event_timestamp` in whole seconds, so events one
 * controller writes within a second (selection.completed and execution.started, nearly
 * always) tie on time, and Data Storage breaks the tie by the random event id. The hash
 * chain records the write order: within each run of equal timestamps of an oldest-first
 * list, this follows the links from the event before the run, so a timeline shows
 * selection before start and the link check does not report a break that is only an
 * ordering. Events without chain fields keep their order.
 */
export function orderTiesByChain<T extends Chained>(oldestFirst: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  while (i < oldestFirst.length) {
    const t = Date.parse(oldestFirst[i]!.timestamp);
    let j = i + 1;
    while (j < oldestFirst.length && Date.parse(oldestFirst[j]!.timestamp) === t) j++;
    if (j - i === 1) out.push(oldestFirst[i]!);
    else out.push(...followChain(oldestFirst.slice(i, j), out.at(-1)?.chain?.hash ?? null));
    i = j;
  }
  return out;
}

function followChain<T extends Chained>(group: T[], before: string | null): T[] {
  const remaining = [...group];
  const ordered: T[] = [];
  let previous = before;
  while (remaining.length) {
    let k = previous === null ? -1 : remaining.findIndex((e) => e.chain?.hash && e.chain.previousHash === previous);
    if (k < 0) {
      // No event links to the last one placed: take the first whose predecessor is not still waiting.
      const waiting = new Set(remaining.map((e) => e.chain?.hash).filter(Boolean));
      k = Math.max(0, remaining.findIndex((e) => !waiting.has(e.chain?.previousHash ?? '')));
    }
    const [next] = remaining.splice(k, 1);
    ordered.push(next!);
    previous = next!.chain?.hash ?? previous;
  }
  return ordered;
}
