/**
 * What audit conformance and the failure drill-down answer, as the API sends it to the
 * browser: WorkflowExecution lifecycle event types, per-execution conformance results and
 * the CRD-versus-audit failure comparison. Types only (plus the event-type constants);
 * the evaluation lives in lib/audit/conformance.ts and lib/audit/failure.ts.
 */

/** The lifecycle audit events of a WorkflowExecution (Kubernaut v1.5.7). */
export const WFE_EVENT = {
  selection: 'workflowexecution.selection.completed',
  started: 'workflowexecution.execution.started',
  completed: 'workflowexecution.workflow.completed',
  failed: 'workflowexecution.workflow.failed',
} as const;
export type WfeLifecycleType = (typeof WFE_EVENT)[keyof typeof WFE_EVENT];

export type ExpectationState = 'ok' | 'duplicate' | 'pending' | 'missing' | 'unexpected' | 'not-expected';

export interface Expectation {
  type: WfeLifecycleType;
  /** Whether the phase requires the event (`false`: allowed at most once). */
  required: boolean;
  state: ExpectationState;
  count: number;
  eventIds: string[];
  /** The CRD moment the event belongs to, and its label. */
  reference: { label: string; at: string | null };
  /** First event's timestamp minus the reference time; null when either is unknown. */
  lagMs: number | null;
}

export interface FieldIssue {
  eventId: string;
  type: string;
  missing: string[];
  /** `phase` present but empty. */
  emptyPhase: boolean;
  /** Payload phase of a terminal event that differs from the CRD's phase. */
  phaseMismatch: { expected: string; actual: string } | null;
}

export type ConformanceStatus = 'ok' | 'issues' | 'pending' | 'unknown';

export interface ConformanceResult {
  status: ConformanceStatus;
  phase: string;
  graceMs: number;
  checkedAt: string;
  expectations: Expectation[];
  fieldIssues: FieldIssue[];
  /** One line per problem, for tooltips and lists. */
  problems: string[];
}

/** A compact form for list rows. */
export interface ConformanceSummary {
  status: ConformanceStatus;
  problems: string[];
  duplicates: number;
  missing: number;
}

/** status.failureDetails of a WorkflowExecution, as the comparison reads it. */
export interface CrdFailure {
  reason: string | null;
  message: string | null;
  failedTaskName: string | null;
  failedTaskIndex: number | null;
  failedStepName: string | null;
  exitCode: number | null;
  failedAt: string | null;
  naturalLanguageSummary: string | null;
  wasExecutionFailure: boolean | null;
  executionTimeBeforeFailure: string | null;
}

export interface ComparisonRow {
  field: string;
  label: string;
  crd: string | null;
  audit: string | null;
  /** null when there is nothing to compare (no event, or no CRD value to derive from). */
  agree: boolean | null;
}

export interface FailureComparison {
  phase: string;
  crd: CrdFailure | null;
  event: { id: string; timestamp: string; data: Record<string, unknown> } | null;
  /** How many workflow.failed events the execution has. */
  eventCount: number;
  rows: ComparisonRow[];
  disagreements: string[];
}
