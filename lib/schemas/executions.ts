/**
 * Executions: DTOs, query and URL schemas and live-event shapes shared by the server
 * (lib/executions, route handlers) and the browser (hooks, components). No server-only
 * imports here.
 */
import { z } from 'zod';
import { CONFORMANCE_FILTERS, type ConformanceFilter } from './audit';
import { DNS1123_LABEL, namespaceSchema, objectNameSchema } from './names';

// ---------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------

/** Phases of a WorkflowExecution in lifecycle order (an empty phase means Pending). */
export const EXECUTION_PHASES = ['Pending', 'Running', 'Completed', 'Failed'] as const;
export type ExecutionPhase = (typeof EXECUTION_PHASES)[number];

/** Phase shown for rows whose object failed validation or carries a phase we do not know. */
export const UNKNOWN_PHASE = 'Unknown' as const;
export type DisplayPhase = ExecutionPhase | typeof UNKNOWN_PHASE;
export const DISPLAY_PHASES = [...EXECUTION_PHASES, UNKNOWN_PHASE] as const satisfies readonly DisplayPhase[];

export function isExecutionPhase(value: string): value is ExecutionPhase {
  return (EXECUTION_PHASES as readonly string[]).includes(value);
}

/** Normalises a raw `.status.phase` into a phase we render. */
export function displayPhase(raw: string | undefined | null): DisplayPhase {
  if (!raw) return 'Pending';
  return isExecutionPhase(raw) ? raw : UNKNOWN_PHASE;
}

export const FAILURE_REASONS = [
  'OOMKilled',
  'DeadlineExceeded',
  'Forbidden',
  'ResourceExhausted',
  'ConfigurationError',
  'ImagePullBackOff',
  'TaskFailed',
  'UnsupportedEngine',
  'Unknown',
  'Deduplicated',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export const CLEAR_METHODS = ['Annotation', 'APIEndpoint', 'StatusField'] as const;

export const RR_PHASES = [
  'Pending',
  'Processing',
  'Analyzing',
  'AwaitingApproval',
  'Executing',
  'Verifying',
  'Blocked',
  'Completed',
  'Failed',
  'TimedOut',
  'Skipped',
  'Cancelled',
] as const;
export type RemediationPhase = (typeof RR_PHASES)[number];

// ---------------------------------------------------------------------------------
// List row
// ---------------------------------------------------------------------------------

/** The remediation a WorkflowExecution belongs to, as much as the RemediationRequest tells. */
export interface RemediationSummary {
  namespace: string;
  name: string;
  /** Absent when the RemediationRequest is not (or no longer) in the cache. */
  found: boolean;
  signalName?: string;
  severity?: string;
  overallPhase?: string;
  outcome?: string;
}

/** One row of the executions list: the printer columns plus what filters need. */
export interface ExecutionSummary {
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  phase: DisplayPhase;
  /** The phase string exactly as the object has it (may be a newer Kubernaut value). */
  rawPhase: string;
  workflowId: string;
  workflowVersion: string;
  targetResource: string;
  createdAt: string;
  startTime?: string;
  completionTime?: string;
  /** From `.status.duration` when present, else completion − start; absent while running. */
  durationMs?: number;
  /** `.status.duration` as written by the controller. */
  durationText?: string;
  /** Reason of the Ready condition (the CRD's Reason printer column). */
  reason?: string;
  failureReason?: string;
  deduplicatedBy?: string;
  blockCleared?: boolean;
  remediation?: RemediationSummary;
  /** Set when the object failed validation; the other fields are best effort. */
  invalid?: { reason: string };
}

export interface NamespaceStatus {
  /** A namespace name, or '*' for a cluster-wide watch. */
  namespace: string;
  /** The resource this status is about (workflowexecutions, remediationrequests, pipelineruns, taskruns). */
  resource: string;
  status: 'ok' | 'forbidden' | 'error' | 'syncing';
  message?: string;
}

export type PhaseCounts = Record<DisplayPhase, number>;

export function emptyCounts(): PhaseCounts {
  return { Pending: 0, Running: 0, Completed: 0, Failed: 0, Unknown: 0 };
}

export interface ExecutionListResponse {
  items: ExecutionSummary[];
  /** Opaque cursor for the next page; null on the last page. */
  nextCursor: string | null;
  /** Rows that match the filter (all pages). */
  total: number;
  counts: PhaseCounts;
  namespaces: NamespaceStatus[];
  /** Live-event sequence number the snapshot includes; events at or below it are already applied. */
  seq: number;
  /** The live stream's process epoch, so a client can tell a restarted server. */
  epoch: string;
  /** True until the first full list of every watched namespace finished. */
  syncing: boolean;
}

// ---------------------------------------------------------------------------------
// Query (shared by the API, the page URL and the stream subscription)
// ---------------------------------------------------------------------------------

export const SORT_FIELDS = ['created', 'started', 'duration', 'phase', 'name'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = 50;

/** Accepts `a,b` and repeated keys alike; empty strings are dropped. */
const stringList = <T extends string>(isItem: (s: string) => s is T, expected: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))
    // Checked as a whole so an error names the parameter, not one element of it.
    .refine((list) => list.length <= 50, 'at most 50 values')
    .refine((list) => list.every((s) => isItem(s)), expected)
    .transform((list) => list as T[]);

const optionalText = z
  .string()
  .max(253, 'at most 253 characters')
  .transform((s) => s.trim() || undefined)
  .optional();

const isoTime = z
  .string()
  .refine((s) => s === '' || (/^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s))), 'must be an ISO 8601 date-time')
  .transform((s) => (s ? new Date(s).toISOString() : undefined))
  .optional();

/** `true`/`false` in a URL, a boolean in a subscription body; only `true` filters. */
const flag = z
  .union([z.boolean(), z.enum(['true', 'false'], 'must be true or false')])
  .transform((v) => (v === true || v === 'true' ? true : undefined))
  .optional();

/** Filter fields (no paging): also the body of a live `executions` subscription. */
export const executionFilterSchema = z.object({
  namespace: stringList((s): s is string => DNS1123_LABEL.test(s), 'each namespace must be a DNS-1123 label').optional(),
  phase: stringList((s): s is DisplayPhase => (DISPLAY_PHASES as readonly string[]).includes(s), `each phase must be one of ${DISPLAY_PHASES.join(', ')}`).optional(),
  workflow: optionalText,
  target: optionalText,
  reason: optionalText,
  rr: optionalText,
  /** Part of the execution's name (names are lower-case DNS-1123; matched case-insensitively). */
  name: optionalText,
  q: optionalText,
  createdAfter: isoTime,
  createdBefore: isoTime,
  finishedAfter: isoTime,
  finishedBefore: isoTime,
  /**
   * Only failed executions that block their target until a person clears the block
   * (an execution failure without `status.blockClearance`; the overview's blocked targets).
   */
  blocked: flag,
  /** Audit conformance (the audit feature filters on it: lib/audit/list-filter). */
  audit: stringList((s): s is ConformanceFilter => (CONFORMANCE_FILTERS as readonly string[]).includes(s), `each audit status must be one of ${CONFORMANCE_FILTERS.join(', ')}`).optional(),
});
export type ExecutionFilter = z.infer<typeof executionFilterSchema>;

export const executionSortSchema = z.object({
  sort: z.enum(SORT_FIELDS).default('created'),
  order: z.enum(SORT_ORDERS).default('desc'),
});

export const executionListQuerySchema = executionFilterSchema.extend({
  ...executionSortSchema.shape,
  limit: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`)
    .default(DEFAULT_LIMIT),
  cursor: z.string().max(1000, 'too long').regex(/^[A-Za-z0-9_-]*$/, 'must be a cursor returned by this API').optional(),
});
export type ExecutionListQuery = z.infer<typeof executionListQuerySchema>;

/** The fields the list page keeps in its URL (filter + sort, never the cursor). */
export const executionsUrlStateSchema = executionFilterSchema.extend(executionSortSchema.shape);
export type ExecutionsUrlState = z.infer<typeof executionsUrlStateSchema>;

/**
 * Parses a URLSearchParams-like record into the URL state, dropping invalid values
 * instead of failing (a hand-edited link still opens the page).
 */
export function parseUrlState(raw: Record<string, string | string[] | undefined>): ExecutionsUrlState {
  const cleaned: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(raw)) if (value !== undefined) cleaned[key] = value;
  const full = executionsUrlStateSchema.safeParse(cleaned);
  if (full.success) return full.data;
  const state: Record<string, unknown> = {};
  const shape = executionsUrlStateSchema.shape as Record<string, z.ZodType>;
  for (const [key, schema] of Object.entries(shape)) {
    const one = schema.safeParse(cleaned[key]);
    if (one.success && one.data !== undefined) state[key] = one.data;
  }
  return executionsUrlStateSchema.parse(state);
}

/** Serialises URL state to search params in a stable order (defaults are left out). */
export function urlStateToSearchParams(state: Partial<ExecutionsUrlState>): URLSearchParams {
  const params = new URLSearchParams();
  const listKeys = ['namespace', 'phase', 'audit'] as const;
  for (const key of listKeys) {
    const values = state[key];
    if (values && values.length) params.set(key, values.join(','));
  }
  const textKeys = ['workflow', 'target', 'reason', 'rr', 'name', 'q', 'createdAfter', 'createdBefore', 'finishedAfter', 'finishedBefore'] as const;
  for (const key of textKeys) {
    const value = state[key];
    if (value) params.set(key, value);
  }
  if (state.blocked) params.set('blocked', 'true');
  if (state.sort && state.sort !== 'created') params.set('sort', state.sort);
  if (state.order && state.order !== 'desc') params.set('order', state.order);
  return params;
}

export const executionParamsSchema = z.object({
  namespace: namespaceSchema,
  name: objectNameSchema,
});

// ---------------------------------------------------------------------------------
// Outcomes over time (chart)
// ---------------------------------------------------------------------------------

export interface OutcomeBucket {
  /** Bucket start (ISO). */
  start: string;
  Pending: number;
  Running: number;
  Completed: number;
  Failed: number;
  Unknown: number;
}

export interface OutcomesResponse {
  bucketMs: number;
  buckets: OutcomeBucket[];
  seq: number;
}

// ---------------------------------------------------------------------------------
// Detail
// ---------------------------------------------------------------------------------

export interface ConditionDto {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface FailureDetailsDto {
  reason: string;
  failedTaskIndex?: number;
  failedTaskName?: string;
  failedStepName?: string;
  message?: string;
  exitCode?: number;
  failedAt?: string;
  executionTimeBeforeFailure?: string;
  naturalLanguageSummary?: string;
  wasExecutionFailure?: boolean;
}

export interface BlockClearanceDto {
  clearedAt?: string;
  clearedBy: string;
  clearReason: string;
  clearMethod: string;
}

export interface StepDto {
  name: string;
  state: 'waiting' | 'running' | 'terminated' | 'unknown';
  exitCode?: number;
  reason?: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface TaskRunDto {
  name: string;
  /** The PipelineRun task this TaskRun runs. */
  pipelineTask?: string;
  status: 'Succeeded' | 'Failed' | 'Running' | 'Pending' | 'Unknown';
  reason?: string;
  message?: string;
  startTime?: string;
  completionTime?: string;
  steps: StepDto[];
}

export interface WorkloadDto {
  kind: 'PipelineRun' | 'Job';
  namespace: string;
  name: string;
  /** False when it could not be read (not found, no permission, CRDs absent). */
  found: boolean;
  message?: string;
  status?: 'Succeeded' | 'Failed' | 'Running' | 'Pending' | 'Unknown';
  reason?: string;
  startTime?: string;
  completionTime?: string;
  completedTasks?: number;
  totalTasks?: number;
  failedTask?: string;
  failedStep?: string;
  taskRuns: TaskRunDto[];
}

export interface ExecutionDetail {
  summary: ExecutionSummary;
  spec: {
    workflowRef: {
      workflowId: string;
      version: string;
      executionBundle?: string;
      executionBundleDigest?: string;
      workflowName?: string;
      actionType?: string;
    };
    targetResource: string;
    /** Secret-looking keys hold '[redacted]'. */
    parameters: Record<string, string>;
    confidence?: number;
    rationale?: string;
    timeout?: string;
    timesOutAt?: string;
    clusterID?: string;
    remediationRequestRef?: { namespace?: string; name?: string; uid?: string };
  };
  status: {
    phase: DisplayPhase;
    rawPhase: string;
    startTime?: string;
    completionTime?: string;
    duration?: string;
    executionRef?: string;
    executionEngine?: string;
    serviceAccountName?: string;
    executionStatus?: {
      status: string;
      reason?: string;
      message?: string;
      completedTasks?: number;
      totalTasks?: number;
      retryCount?: number;
    };
    failureReason?: string;
    observedGeneration?: number;
  };
  conditions: ConditionDto[];
  failureDetails?: FailureDetailsDto;
  blockClearance?: BlockClearanceDto;
  deduplicatedBy?: string;
  remediation?: RemediationSummary;
  workload?: WorkloadDto;
  /** The object as YAML, managedFields stripped, secret-looking parameters redacted. */
  yaml: string;
  /** Live-event sequence number this detail includes. */
  seq: number;
  epoch: string;
}

