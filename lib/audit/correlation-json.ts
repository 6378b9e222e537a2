/**
 * Builds the `events` JSON of a correlation view (oldest first) page by page, while the
 * remaining pages are still being fetched: Data Storage returns pages newest first, so
 * each page is converted, reversed and serialized on arrival, and the pages are joined
 * in reverse offset order at the end, unless sorting (ties by hash chain, see
 * lib/audit/chain) or de-duplication (events written during paging shift the pages)
 * changes that order. The hash-chain links
 * are checked over the same oldest-first list.
 */
import type { AuditEventWire } from '../datastorage/audit';
import type { AuditEventSummary, AuditEventView, ChainLinks } from '../schemas/audit';
import { checkChainLinks, type ChainLinkInput } from './chain';
import { sortOldestFirst, toAuditEventSummary, toAuditEventView } from './view';

interface Entry extends ChainLinkInput {
  timestamp: string;
  summary: AuditEventSummary;
}

interface BuiltPage {
  offset: number;
  /** Oldest first. */
  entries: Entry[];
  /** The page's summaries as a JSON array, oldest first. */
  json: string;
}

export interface BuiltCorrelationEvents {
  eventsJson: string;
  chainLinks: ChainLinks;
}

export class CorrelationEventsJson {
  private readonly pages: BuiltPage[] = [];
  /** The event `wanted` names, in full, once a page brought it. */
  found: AuditEventView | undefined;

  /** `wanted`: an event id to keep in full (the selected event of a shared link). */
  constructor(private readonly wanted?: string) {}

  /** Converts one page (newest first, as Data Storage sends it) found at `offset`. */
  readonly add = (events: readonly AuditEventWire[], offset: number): void => {
    const entries: Entry[] = new Array(events.length);
    for (let i = 0; i < events.length; i++) {
      const e = events[events.length - 1 - i]!;
      if (e.event_id === this.wanted) this.found = toAuditEventView(e);
      entries[i] = { id: e.event_id, timestamp: e.event_timestamp, chain: { hash: e.event_hash, previousHash: e.previous_event_hash }, summary: toAuditEventSummary(e) };
    }
    this.pages.push({ offset, entries, json: JSON.stringify(entries.map((x) => x.summary)) });
  };

  /** Every event added, oldest first and without duplicates, and its chain-link check. */
  finish(): BuiltCorrelationEvents {
    const ordered = [...this.pages].sort((a, b) => b.offset - a.offset);
    const flat = ordered.flatMap((p) => p.entries);
    const seen = new Set<string>();
    const unique = sortOldestFirst(flat.filter((x) => !seen.has(x.id) && seen.add(x.id)));
    // Usually the pages, joined, are already in that order: reuse their JSON.
    if (unique.length === flat.length && unique.every((e, i) => e === flat[i])) {
      const parts = ordered.map((p) => p.json.slice(1, -1)).filter((part) => part.length > 0);
      return { eventsJson: `[${parts.join(',')}]`, chainLinks: checkChainLinks(unique) };
    }
    return { eventsJson: JSON.stringify(unique.map((x) => x.summary)), chainLinks: checkChainLinks(unique) };
  }
}

/**
 * The timestamp of event `id` in an events JSON this module built, without parsing it:
 * summaries are serialized with `id` then `timestamp` first (lib/audit/view), so the
 * pair is found by one search. Undefined when the id is not there.
 */
export function timestampInEventsJson(eventsJson: string, id: string): string | undefined {
  const key = `{"id":${JSON.stringify(id)},"timestamp":`;
  const at = eventsJson.indexOf(key);
  if (at < 0) return undefined;
  const start = at + key.length;
  const end = eventsJson.indexOf(',', start);
  if (end < 0) return undefined;
  try {
    const value: unknown = JSON.parse(eventsJson.slice(start, end));
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
