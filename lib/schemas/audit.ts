/**
 * Audit DTOs and the URL/query schemas shared by the server routes, the server pages and
 * the client components. Wire types (what Data Storage returns) stay in lib/datastorage;
 * these are the reshaped view types that cross the network to the browser.
 */
import { z } from 'zod';
import { NAMESPACED_NAME } from './names';
import type { ConformanceResult, ConformanceSummary, FailureComparison } from './conformance';

/** ADR-034 event categories of Kubernaut v1.5.7 (the `event_category` enum of the OpenAPI spec). */
export const AUDIT_CATEGORIES = [
  'gateway',
  'notification',
  'analysis',
  'aiagent',
  'signalprocessing',
  'workflow',
  'workflowexecution',
  'orchestration',
  'approval',
  'effectiveness',
  'actiontype',
  'apifrontend',
] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

export const AUDIT_OUTCOMES = ['success', 'failure', 'pending'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Relative ranges offered by the UI; Data Storage accepts any Go duration or `<n>d`. */
export const RELATIVE_RANGES = ['15m', '1h', '6h', '24h', '7d', '30d'] as const;

const RELATIVE = /^([1-9]\d{0,3})(m|h|d)$/;
/** `event_type` values are dotted lower-case identifiers (`workflowexecution.workflow.failed`). */
const EVENT_TYPE = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;
/** Categories of a newer Kubernaut are accepted: Data Storage filters on any string. */
const CATEGORY = /^[a-z][a-z0-9_]{0,49}$/;
/** Same rule as Data Storage's `detail_key` parameter. */
const DETAIL_KEY = /^[a-zA-Z0-9_]+$/;

/**
 * An audit event's id. Data Storage's OpenAPI declares `event_id` as `format: uuid`, so
 * an id is letters, digits and dashes (upper-case hex and a missing dash still pass, the
 * server decides); capped at 128 characters so a URL cannot carry an unbounded value.
 * The one rule for route params, query values and the correlation view's `?event=`.
 */
export const auditEventIdSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9-]+$/, 'must be an audit event id');

const isoInstant = z.iso.datetime({ offset: true, message: 'must be an RFC 3339 timestamp such as 2026-01-02T15:04:05Z' });

/** Upper bound of `offset` for the explorer: beyond it, narrow the filters instead. */
export const MAX_AUDIT_OFFSET = 1_000_000;
export const DEFAULT_AUDIT_PAGE_SIZE = 50;

/** True for a relative range such as `24h` or `7d`. */
export function isRelativeRange(value: string): boolean {
  return RELATIVE.test(value);
}

/** Milliseconds of a relative range (`15m`, `24h`, `7d`). */
export function relativeRangeMs(value: string): number {
  const m = RELATIVE.exec(value);
  if (!m) throw new Error(`not a relative range: ${value}`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .optional()
    .transform((v) => (v ? v : undefined));

/**
 * Filters of the audit explorer, used both for `/audit` search params and for
 * `GET /api/v1/audit/events`. They mirror Data Storage's query parameters, validated
 * here so a bad value is a 400 that names the field instead of an upstream error.
 */
export const auditFiltersSchema = z
  .object({
    category: optionalText(50).refine((v) => v === undefined || CATEGORY.test(v), 'must be a lower-case category such as workflowexecution'),
    type: optionalText(100).refine((v) => v === undefined || EVENT_TYPE.test(v), 'must be a dotted event type such as workflowexecution.workflow.failed'),
    outcome: z.enum(AUDIT_OUTCOMES, { message: 'must be one of success, failure, pending' }).optional(),
    severity: optionalText(50).refine((v) => v === undefined || /^[A-Za-z0-9_-]+$/.test(v), 'must be letters, digits, - or _'),
    correlationId: optionalText(255),
    since: optionalText(40).refine(
      (v) => v === undefined || RELATIVE.test(v) || isoInstant.safeParse(v).success,
      'must be a relative range such as 24h or 7d, or an RFC 3339 timestamp',
    ),
    until: optionalText(40).refine((v) => v === undefined || isoInstant.safeParse(v).success, 'must be an RFC 3339 timestamp'),
    detailKey: optionalText(100).refine((v) => v === undefined || DETAIL_KEY.test(v), 'must be letters, digits or underscores'),
    detailValue: optionalText(500),
    limit: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(DEFAULT_AUDIT_PAGE_SIZE),
    offset: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').max(MAX_AUDIT_OFFSET, `must be at most ${MAX_AUDIT_OFFSET}`).default(0),
  })
  .superRefine((f, ctx) => {
    if (f.detailKey && !f.detailValue) ctx.addIssue({ code: 'custom', path: ['detailValue'], message: 'is required with detailKey' });
    if (f.detailValue && !f.detailKey) ctx.addIssue({ code: 'custom', path: ['detailKey'], message: 'is required with detailValue' });
    if (f.until && f.since && !RELATIVE.test(f.since) && Date.parse(f.until) <= Date.parse(f.since)) {
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'must be after since' });
    }
  });

export type AuditFilters = z.infer<typeof auditFiltersSchema>;

/** Keys that make up the filter (everything but paging). */
export const AUDIT_FILTER_KEYS = ['category', 'type', 'outcome', 'severity', 'correlationId', 'since', 'until', 'detailKey', 'detailValue'] as const;

/** Serializes filters back to search params, leaving defaults out so URLs stay short. */
export function auditFiltersToSearchParams(filters: Partial<AuditFilters>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of AUDIT_FILTER_KEYS) {
    const value = filters[key];
    if (value) params.set(key, String(value));
  }
  if (filters.limit !== undefined && filters.limit !== DEFAULT_AUDIT_PAGE_SIZE) params.set('limit', String(filters.limit));
  if (filters.offset) params.set('offset', String(filters.offset));
  return params;
}

export interface AuditUrlState {
  filters: AuditFilters;
  /** The selected event's id. */
  event?: string;
  /** Parameters that were invalid and ignored, with why. */
  ignored: { param: string; message: string }[];
}


/**
 * Parses the `/audit` search params. A hand-edited link still opens the page: invalid
 * parameters are dropped and reported in `ignored` instead of failing.
 */
export function parseAuditUrlState(raw: Record<string, string | string[] | undefined> | URLSearchParams): AuditUrlState {
  const get = (key: string): string | undefined => {
    const v = raw instanceof URLSearchParams ? (raw.get(key) ?? undefined) : raw[key];
    return Array.isArray(v) ? v[0] : v;
  };
  const candidate: Record<string, string> = {};
  for (const key of [...AUDIT_FILTER_KEYS, 'limit', 'offset'] as const) {
    const v = get(key);
    if (v !== undefined && v !== '') candidate[key] = v;
  }
  const ignored: AuditUrlState['ignored'] = [];
  for (let attempt = 0; attempt < 12; attempt++) {
    const result = auditFiltersSchema.safeParse(candidate);
    if (result.success) {
      const event = auditEventIdSchema.safeParse(get('event'));
      return { filters: result.data, ...(event.success ? { event: event.data } : {}), ignored };
    }
    const issue = result.error.issues[0]!;
    const named = String(issue.path[0] ?? '');
    // "detailValue is required with detailKey" names the absent half: drop the present one.
    const partner: Record<string, string> = { detailKey: 'detailValue', detailValue: 'detailKey' };
    const param = named in candidate ? named : (partner[named] ?? '');
    if (!(param in candidate)) break;
    ignored.push({ param, message: named === param ? issue.message : `needs ${named}` });
    delete candidate[param];
  }
  return { filters: auditFiltersSchema.parse({}), ignored };
}

/**
 * Replaces a relative `since` with the absolute range it means at `now`, so a shared link
 * shows the same events tomorrow.
 */
export function freezeAuditFilters<T extends Partial<AuditFilters>>(filters: T, now: number): T {
  if (!filters.since || !RELATIVE.test(filters.since)) return filters;
  return {
    ...filters,
    since: new Date(now - relativeRangeMs(filters.since)).toISOString(),
    until: filters.until ?? new Date(now).toISOString(),
  };
}

// ---------------------------------------------------------------------------
// View types
// ---------------------------------------------------------------------------

/** Which typed schema decoded `event_data`; `generic` for anything else. */
export type PayloadSchemaName =
  | 'WorkflowExecutionAuditPayload'
  | 'WorkflowExecutionWebhookAuditPayload'
  | 'GatewayAuditPayload'
  | 'RemediationOrchestratorAuditPayload'
  | 'SignalProcessingAuditPayload'
  | 'AIAnalysisAuditPayload'
  | 'NotificationMessageSentPayload'
  | 'NotificationMessageFailedPayload'
  | 'EffectivenessAssessmentAuditPayload'
  | 'generic';

/** One audit event as the browser sees it. */
export interface AuditEventView {
  id: string;
  /** RFC 3339, as Data Storage returned it. */
  timestamp: string;
  type: string;
  /** The emitting service: the first segment of `type`. */
  service: string;
  category: string;
  action: string;
  outcome: string;
  severity: string | null;
  actor: { type: string | null; id: string | null };
  resource: { type: string | null; id: string | null; namespace: string | null };
  correlationId: string;
  parentEventId: string | null;
  durationMs: number | null;
  error: { code: string | null; message: string | null } | null;
  chain: { hash: string | null; previousHash: string | null };
  legalHold: { held: boolean; reason: string | null; placedBy: string | null; placedAt: string | null };
  version: string | null;
  /**
   * The schema `data` was decoded with, and why it fell back to `generic` if it did.
   * Explorer pages carry it; correlation views leave it out (thousands of events) and the
   * browser decodes the event it shows (lib/audit/payloads is shared).
   */
  payload?: { schema: PayloadSchemaName; issues: string[] };
  data: Record<string, unknown>;
}

/**
 * An event in a correlation's list: everything the timeline and list draw. The payload,
 * hash-chain fields and legal hold (most of an event's bytes) come with the event's
 * detail (`GET /api/v1/correlations/{id}/events/{eventId}`), read when it is selected.
 */
export type AuditEventSummary = Omit<AuditEventView, 'data' | 'chain' | 'legalHold' | 'payload'>;

export interface AuditPage {
  items: AuditEventView[];
  page: { limit: number; offset: number; total: number; hasMore: boolean };
  /** Events Data Storage returned that failed validation (logged on the server, left out). */
  malformed: number;
}

/** A WorkflowExecution of a correlation, reshaped from the Kubernetes object. */
export interface CorrelationExecution {
  namespace: string;
  name: string;
  phase: string;
  workflowId: string | null;
  targetResource: string | null;
  startTime: string | null;
  completionTime: string | null;
  failureReason: string | null;
}

export interface CorrelationRemediationRequest {
  namespace: string;
  name: string;
  overallPhase: string | null;
  outcome: string | null;
  signalName: string | null;
  severity: string | null;
  targetResource: string | null;
}

/** The Kubernetes side of a correlation, or why it could not be read. */
export type CorrelationKubernetes =
  | {
      available: true;
      executions: CorrelationExecution[];
      remediationRequest: CorrelationRemediationRequest | null;
      /** Set when part of the answer may be missing (a namespace Flightdeck cannot watch). */
      warning?: string;
    }
  | { available: false; reason: string; executions: []; remediationRequest: null };

export interface CorrelationView {
  correlationId: string;
  /** Oldest first. When truncated, the newest `cap` events. */
  events: AuditEventSummary[];
  /** The local check of the hash-chain links between the loaded events (lib/audit/chain). */
  chainLinks: ChainLinks;
  /** Events matching the correlation in Data Storage. */
  total: number;
  truncated: boolean;
  cap: number;
  malformed: number;
  kubernetes: CorrelationKubernetes;
  /**
   * The event asked for with `?event=` in full (null when the correlation has no such
   * event), so a shared link shows its event without a second round trip.
   */
  selected?: AuditEventView | null;
}

/** The local hash-chain link check of a correlation's loaded events (see lib/audit/chain). */
export interface ChainLinks {
  /** Events with a hash, walked oldest first. */
  checked: number;
  /** Events whose previous hash is their predecessor's hash (the first counts when it starts the chain). */
  linked: number;
  /** Events without a hash (written before hashing existed or by the DLQ path). */
  unhashed: number;
  /** True when the oldest loaded event points at an event that is not loaded (a truncated view). */
  startsMidChain: boolean;
  breaks: Array<{ eventId: string; expected: string; actual: string }>;
}

/**
 * Hash-chain verification as shown to the user: Data Storage recomputing the hashes,
 * through its signed export (a read) or verify-chain (which needs write access).
 */
export type ChainVerification =
  | {
      status: 'valid' | 'invalid';
      source: 'export' | 'verify-chain';
      /** The export's signature, when the export verified it. */
      signature: { algorithm: string | null; certificateFingerprint: string | null } | null;
      totalEvents: number;
      verifiedEvents: number;
      skippedNullHash: number;
      tampered: Array<{ eventId: string | null; timestamp: string | null; message: string | null }>;
      verifiedAt: string;
      message: string;
    }
  | { status: 'unavailable'; reason: string };

/** The audit side of one WorkflowExecution: its events, conformance and failure drill-down. */
export interface ExecutionAuditView {
  execution: { namespace: string; name: string; phase: string; correlationId: string | null };
  /** The execution's own workflowexecution.* events, oldest first. */
  events: AuditEventView[];
  conformance: ConformanceResult;
  /** Present when the execution failed. */
  failure: FailureComparison | null;
}

/** Conformance of list rows, keyed by `namespace/name`. */
export interface ConformanceBatch {
  items: Record<string, ConformanceSummary>;
  /** How old the audit index behind the answer is (ms); -1 when it could not be read. */
  indexAgeMs: number;
  /** Why every row is `unknown` (Data Storage unavailable). */
  unavailable?: string;
}

const executionRef = z
  .string()
  .regex(NAMESPACED_NAME, 'must be namespace/name')
  .max(317, 'is too long');

/** `GET /api/v1/audit/conformance?execution=ns/name&execution=...` */
export const conformanceQuerySchema = z.object({
  execution: z
    .union([executionRef, z.array(executionRef)])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.string()).min(1, 'needs at least one namespace/name').max(200, 'at most 200 executions per request')),
});

export const CONFORMANCE_FILTERS = ['ok', 'issues', 'pending', 'unknown'] as const;
export type ConformanceFilter = (typeof CONFORMANCE_FILTERS)[number];

/**
 * Correlation ids are RemediationRequest names in Kubernaut, but Data Storage stores any
 * string up to 255 characters; anything printable is accepted and only ever sent as an
 * encoded query value.
 */
export const correlationIdSchema = z
  .string()
  .min(1, 'is required')
  .max(255, 'must be at most 255 characters')
  .regex(/^[^\s\p{C}]+$/u, 'must not contain spaces or control characters');

/** Route params and query of one event of a correlation (its detail, read on selection). */
export const correlationEventParamsSchema = z.object({ id: correlationIdSchema, eventId: auditEventIdSchema });
/** `GET /api/v1/correlations/{id}`, with `?event=` when a link names an event (the page preloads this URL). */
export function correlationUrl(correlationId: string, event?: string): string {
  const base = `/api/v1/correlations/${encodeURIComponent(correlationId)}`;
  return event && auditEventIdSchema.safeParse(event).success ? `${base}?event=${encodeURIComponent(event)}` : base;
}

/** Query of `GET /api/v1/correlations/{id}`: the event to return in full beside the list. */
export const correlationQuerySchema = z.strictObject({ event: auditEventIdSchema.optional() });
export const correlationEventQuerySchema = z.strictObject({ at: isoInstant });

/** URL state of the correlation timeline: selected event and zoom window. */
export const correlationViewParamsSchema = z.object({
  event: auditEventIdSchema.optional().catch(undefined),
  from: isoInstant.optional().catch(undefined),
  to: isoInstant.optional().catch(undefined),
});
export type CorrelationViewParams = z.infer<typeof correlationViewParamsSchema>;

export const exportFormatSchema = z.object({
  format: z.enum(['json', 'csv'], { message: 'must be json or csv' }).default('json'),
});
