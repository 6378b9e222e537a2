/**
 * Writes the demo's audit events through Data Storage's batch API (tools/scenario's
 * writer) and counts what it accepted and rejected. Live events are written a little
 * after the step they record, as Kubernaut's buffered audit clients do (they flush about
 * every second): each event keeps the timestamp of its step and reaches Data Storage
 * after a random lag. Events of one correlation are written in order (Data Storage
 * chains their hashes in write order).
 */
import { MAX_BATCH, writeEvents, type AuditEventRequest, type WriterConfig } from '../scenario/scenario';

export interface AuditStats {
  written: number;
  rejected: number;
  /** The last rejection's message (status and Data Storage's problem title/detail). */
  lastError: string | null;
}

export interface LagOptions {
  minMs: number;
  maxMs: number;
}

export const DEFAULT_LAG: LagOptions = { minMs: 300, maxMs: 2_500 };

export class AuditWriter {
  readonly stats: AuditStats = { written: 0, rejected: 0, lastError: null };
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inflight = new Set<Promise<void>>();

  constructor(
    private readonly writer: WriterConfig,
    private readonly lag: LagOptions = DEFAULT_LAG,
    private readonly random: () => number = Math.random,
  ) {}

  /** Writes now, in batches of at most 500, and returns how many were stored. */
  async write(events: readonly AuditEventRequest[]): Promise<number> {
    let stored = 0;
    for (let i = 0; i < events.length; i += MAX_BATCH) {
      const chunk = events.slice(i, i + MAX_BATCH);
      try {
        stored += (await writeEvents(chunk, this.writer)).length;
      } catch (err) {
        this.stats.rejected += chunk.length;
        this.stats.lastError = err instanceof Error ? err.message : String(err);
      }
    }
    this.stats.written += stored;
    return stored;
  }

  /**
   * Stamps `events` with the current time (the moment the step happened) and writes them
   * after the audit lag. Resolves once they are written.
   */
  emit(events: readonly AuditEventRequest[], at = Date.now()): Promise<void> {
    if (!events.length) return Promise.resolve();
    const stamped = events.map((e, i) => ({ ...e, event_timestamp: new Date(at + i).toISOString() }));
    const correlation = stamped[0]!.correlation_id;
    const delay = this.lag.minMs + this.random() * (this.lag.maxMs - this.lag.minMs);
    const previous = this.chains.get(correlation) ?? Promise.resolve();
    const next = previous.then(() => sleep(delay)).then(async () => {
      await this.write(stamped);
    });
    this.chains.set(correlation, next);
    const tracked = next.finally(() => {
      this.inflight.delete(tracked);
      if (this.chains.get(correlation) === next) this.chains.delete(correlation);
    });
    this.inflight.add(tracked);
    return tracked;
  }

  /** Waits for every delayed write. */
  async drain(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
