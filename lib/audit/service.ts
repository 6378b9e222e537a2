/**
 * Server-side audit features: the explorer's search, a correlation's whole story, its
 * exports and hash-chain check, and the audit side of one execution. Route handlers call
 * these; they call Data Storage through lib/datastorage and Kubernetes through the
 * executions feature (lib/executions/service, served from its cache) and lib/k8s/correlation.
 */
import 'server-only';
import { collectAuditEvents, exportAuditVerification, MAX_EXPORT_EVENTS, queryAuditEvents, verifyAuditChain, type AuditEventWire, type CollectOptions, type DsAuditQuery } from '../datastorage/audit';
import { env } from '../env';
import { AppError, isAppError } from '../errors';
import type { RequestIdentity } from '../identity';
import { log } from '../log';
import { findRemediationRequest } from '../executions/remediation';
import { syncedExecutionCache } from '../executions/cache';
import { visibleNamespaces } from '../executions/visibility';
import type {
  AuditEventView,
  AuditFilters,
  ConformanceBatch,
  AuditPage,
  ChainVerification,
  CorrelationExecution,
  CorrelationKubernetes,
  CorrelationRemediationRequest,
  CorrelationView,
  ExecutionAuditView,
} from '../schemas/audit';
import { executionListQuerySchema, type ExecutionSummary, type RemediationSummary } from '../schemas/executions';
import { evaluateConformance, eventsOfExecution, WFE_EVENT } from './conformance';
import { eventsToCsv, eventsToJson, exportFileName } from './export';
import { tieOnlyBreaks } from './chain';
import { compareFailure } from './failure';
import { conformanceBatch } from './conformance-index';
import { cachedCorrelation, correlationFingerprint, fingerprintOf, hasCachedCorrelation, storeCorrelation, type CachedCorrelation } from './correlation-cache';
import { crdFailureFromDetail, subjectFromDetail, subjectFromSummary } from './subjects';
import { CorrelationEventsJson, timestampInEventsJson } from './correlation-json';
import { redactEventData, sortOldestFirst, toAuditEventView } from './view';

/**
 * Most events one correlation view loads. A remediation has tens of events; a runaway
 * emitter can write thousands. Beyond the cap the newest events are kept and the answer
 * says `truncated: true` with the total.
 */
export const CORRELATION_EVENT_CAP = 10_000;
/** Data Storage's largest page. */
const PAGE_SIZE = 1_000;
/** Page requests in flight per correlation; Data Storage runs each on one connection. */
const PAGE_CONCURRENCY = 4;

/** Maps the explorer's filters to Data Storage's query parameters. */
export function toDsQuery(f: AuditFilters): DsAuditQuery {
  return {
    event_category: f.category,
    event_type: f.type,
    event_outcome: f.outcome,
    severity: f.severity,
    correlation_id: f.correlationId,
    since: f.since,
    until: f.until,
    detail_key: f.detailKey,
    detail_value: f.detailValue,
    limit: f.limit,
    offset: f.offset,
  };
}

/** One page of the audit explorer, newest first. */
export async function searchAuditEvents(identity: RequestIdentity, filters: AuditFilters, signal?: AbortSignal): Promise<AuditPage> {
  const page = await queryAuditEvents(identity, toDsQuery(filters), { signal });
  return {
    items: page.events.map((e) => toAuditEventView(e)),
    page: { limit: page.pagination.limit, offset: page.pagination.offset, total: page.pagination.total, hasMore: page.pagination.has_more },
    malformed: page.malformed,
  };
}

export interface CorrelationOptions {
  signal?: AbortSignal;
  /** Defaults to CORRELATION_EVENT_CAP; tests lower it to exercise truncation. */
  cap?: number;
  /** Defaults to Data Storage's largest page (1000). */
  pageSize?: number;
  /** An event id to return in full beside the list (`selected`). */
  event?: string;
}

/**
 * Every event of a correlation up to the cap, newest first, as Data Storage returns them;
 * `paging` passes collectAuditEvents' per-page hook and read-ahead through.
 */
export async function correlationEvents(identity: RequestIdentity, correlationId: string, options: CorrelationOptions = {}, paging: Pick<CollectOptions, 'onPage' | 'speculate'> = {}) {
  return collectAuditEvents(
    identity,
    { correlation_id: correlationId },
    { cap: options.cap ?? CORRELATION_EVENT_CAP, pageSize: options.pageSize ?? PAGE_SIZE, concurrency: PAGE_CONCURRENCY, signal: options.signal, ...paging },
  );
}

function toCorrelationExecution(s: ExecutionSummary): CorrelationExecution {
  return {
    namespace: s.namespace,
    name: s.name,
    phase: s.rawPhase || 'Pending',
    workflowId: s.workflowId || null,
    targetResource: s.targetResource || null,
    startTime: s.startTime ?? null,
    completionTime: s.completionTime ?? null,
    failureReason: s.failureReason ?? null,
  };
}

/** A RemediationRequest (as lib/executions/wire.ts reshapes it) in the correlation view's shape. */
function correlationRemediation(rr: RemediationSummary & { targetResource?: string }): CorrelationRemediationRequest {
  return {
    namespace: rr.namespace,
    name: rr.name,
    overallPhase: rr.overallPhase ?? null,
    outcome: rr.outcome ?? null,
    signalName: rr.signalName ?? null,
    severity: rr.severity ?? null,
    targetResource: rr.targetResource ?? null,
  };
}

/**
 * The executions and RemediationRequest of a correlation from the executions cache (WFEs
 * reference their RR by name, which is the correlation id), with a direct lookup for an RR
 * no execution references. Failures become `available: false`: the audit story still shows.
 */
export async function correlationKubernetes(identity: RequestIdentity, correlationId: string): Promise<CorrelationKubernetes> {
  try {
    const list = (await syncedExecutionCache()).list(executionListQuerySchema.parse({ rr: correlationId, limit: 500, sort: 'created', order: 'asc' }));
    const warnings = list.namespaces
      .filter((n) => n.resource === 'workflowexecutions' && n.status !== 'ok')
      .map((n) => `Executions in ${n.namespace === '*' ? 'the cluster' : n.namespace} cannot be listed right now (${n.status}).`);
    const fromRow = list.items.find((i) => i.remediation?.found)?.remediation;
    const found = await findRemediationRequest(identity, correlationId).catch((err: unknown) => {
      log.warn('remediation lookup failed', { err, correlationId });
      warnings.push(`The RemediationRequest could not be read: ${isAppError(err) ? err.message : 'Kubernetes error'}`);
      return null;
    });
    // The executions cache joined the RemediationRequest of its rows: use it if the direct read failed.
    const rr = found ?? fromRow;
    const remediationRequest = rr ? correlationRemediation(rr) : null;
    return {
      available: true,
      executions: list.items.map(toCorrelationExecution),
      remediationRequest,
      ...(warnings.length ? { warning: warnings.join(' ') } : {}),
    };
  } catch (err) {
    log.warn('correlation kubernetes lookup failed', { err, correlationId });
    return { available: false, reason: isAppError(err) ? err.message : 'Kubernetes could not be read.', executions: [], remediationRequest: null };
  }
}

/** Where a correlation's events came from and how long that took (for Server-Timing). */
export interface CorrelationTiming {
  source: 'cache' | 'datastorage';
  eventsMs: number;
  kubernetesMs: number;
}

/**
 * The events of a correlation (oldest first, up to the cap) as cached JSON: served from
 * the validated cache when Data Storage's fingerprint of the correlation is unchanged,
 * otherwise collected (each page converted as it arrives), converted once and cached.
 */
export async function loadCorrelationEvents(identity: RequestIdentity, correlationId: string, options: CorrelationOptions = {}): Promise<CachedCorrelation & { source: CorrelationTiming['source']; found?: AuditEventView }> {
  const cap = options.cap ?? CORRELATION_EVENT_CAP;
  if (hasCachedCorrelation(correlationId, cap)) {
    const hit = cachedCorrelation(correlationId, cap, await correlationFingerprint(identity, correlationId, options.signal));
    if (hit) return { ...hit, source: 'cache' };
  }
  const json = new CorrelationEventsJson(options.event);
  const collected = await correlationEvents(identity, correlationId, options, { speculate: 1, onPage: json.add });
  const value: CachedCorrelation = { ...json.finish(), total: collected.total, truncated: collected.truncated, malformed: collected.malformed, cap };
  storeCorrelation(correlationId, fingerprintOf(collected), value);
  return { ...value, source: 'datastorage', found: json.found };
}

/**
 * The event `eventId` in full when the list was not built with it at hand (it came from
 * the cache): read from Data Storage at the timestamp the list gives it.
 */
async function selectedByTimestamp(identity: RequestIdentity, correlationId: string, eventId: string, eventsJson: string, signal?: AbortSignal): Promise<AuditEventView | null> {
  const at = timestampInEventsJson(eventsJson, eventId);
  if (!at) return null;
  try {
    return await getCorrelationEvent(identity, correlationId, eventId, at, signal);
  } catch (err) {
    // The list still answers; the panel reads the event itself.
    if (isAppError(err) && !signal?.aborted) return null;
    throw err;
  }
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started };
}

/**
 * A correlation's whole story as the JSON text of a CorrelationView: every event (oldest
 * first, up to the cap) and its Kubernetes objects, read fresh on every call. 404 when
 * nothing carries the id. Built by concatenation so cached events are not re-serialized.
 */
export async function correlationJson(identity: RequestIdentity, correlationId: string, options: CorrelationOptions = {}): Promise<{ body: string; timing: CorrelationTiming }> {
  const [events, kubernetes] = await Promise.all([timed(loadCorrelationEvents(identity, correlationId, options)), timed(correlationKubernetes(identity, correlationId))]);
  assertFound({ total: events.value.total, correlationId, kubernetes: kubernetes.value });
  const { eventsJson, chainLinks, total, truncated, cap, malformed, source, found } = events.value;
  const head: Omit<CorrelationView, 'events'> = { correlationId, total, truncated, cap, malformed, chainLinks, kubernetes: kubernetes.value };
  if (options.event) head.selected = found ?? (await selectedByTimestamp(identity, correlationId, options.event, eventsJson, options.signal));
  return {
    body: `${JSON.stringify(head).slice(0, -1)},"events":${eventsJson}}`,
    timing: { source, eventsMs: events.ms, kubernetesMs: kubernetes.ms },
  };
}

/** The correlation as an object (lib callers and tests; the route sends correlationJson). */
export async function getCorrelation(identity: RequestIdentity, correlationId: string, options: CorrelationOptions = {}): Promise<CorrelationView> {
  const [events, kubernetes] = await Promise.all([loadCorrelationEvents(identity, correlationId, options), correlationKubernetes(identity, correlationId)]);
  return {
    correlationId,
    events: JSON.parse(events.eventsJson) as CorrelationView['events'],
    chainLinks: events.chainLinks,
    total: events.total,
    truncated: events.truncated,
    cap: events.cap,
    malformed: events.malformed,
    kubernetes,
  };
}

/**
 * One event of a correlation in full (payload decoded, hash-chain fields, legal hold), as
 * Data Storage holds it now. Data Storage has no lookup by event id, so the event is
 * found among the correlation's events within a millisecond of `at` (its timestamp, which
 * the list gave), then within a second, which also covers coarser timestamps.
 */
export async function getCorrelationEvent(identity: RequestIdentity, correlationId: string, eventId: string, at: string, signal?: AbortSignal): Promise<AuditEventView> {
  const t = Date.parse(at);
  for (const margin of [1, 1_000]) {
    const page = await queryAuditEvents(
      identity,
      { correlation_id: correlationId, since: new Date(t - margin).toISOString(), until: new Date(t + margin).toISOString(), limit: 1_000, offset: 0 },
      { signal },
    );
    const found = page.events.find((e) => e.event_id === eventId);
    if (found) return toAuditEventView(found);
  }
  throw new AppError('not_found:event', `Correlation "${correlationId.slice(0, 80)}" has no event ${eventId.slice(0, 80)} at ${at.slice(0, 40)}.`);
}

export interface ExportFile {
  body: string;
  contentType: string;
  fileName: string;
}

/** The correlation as a JSON or CSV download, oldest event first, in Data Storage's field names. */
export async function exportCorrelation(identity: RequestIdentity, correlationId: string, format: 'json' | 'csv', signal?: AbortSignal): Promise<ExportFile> {
  const collected = await correlationEvents(identity, correlationId, { signal });
  const events: AuditEventWire[] = [...collected.events].reverse().map((e) => ({ ...e, event_data: redactEventData(e.event_data) }));
  const fileName = exportFileName(correlationId, format);
  if (format === 'csv') return { body: eventsToCsv(events), contentType: 'text/csv; charset=utf-8', fileName };
  return {
    body: eventsToJson(correlationId, events, { total: collected.total, truncated: collected.truncated, cap: CORRELATION_EVENT_CAP }),
    contentType: 'application/json; charset=utf-8',
    fileName,
  };
}

/**
 * Data Storage's hash-chain check of a correlation. Its signed export recomputes each
 * exported event's hash and is a read, so it is asked first; verify-chain (write tier)
 * is the fallback for identities allowed to call it. When neither answers, the result is
 * an honest "unavailable" with both reasons.
 */
export async function verifyCorrelation(identity: RequestIdentity, correlationId: string, signal?: AbortSignal): Promise<ChainVerification> {
  let exportReason: string;
  try {
    const x = await exportAuditVerification(identity, correlationId, { signal });
    const v = x.hash_chain_verification;
    const at = new Map(x.events.map((e) => [e.event_id, e.event_timestamp ?? null]));
    const tamperedIds = v.tampered_event_ids ?? x.events.filter((e) => e.hash_chain_valid === false).map((e) => e.event_id);
    const tieOnly = tieOnlyBreaks(
      x.events.map((e) => ({ id: e.event_id, timestamp: e.event_timestamp ?? '', chain: { hash: e.event_hash ?? null, previousHash: e.previous_event_hash ?? null } })),
      tamperedIds,
    );
    const capped = x.events.length >= MAX_EXPORT_EVENTS ? ` Only the oldest ${MAX_EXPORT_EVENTS.toLocaleString('en-US')} events fit in one export.` : '';
    return {
      status: v.broken_chain_events > 0 || tamperedIds.length > 0 ? 'invalid' : 'valid',
      source: 'export',
      signature: { algorithm: x.export_metadata.signature_algorithm ?? null, certificateFingerprint: x.export_metadata.certificate_fingerprint ?? null },
      totalEvents: x.export_metadata.total_events,
      verifiedEvents: v.valid_chain_events,
      skippedNullHash: Math.max(0, x.export_metadata.total_events - v.total_events_verified),
      tampered: tamperedIds.map((id) => ({
        eventId: id,
        timestamp: at.get(id) ?? null,
        message: tieOnly.has(id)
          ? 'Probably a false alarm: this event shares its whole-second timestamp with another, and Data Storage v1.5.7 checks such events in id order rather than the order they were written; in write order its link is intact.'
          : 'The stored event no longer matches its hash.',
      })),
      verifiedAt: v.verification_timestamp,
      message: `Data Storage recomputed the hashes of ${v.total_events_verified} event(s) in a signed export.${capped}`,
    };
  } catch (err) {
    if (!isAppError(err) || signal?.aborted) throw err;
    exportReason = err.message;
  }
  try {
    const r = await verifyAuditChain(identity, correlationId);
    return {
      status: r.is_valid ? 'valid' : 'invalid',
      source: 'verify-chain',
      signature: null,
      totalEvents: r.total_events,
      verifiedEvents: r.verified_events,
      skippedNullHash: r.skipped_null_hash ?? 0,
      tampered: (r.tampered_events ?? []).map((t) => ({ eventId: t.event_id ?? null, timestamp: t.event_timestamp ?? null, message: t.message ?? null })),
      verifiedAt: r.verification_time,
      message: r.message,
    };
  } catch (err) {
    if (!isAppError(err)) throw err;
    const chainReason = err.kind === 'forbidden' ? 'verify-chain needs write (create) access, which Flightdeck does not have' : err.message;
    return { status: 'unavailable', reason: `The signed export failed (${exportReason}) and ${chainReason}.` };
  }
}

/**
 * The audit side of one execution: its lifecycle events, conformance and (when it
 * failed) the CRD failure beside the workflow.failed payload.
 */
export async function getExecutionAudit(identity: RequestIdentity, namespace: string, name: string, now = Date.now(), graceMs = env().AUDIT_GRACE_SECONDS * 1000): Promise<ExecutionAuditView> {
  const detail = await (await syncedExecutionCache()).detail(namespace, name);
  const subject = subjectFromDetail(detail);
  let views: ReturnType<typeof toAuditEventView>[] = [];
  if (subject.correlationId) {
    const collected = await collectAuditEvents(identity, { correlation_id: subject.correlationId, event_category: 'workflowexecution' }, { cap: 5_000, pageSize: PAGE_SIZE, concurrency: 2 });
    views = sortOldestFirst(eventsOfExecution(subject, collected.events.map((e) => toAuditEventView(e))));
  }
  const conformance = evaluateConformance(subject, views, now, graceMs);
  const phase = subject.phase || 'Pending';
  const failure =
    phase === 'Failed'
      ? compareFailure(
          phase,
          crdFailureFromDetail(detail),
          views.filter((v) => v.type === WFE_EVENT.failed),
        )
      : null;
  return { execution: { namespace, name, phase, correlationId: subject.correlationId }, events: views, conformance, failure };
}

/** Throws a 404 naming the correlation when Data Storage has none of its events. */
export function assertFound(view: Pick<CorrelationView, 'total' | 'correlationId' | 'kubernetes'>): void {
  if (view.total === 0 && !(view.kubernetes.available && (view.kubernetes.executions.length || view.kubernetes.remediationRequest))) {
    throw new AppError('not_found:correlation', `No audit events or Kubernetes objects carry the correlation id "${view.correlationId.slice(0, 80)}".`);
  }
}

/**
 * Audit conformance of list rows (`namespace/name` keys) from the executions cache and
 * the process's audit index; unknown executions come back `unknown`.
 */
export async function conformanceOfExecutions(identity: RequestIdentity, keys: readonly string[]): Promise<ConformanceBatch> {
  const cache = await syncedExecutionCache();
  // Rows the caller may not `get` answer exactly like rows that do not exist.
  const visible = await visibleNamespaces(identity, 'get', keys.map((key) => key.split('/')[0] ?? ''));
  const found = keys.map((key) => {
    const [namespace = '', name = ''] = key.split('/');
    return visible === 'all' || visible.has(namespace) ? cache.summary(namespace, name) : undefined;
  });
  const batch = await conformanceBatch(identity, found.flatMap((s) => (s ? [subjectFromSummary(s)] : [])));
  keys.forEach((key, i) => {
    if (!found[i]) batch.items[key] = { status: 'unknown', problems: ['No such execution in the watched namespaces.'], duplicates: 0, missing: 0 };
  });
  return batch;
}
