/**
 * Audit conformance for many executions at once (the executions list's column and
 * filter). Asking Data Storage once per row would cost one request per execution, so the
 * process keeps an index of recent `workflowexecution` events grouped by correlation:
 * the first use loads the last WINDOW in 1000-event pages, later uses fetch only what
 * was written since the previous refresh (minus an overlap, because audit writes are
 * buffered and can land after newer events). Executions older than the index's coverage,
 * and results the index alone would call missing or pending, are checked one correlation
 * at a time against Data Storage, a bounded number per call.
 */
import 'server-only';
import { LRUCache } from 'lru-cache';
import { collectAuditEvents } from '../datastorage/audit';
import { env } from '../env';
import { isAppError } from '../errors';
import type { RequestIdentity } from '../identity';
import { log } from '../log';
import { forgetSingleton, processSingleton } from '../singleton';
import type { ConformanceBatch } from '../schemas/audit';
import { DEFAULT_AUDIT_GRACE_MS, evaluateConformance, summarizeConformance, type ConformanceEvent, type ConformanceSubject, type ConformanceSummary } from './conformance';
import { toAuditEventView } from './view';

/**
 * How far back the index reaches on its first load. A day covers the list's usual view
 * and keeps the first load to a few dozen pages on a busy installation; older rows are
 * checked one correlation at a time.
 */
const WINDOW_MS = 24 * 3600_000;
/** Refresh at most this often; callers in between share the last snapshot. */
const REFRESH_MS = 5_000;
/** Re-read this much before the last refresh: buffered writes land late. */
const OVERLAP_MS = 5 * 60_000;
/** Upper bound of indexed events (about 100 bytes each). */
const MAX_EVENTS = 50_000;
/**
 * Most events the first load reads. The list's first conformance answer waits for it:
 * on a Data Storage holding 680k events, 50 pages took 10 s, 10 pages take about 1 s.
 * Later refreshes add what is new, up to MAX_EVENTS; older rows are checked directly.
 */
const FIRST_LOAD_EVENTS = 10_000;
/** Per call, at most this many executions are checked against Data Storage directly. */
const MAX_DIRECT = 50;
const FALLBACK_TTL_MS = 30_000;
const FALLBACK_MAX = 2_000;

/** The fields of event_data conformance reads; everything else is dropped from the index. */
const KEPT_FIELDS = ['event_type', 'workflow_id', 'workflow_version', 'target_resource', 'phase', 'container_image', 'execution_name', 'pipelinerun_name', 'started_at', 'completed_at', 'failure_reason', 'failure_message', 'error_details'];

function compact(e: ConformanceEvent): ConformanceEvent {
  const data: Record<string, unknown> = {};
  for (const k of KEPT_FIELDS) if (e.data[k] !== undefined) data[k] = k === 'error_details' ? true : e.data[k];
  return { id: e.id, type: e.type, timestamp: e.timestamp, correlationId: e.correlationId, resource: { id: e.resource.id }, data };
}

export class ConformanceIndex {
  private readonly byCorrelation = new Map<string, Map<string, ConformanceEvent>>();
  private size = 0;
  private coveredSince = Number.POSITIVE_INFINITY;
  private lastRefresh = 0;
  private inflight: Promise<void> | undefined;
  /** Recent direct answers per correlation: at most FALLBACK_MAX, each for FALLBACK_TTL_MS. */
  private readonly fallback: LRUCache<string, ConformanceEvent[]>;

  constructor(private readonly now: () => number = Date.now) {
    // The index's clock (injected by tests) also times the fallback's expiry.
    this.fallback = new LRUCache({ max: FALLBACK_MAX, ttl: FALLBACK_TTL_MS, ttlResolution: 0, perf: { now: () => this.now() } });
  }

  /** Epoch ms from which every workflowexecution event is in the index. */
  get coverage(): number {
    return this.coveredSince;
  }

  /** Loads or tops up the index; concurrent callers share one refresh. */
  async refresh(identity: RequestIdentity): Promise<void> {
    if (this.inflight) return this.inflight;
    const started = this.now();
    if (started - this.lastRefresh < REFRESH_MS) return;
    this.inflight = (async () => {
      const first = this.lastRefresh === 0;
      const since = first ? started - WINDOW_MS : this.lastRefresh - OVERLAP_MS;
      const cap = first ? FIRST_LOAD_EVENTS : MAX_EVENTS;
      const collected = await collectAuditEvents(identity, { event_category: 'workflowexecution', since: new Date(since).toISOString() }, { cap, pageSize: 1000, concurrency: 4 });
      for (const wire of collected.events) this.add(compact(toAuditEventView(wire, false)));
      if (first) {
        // Truncated: only the newest MAX_EVENTS are in; coverage starts at the oldest of them.
        const oldest = collected.events.at(-1);
        this.coveredSince = collected.truncated && oldest ? Date.parse(oldest.event_timestamp) : since;
      }
      this.lastRefresh = started;
      this.prune(started);
    })().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private add(e: ConformanceEvent): void {
    let events = this.byCorrelation.get(e.correlationId);
    if (!events) {
      events = new Map();
      this.byCorrelation.set(e.correlationId, events);
    }
    if (!events.has(e.id)) this.size++;
    events.set(e.id, e);
  }

  /** Drops correlations whose newest event left the window, keeping memory bounded. */
  private prune(now: number): void {
    const horizon = now - WINDOW_MS;
    if (this.size <= MAX_EVENTS && this.coveredSince >= horizon) return;
    for (const [id, events] of this.byCorrelation) {
      const newest = Math.max(...[...events.values()].map((e) => Date.parse(e.timestamp)));
      if (newest < horizon || this.size > MAX_EVENTS) {
        this.size -= events.size;
        this.byCorrelation.delete(id);
      }
    }
    this.coveredSince = Math.max(this.coveredSince, horizon);
  }

  /** Events of one correlation from the index. */
  eventsOf(correlationId: string): ConformanceEvent[] {
    return [...(this.byCorrelation.get(correlationId)?.values() ?? [])];
  }

  /** The correlation's events straight from Data Storage (`cached`: reuse a recent answer). */
  private async fetchOne(identity: RequestIdentity, correlationId: string, cached: boolean): Promise<ConformanceEvent[]> {
    const hit = cached ? this.fallback.get(correlationId) : undefined;
    if (hit) return hit;
    const collected = await collectAuditEvents(identity, { correlation_id: correlationId, event_category: 'workflowexecution' }, { cap: 2_000, pageSize: 1000, concurrency: 1 });
    const events = collected.events.map((w) => compact(toAuditEventView(w, false)));
    this.fallback.set(correlationId, events);
    return events;
  }

  /**
   * Conformance of each subject, keyed `namespace/name`. Subjects inside the index's
   * coverage are checked against it; a result that says "missing" or "pending" may only
   * mean the index has not caught up yet, so those are re-checked against Data Storage
   * directly. Subjects older than the coverage are checked one by one. Both kinds of
   * direct checks share a per-call budget; beyond it a row is `unknown`.
   */
  async summaries(identity: RequestIdentity, subjects: readonly ConformanceSubject[], graceMs = DEFAULT_AUDIT_GRACE_MS): Promise<Map<string, ConformanceSummary>> {
    await this.refresh(identity);
    const now = this.now();
    const out = new Map<string, ConformanceSummary>();
    const direct: Array<{ subject: ConformanceSubject; cached: boolean }> = [];
    for (const s of subjects) {
      const key = `${s.namespace}/${s.name}`;
      if (!s.correlationId) {
        out.set(key, { status: 'unknown', problems: ['The execution names no RemediationRequest (no correlation id).'], duplicates: 0, missing: 0 });
        continue;
      }
      const created = s.createdAt ? Date.parse(s.createdAt) : Number.NaN;
      if (!(Number.isFinite(created) && created >= this.coveredSince)) {
        direct.push({ subject: s, cached: true });
        continue;
      }
      const summary = summarizeConformance(evaluateConformance(s, this.eventsOf(s.correlationId), now, graceMs));
      if (summary.missing > 0 || summary.status === 'pending') direct.push({ subject: s, cached: false });
      else out.set(key, summary);
    }
    const budget = direct.slice(0, MAX_DIRECT);
    let next = 0;
    const worker = async () => {
      while (next < budget.length) {
        const { subject: s, cached } = budget[next++]!;
        const events = await this.fetchOne(identity, s.correlationId!, cached);
        out.set(`${s.namespace}/${s.name}`, summarizeConformance(evaluateConformance(s, events, now, graceMs)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(4, budget.length) }, worker));
    for (const { subject: s } of direct.slice(MAX_DIRECT)) {
      out.set(`${s.namespace}/${s.name}`, { status: 'unknown', problems: ['Not checked in this request (too many rows need a direct check); open the execution to check it.'], duplicates: 0, missing: 0 });
    }
    return out;
  }

  /** Age of the data behind the last answer (ms). */
  ageMs(): number {
    return this.lastRefresh ? this.now() - this.lastRefresh : Number.POSITIVE_INFINITY;
  }
}

/** The process's index (one per process, see lib/singleton.ts). */
export function conformanceIndex(): ConformanceIndex {
  return processSingleton('conformanceIndex', () => new ConformanceIndex());
}

/** Forgets the process index (tests). */
export function resetConformanceIndexForTests(): void {
  forgetSingleton('conformanceIndex');
}

/**
 * Conformance of list rows for the API: Data Storage being down makes every row
 * `unknown` with the reason, instead of failing the list.
 */
export async function conformanceBatch(identity: RequestIdentity, subjects: readonly ConformanceSubject[]): Promise<ConformanceBatch> {
  const index = conformanceIndex();
  try {
    const map = await index.summaries(identity, subjects, env().AUDIT_GRACE_SECONDS * 1000);
    return { items: Object.fromEntries(map), indexAgeMs: Math.round(index.ageMs()) };
  } catch (err) {
    if (!isAppError(err)) throw err;
    log.warn('conformance batch failed', { err });
    const unknown: ConformanceSummary = { status: 'unknown', problems: [`Audit conformance is not available: ${err.message}`], duplicates: 0, missing: 0 };
    return { items: Object.fromEntries(subjects.map((s) => [`${s.namespace}/${s.name}`, unknown])), indexAgeMs: -1, unavailable: err.message };
  }
}
