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
