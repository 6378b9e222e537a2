/**
 * Typed client for the Data Storage audit endpoints Flightdeck reads:
 * `GET /api/v1/audit/events` (queryAuditEvents), `GET /api/v1/audit/export`
 * (the signed export, for verification) and `POST /api/v1/audit/verify-chain`
 * (verifyAuditChain). Responses are validated with zod; one malformed event is logged
 * and left out instead of failing the whole page.
 */
import 'server-only';
import { z } from 'zod';
import { AppError } from '../errors';
import type { RequestIdentity } from '../identity';
import { log } from '../log';
import { dsFetch } from './http';

const optionalString = z.string().nullish().transform((v) => v ?? null);

/** One `AuditEvent` as Data Storage returns it (a subset of the spec's fields is required). */
export const auditEventWireSchema = z.looseObject({
  event_id: z.string().min(1),
  version: optionalString,
  event_type: z.string().min(1),
  event_timestamp: z.iso.datetime({ offset: true }),
  event_category: z.string(),
  event_action: z.string(),
  event_outcome: z.string(),
  correlation_id: z.string(),
  actor_type: optionalString,
  actor_id: optionalString,
  resource_type: optionalString,
  resource_id: optionalString,
  namespace: optionalString,
  cluster_name: optionalString,
  severity: optionalString,
  duration_ms: z.number().nullish().transform((v) => v ?? null),
  error_code: optionalString,
  error_message: optionalString,
  parent_event_id: optionalString,
  event_hash: optionalString,
  previous_event_hash: optionalString,
  legal_hold: z.boolean().nullish().transform((v) => v ?? false),
  legal_hold_reason: optionalString,
  legal_hold_placed_by: optionalString,
  legal_hold_placed_at: optionalString,
  event_data: z.unknown(),
});
export type AuditEventWire = z.infer<typeof auditEventWireSchema>;

const REQUIRED_STRINGS = ['event_id', 'event_type', 'event_timestamp', 'event_category', 'event_action', 'event_outcome', 'correlation_id'] as const;
const NULLABLE_STRINGS = [
  'version',
  'actor_type',
  'actor_id',
  'resource_type',
  'resource_id',
  'namespace',
  'cluster_name',
  'severity',
  'error_code',
  'error_message',
  'parent_event_id',
  'event_hash',
  'previous_event_hash',
  'legal_hold_reason',
  'legal_hold_placed_by',
  'legal_hold_placed_at',
] as const;
const eventTimestampSchema = auditEventWireSchema.shape.event_timestamp;

/**
 * The common case of auditEventWireSchema without zod's per-field machinery, which costs
 * tens of milliseconds on a 5,000-event correlation: a well-formed event is normalized in
 * place (absent optional fields become null, legal_hold false) and returned exactly as the
 * schema would return it. Anything unusual gives undefined, and the schema decides and
 * explains. It accepts only what the schema accepts (checked by its unit test).
 */
export function wellFormedAuditEvent(raw: unknown): AuditEventWire | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const e = raw as Record<string, unknown>;
  for (const key of REQUIRED_STRINGS) if (typeof e[key] !== 'string') return undefined;
  if (!('event_data' in e)) return undefined;
  if (e.event_id === '' || e.event_type === '' || !eventTimestampSchema.safeParse(e.event_timestamp).success) return undefined;
  for (const key of NULLABLE_STRINGS) {
    const value = e[key];
    if (value === undefined) e[key] = null;
    else if (value !== null && typeof value !== 'string') return undefined;
  }
  if (e.duration_ms === undefined) e.duration_ms = null;
  else if (e.duration_ms !== null && (typeof e.duration_ms !== 'number' || !Number.isFinite(e.duration_ms))) return undefined;
  if (e.legal_hold === undefined || e.legal_hold === null) e.legal_hold = false;
  else if (typeof e.legal_hold !== 'boolean') return undefined;
  return e as AuditEventWire;
}

const paginationSchema = z.object({
  limit: z.number().int(),
  offset: z.number().int(),
  total: z.number().int().min(0),
  has_more: z.boolean(),
});

/** Envelope of queryAuditEvents; events are validated one by one afterwards. */
const queryEnvelopeSchema = z.object({
  data: z.array(z.unknown()).nullable().transform((v) => v ?? []),
  pagination: paginationSchema,
});

export const verifyChainWireSchema = z.looseObject({
  correlation_id: z.string(),
  is_valid: z.boolean(),
  total_events: z.number().int(),
  verified_events: z.number().int(),
  skipped_null_hash: z.number().int().optional(),
  tampered_events: z
    .array(
      z.looseObject({
        event_id: z.string().optional(),
        event_timestamp: z.string().optional(),
        expected_hash: z.string().optional(),
        actual_hash: z.string().optional(),
        previous_hash: z.string().optional(),
        message: z.string().optional(),
      }),
    )
    .nullish(),
  verification_time: z.string(),
  message: z.string(),
});
export type VerifyChainWire = z.infer<typeof verifyChainWireSchema>;

/** An exported event, as far as the verification result needs it. */
export const exportedEventSchema = z.looseObject({
  event_id: z.string(),
  event_timestamp: z.string().optional(),
  event_hash: z.string().nullable().optional(),
  previous_event_hash: z.string().nullable().optional(),
  hash_chain_valid: z.boolean().optional(),
});

/** The parts of `AuditExportResponse` (GET /api/v1/audit/export) Flightdeck reads. */
export const auditExportVerificationSchema = z.looseObject({
  export_metadata: z.looseObject({
    export_timestamp: z.string(),
    total_events: z.number().int(),
    signature: z.string(),
    signature_algorithm: z.string().optional(),
    certificate_fingerprint: z.string().optional(),
  }),
  events: z
    .array(exportedEventSchema)
    .nullable()
    .transform((v) => v ?? []),
  hash_chain_verification: z.looseObject({
    total_events_verified: z.number().int(),
    valid_chain_events: z.number().int(),
    broken_chain_events: z.number().int(),
    verification_timestamp: z.string(),
    tampered_event_ids: z.array(z.string()).nullish(),
  }),
});
export type AuditExportVerification = z.infer<typeof auditExportVerificationSchema>;

/** Data Storage's largest export (more gives 413). */
export const MAX_EXPORT_EVENTS = 10_000;
/** Query parameters the client sends to exportAuditEvents (checked against the spec). */
export const DS_EXPORT_PARAMS = ['correlation_id', 'limit'] as const;

/** Every query parameter the client sends to queryAuditEvents (checked against the spec). */
export const DS_QUERY_PARAMS = ['event_type', 'event_category', 'event_outcome', 'severity', 'correlation_id', 'since', 'until', 'detail_key', 'detail_value', 'limit', 'offset'] as const satisfies readonly (keyof DsAuditQuery)[];

/** Query parameters of queryAuditEvents, in Data Storage's own names. */
export interface DsAuditQuery {
  event_type?: string;
  event_category?: string;
  event_outcome?: 'success' | 'failure' | 'pending';
  severity?: string;
  correlation_id?: string;
  since?: string;
  until?: string;
  detail_key?: string;
  detail_value?: string;
  limit?: number;
  offset?: number;
}

export interface DsAuditPage {
  events: AuditEventWire[];
  pagination: z.infer<typeof paginationSchema>;
  malformed: number;
  durationMs: number;
}

export interface DsCallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

function toSearchParams(query: DsAuditQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of DS_QUERY_PARAMS) {
    const value = query[key];
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return params;
}

/** Validates one page of events; a malformed event is logged and skipped. */
export function parseAuditPage(body: unknown, path = '/api/v1/audit/events'): Omit<DsAuditPage, 'durationMs'> {
  const envelope = queryEnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    throw new AppError('upstream:datastorage', 'Data Storage returned an audit page Flightdeck cannot read.', {
      cause: new Error(z.prettifyError(envelope.error)),
    });
  }
  const events: AuditEventWire[] = [];
  let malformed = 0;
  for (const raw of envelope.data.data) {
    const fast = wellFormedAuditEvent(raw);
    if (fast) {
      events.push(fast);
      continue;
    }
    const parsed = auditEventWireSchema.safeParse(raw);
    if (parsed.success) {
      events.push(parsed.data);
    } else {
      malformed++;
      const id = (raw as { event_id?: unknown } | null)?.event_id;
      log.warn('malformed audit event skipped', { path, eventId: typeof id === 'string' ? id.slice(0, 64) : undefined, issues: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`) });
    }
  }
  return { events, pagination: envelope.data.pagination, malformed };
}

/** GET /api/v1/audit/events: one page, newest first. */
export async function queryAuditEvents(identity: RequestIdentity, query: DsAuditQuery, options: DsCallOptions = {}): Promise<DsAuditPage> {
  const res = await dsFetch(identity, { path: '/api/v1/audit/events', query: toSearchParams(query), signal: options.signal, timeoutMs: options.timeoutMs });
  return { ...parseAuditPage(res.body), durationMs: res.durationMs };
}

export interface CollectOptions extends DsCallOptions {
  /** Most events to return; the newest are kept when there are more. */
  cap: number;
  /** Events per request, at most 1000 (Data Storage's limit). */
  pageSize?: number;
  /** Page requests in flight at once. */
  concurrency?: number;
  /** Pages after the first to ask for before the total is known (default 0). */
  speculate?: number;
  /**
   * Called with each page's events as it arrives (any order; `offset` tells where it
   * belongs), so callers can convert pages while the others are still in flight.
   */
  onPage?: (events: readonly AuditEventWire[], offset: number) => void;
}

export interface CollectedEvents {
  /** Newest first, as Data Storage orders them, de-duplicated by event_id. */
  events: AuditEventWire[];
  total: number;
  truncated: boolean;
  malformed: number;
  pages: number;
}

/**
 * Fetches every event matching `query` up to `cap`: the first page tells the total, the
 * remaining pages are fetched concurrently with offset paging. With `speculate`, that
 * many pages after the first are asked for alongside it, before the total is known: a
 * large result saves a round trip, a small one costs one cheap empty query. Events
 * written while paging shift the newest-first order, so overlaps are removed by event_id.
 */
export async function collectAuditEvents(identity: RequestIdentity, query: Omit<DsAuditQuery, 'limit' | 'offset'>, options: CollectOptions): Promise<CollectedEvents> {
  const pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const fetchPage = (offset: number) => queryAuditEvents(identity, { ...query, limit: Math.min(pageSize, options.cap - offset), offset }, options);

  const early = new Map<number, Promise<DsAuditPage>>();
  for (let i = 1; i <= (options.speculate ?? 0) && i * pageSize < options.cap; i++) {
    const page = fetchPage(i * pageSize);
    // Not awaited when the total shows it was not needed (or the first page failed).
    page.catch(() => undefined);
    early.set(i * pageSize, page);
  }
  const first = await fetchPage(0);
  options.onPage?.(first.events, 0);
  const total = first.pagination.total;
  const wanted = Math.min(total, options.cap);
  const offsets: number[] = [];
  for (let offset = first.events.length + first.malformed; offset < wanted; offset += pageSize) offsets.push(offset);

  const pages: DsAuditPage[] = new Array(offsets.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < offsets.length) {
      const index = next++;
      const offset = offsets[index]!;
      const page = await (early.get(offset) ?? fetchPage(offset));
      pages[index] = page;
      options.onPage?.(page.events, offset);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, offsets.length) }, worker));

  const seen = new Set<string>();
  const events: AuditEventWire[] = [];
  let malformed = 0;
  for (const page of [first, ...pages]) {
    malformed += page.malformed;
    for (const event of page.events) {
      if (seen.has(event.event_id)) continue;
      seen.add(event.event_id);
      events.push(event);
    }
  }
  return { events: events.slice(0, options.cap), total, truncated: total > options.cap, malformed, pages: offsets.length + 1 };
}

/**
 * GET /api/v1/audit/export for one correlation (oldest events first, up to
 * MAX_EXPORT_EVENTS): Data Storage recomputes every exported event's hash and signs the
 * export. It is a read (the `get` tier), so Flightdeck's read-only identity may call it,
 * unlike verify-chain.
 */
export async function exportAuditVerification(identity: RequestIdentity, correlationId: string, options: DsCallOptions = {}): Promise<AuditExportVerification> {
  const query = new URLSearchParams({ correlation_id: correlationId, limit: String(MAX_EXPORT_EVENTS) });
  const res = await dsFetch(identity, { path: '/api/v1/audit/export', query, signal: options.signal, timeoutMs: options.timeoutMs });
  const parsed = auditExportVerificationSchema.safeParse(res.body);
  if (!parsed.success) {
    throw new AppError('upstream:datastorage', 'Data Storage returned an audit export Flightdeck cannot read.', { cause: new Error(z.prettifyError(parsed.error)) });
  }
  return parsed.data;
}

/**
 * POST /api/v1/audit/verify-chain. Data Storage guards it with the `create` verb (the
 * write tier), so a read-only identity gets 403: callers show that as "not available".
 */
export async function verifyAuditChain(identity: RequestIdentity, correlationId: string, options: DsCallOptions = {}): Promise<VerifyChainWire> {
  // A read, despite POST: safe to retry.
  const res = await dsFetch(identity, { method: 'POST', path: '/api/v1/audit/verify-chain', body: { correlation_id: correlationId }, retries: 1, signal: options.signal, timeoutMs: options.timeoutMs });
  const parsed = verifyChainWireSchema.safeParse(res.body);
  if (!parsed.success) {
    throw new AppError('upstream:datastorage', 'Data Storage returned a verification result Flightdeck cannot read.', { cause: new Error(z.prettifyError(parsed.error)) });
  }
  return parsed.data;
}
