/**
 * Audit conformance of one WorkflowExecution: are the lifecycle events its phase implies
 * present exactly once, with their required payload fields and a non-empty phase?
 *
 * What the WorkflowExecution controller of Kubernaut v1.5.7 emits
 * (internal/controller/workflowexecution, pkg/workflowexecution/audit/manager.go):
 * - `selection.completed` in Pending, after validation and before the PipelineRun/Job
 *   exists. A pre-execution failure (validation, unsupported engine) can come first, so
 *   it is only required once execution started.
 * - `execution.started` right after the PipelineRun/Job is created.
 * - `workflow.completed` or `workflow.failed` with the terminal phase.
 * Audit writes are buffered and asynchronous, so an absent event is `pending` until a
 * grace period after the CRD transition it belongs to has passed, and only then `missing`.
 *
 * Pure: shared by the server (API, list filter) and the browser (panel).
 */
import { WFE_EVENT, type ConformanceResult, type ConformanceStatus, type ConformanceSummary, type Expectation, type ExpectationState, type FieldIssue, type WfeLifecycleType } from '../schemas/conformance';
import { isRecord } from './payloads';

export { WFE_EVENT };
export type { ConformanceResult, ConformanceStatus, ConformanceSummary, Expectation, ExpectationState, FieldIssue, WfeLifecycleType };

/** Default grace: the audit client flushes every second or so; a minute leaves room for retries. */
export const DEFAULT_AUDIT_GRACE_MS = 60_000;

/** Fields every WorkflowExecutionAuditPayload must carry (the spec's `required`). */
export const WFE_REQUIRED_FIELDS = ['workflow_id', 'workflow_version', 'target_resource', 'phase', 'container_image', 'execution_name', 'event_type'] as const;

/** Fields the controller sets per event type on top of the common ones. */
export const WFE_TYPE_FIELDS: Record<WfeLifecycleType, readonly string[]> = {
  [WFE_EVENT.selection]: [],
  [WFE_EVENT.started]: ['pipelinerun_name'],
  [WFE_EVENT.completed]: ['started_at', 'completed_at'],
  [WFE_EVENT.failed]: ['failure_reason', 'failure_message', 'error_details'],
};

/** What conformance needs to know about a WorkflowExecution. */
export interface ConformanceSubject {
  namespace: string;
  name: string;
  /** spec.remediationRequestRef.name: the audit correlation id. */
  correlationId: string | null;
  /** status.phase; empty means Pending. */
  phase: string;
  createdAt: string | null;
  startTime: string | null;
  completionTime: string | null;
  /** ExecutionCreated=True transition, when the PipelineRun/Job was created. */
  executionCreatedAt: string | null;
  /** Whether a PipelineRun/Job was ever created (executionRef, ExecutionCreated=True or startTime). */
  executionStarted: boolean;
  failedAt: string | null;
}

/** Minimal event shape conformance reads (AuditEventView satisfies it). */
export interface ConformanceEvent {
  id: string;
  type: string;
  timestamp: string;
  correlationId: string;
  resource: { id: string | null };
  data: Record<string, unknown>;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

/**
 * Builds the subject from a WorkflowExecution object (raw Kubernetes JSON). Tolerates the
 * v1.6 shape and absent status.
 */
export function subjectFromWorkflowExecution(obj: unknown): ConformanceSubject {
  const o = isRecord(obj) ? obj : {};
  const metadata = isRecord(o.metadata) ? o.metadata : {};
  const spec = isRecord(o.spec) ? o.spec : {};
  const status = isRecord(o.status) ? o.status : {};
  const rrRef = isRecord(spec.remediationRequestRef) ? spec.remediationRequestRef : {};
  const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isRecord) : [];
  const created = conditions.find((c) => c.type === 'ExecutionCreated');
  const execRef = isRecord(status.executionRef) ? status.executionRef : null;
  const failure = isRecord(status.failureDetails) ? status.failureDetails : null;
  const executionCreatedAt = created?.status === 'True' ? str(created.lastTransitionTime) : null;
  return {
    namespace: str(metadata.namespace) ?? '',
    name: str(metadata.name) ?? '',
    correlationId: str(rrRef.name),
    phase: str(status.phase) ?? '',
    createdAt: str(metadata.creationTimestamp),
    startTime: str(status.startTime),
    completionTime: str(status.completionTime),
    executionCreatedAt,
    executionStarted: Boolean(str(execRef?.name) || executionCreatedAt || str(status.startTime)),
    failedAt: str(failure?.failedAt),
  };
}

/** Types that carry a WorkflowExecutionAuditPayload (`workflow.started` is in the enum but never emitted). */
const PAYLOAD_TYPES = new Set<string>([...Object.values(WFE_EVENT), 'workflowexecution.workflow.started']);

/** The events of one execution that carry its audit payload, matched by execution name. */
export function eventsOfExecution<E extends ConformanceEvent>(subject: ConformanceSubject, events: readonly E[]): E[] {
  return events.filter(
    (e) =>
      PAYLOAD_TYPES.has(e.type) &&
      (subject.correlationId === null || e.correlationId === subject.correlationId) &&
      (e.data.execution_name === subject.name || (e.data.execution_name === undefined && e.resource.id === subject.name)),
  );
}

function ms(iso: string | null): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
}

interface Rule {
  type: WfeLifecycleType;
  required: boolean;
  /** Present although the phase rules it out (e.g. workflow.completed on a Failed WFE). */
  forbidden: boolean;
  reference: { label: string; at: string | null };
}

function rules(s: ConformanceSubject): Rule[] {
  const phase = s.phase || 'Pending';
  const ran = phase === 'Running' || phase === 'Completed' || (phase === 'Failed' && s.executionStarted);
  const startedAt = s.executionCreatedAt ?? s.startTime;
  return [
    { type: WFE_EVENT.selection, required: ran, forbidden: false, reference: { label: 'execution created', at: startedAt ?? s.createdAt } },
    { type: WFE_EVENT.started, required: ran, forbidden: false, reference: { label: 'execution created', at: startedAt } },
    { type: WFE_EVENT.completed, required: phase === 'Completed', forbidden: phase === 'Failed', reference: { label: 'completed', at: s.completionTime } },
    {
      type: WFE_EVENT.failed,
      required: phase === 'Failed',
      forbidden: phase === 'Completed',
      reference: { label: 'failed', at: s.failedAt ?? s.completionTime },
    },
  ];
}

/**
 * Checks one execution's audit trail.
 * @param events events of its correlation (others are ignored), any order
 * @param now epoch ms used for the grace period
 */
export function evaluateConformance(subject: ConformanceSubject, events: readonly ConformanceEvent[], now: number, graceMs = DEFAULT_AUDIT_GRACE_MS): ConformanceResult {
  const own = eventsOfExecution(subject, events).sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  const phase = subject.phase || 'Pending';
  const problems: string[] = [];
  const expectations: Expectation[] = rules(subject).map((rule) => {
    const matching = own.filter((e) => e.type === rule.type);
    const count = matching.length;
    const refMs = ms(rule.reference.at);
    const firstMs = matching[0] ? ms(matching[0].timestamp) : null;
    const lagMs = refMs !== null && firstMs !== null ? firstMs - refMs : null;
    let state: ExpectationState;
    if (count > 0 && rule.forbidden) state = 'unexpected';
    else if (count > 1) state = 'duplicate';
    else if (count === 1) state = 'ok';
    else if (!rule.required) state = 'not-expected';
    else {
      const since = refMs ?? ms(subject.createdAt);
      state = since !== null && now - since < graceMs ? 'pending' : 'missing';
    }
    if (state === 'unexpected') problems.push(`${rule.type} must not exist in phase ${phase} (found ${count})`);
    if (state === 'duplicate') problems.push(`${rule.type} emitted ${count} times (expected once)`);
    if (state === 'missing') problems.push(`${rule.type} missing (expected in phase ${phase})`);
    return { type: rule.type, required: rule.required, state, count, eventIds: matching.map((e) => e.id), reference: rule.reference, lagMs };
  });

  const fieldIssues: FieldIssue[] = [];
  for (const e of own) {
    const extra = (WFE_TYPE_FIELDS as Record<string, readonly string[] | undefined>)[e.type] ?? [];
    const missing = [...WFE_REQUIRED_FIELDS, ...extra].filter((f) => e.data[f] === undefined || e.data[f] === null);
    const emptyPhase = e.data.phase === '' || (typeof e.data.phase === 'string' && e.data.phase.trim() === '');
    let phaseMismatch: FieldIssue['phaseMismatch'] = null;
    const terminalPhase = e.type === WFE_EVENT.completed ? 'Completed' : e.type === WFE_EVENT.failed ? 'Failed' : null;
    if (terminalPhase && typeof e.data.phase === 'string' && e.data.phase && e.data.phase !== terminalPhase) {
      phaseMismatch = { expected: terminalPhase, actual: e.data.phase };
    }
    if (missing.length || emptyPhase || phaseMismatch) {
      fieldIssues.push({ eventId: e.id, type: e.type, missing, emptyPhase, phaseMismatch });
      if (missing.length) problems.push(`${e.type} lacks ${missing.join(', ')}`);
      if (emptyPhase) problems.push(`${e.type} has an empty phase`);
      if (phaseMismatch) problems.push(`${e.type} carries phase ${phaseMismatch.actual}, expected ${phaseMismatch.expected}`);
    }
  }

  const pending = expectations.some((x) => x.state === 'pending');
  const status: ConformanceStatus = problems.length ? 'issues' : pending ? 'pending' : 'ok';
  return { status, phase, graceMs, checkedAt: new Date(now).toISOString(), expectations, fieldIssues, problems: [...new Set(problems)] };
}

/** Condenses a result for a list row. */
export function summarizeConformance(result: ConformanceResult): ConformanceSummary {
  return {
    status: result.status,
    problems: result.problems,
    duplicates: result.expectations.filter((x) => x.state === 'duplicate').length,
    missing: result.expectations.filter((x) => x.state === 'missing').length,
  };
}
