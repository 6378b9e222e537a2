/**
 * Failure drill-down: the WorkflowExecution's status.failureDetails beside the payload
 * of its `workflowexecution.workflow.failed` event, field by field, flagging where they
 * disagree. The expected audit values follow recordFailureAuditWithDetails in
 * pkg/workflowexecution/audit/manager.go (Kubernaut v1.5.7). Pure.
 */
import { WFE_EVENT, type ComparisonRow, type CrdFailure, type FailureComparison } from '../schemas/conformance';
import type { ConformanceEvent } from './conformance';
import { isRecord } from './payloads';

export type { ComparisonRow, CrdFailure, FailureComparison };

function s(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}
function n(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Reads status.failureDetails from a WorkflowExecution object; null when absent. */
export function crdFailureOf(obj: unknown): CrdFailure | null {
  const status = isRecord(obj) && isRecord(obj.status) ? obj.status : {};
  const f = isRecord(status.failureDetails) ? status.failureDetails : null;
  if (!f) return null;
  return {
    reason: s(f.reason),
    message: s(f.message),
    failedTaskName: s(f.failedTaskName),
    failedTaskIndex: n(f.failedTaskIndex),
    failedStepName: s(f.failedStepName),
    exitCode: n(f.exitCode),
    failedAt: s(f.failedAt),
    naturalLanguageSummary: s(f.naturalLanguageSummary),
    // `omitempty` in Kubernaut v1.5.7: the controller never writes false.
    wasExecutionFailure: typeof f.wasExecutionFailure === 'boolean' ? f.wasExecutionFailure : false,
    executionTimeBeforeFailure: s(f.executionTimeBeforeFailure),
  };
}

/** The error_details the controller derives from failureDetails. */
export function expectedErrorDetails(crd: CrdFailure | null): { code: string; retryPossible: boolean; message: string } {
  if (!crd) return { code: 'ERR_PIPELINE_FAILED', retryPossible: true, message: 'Workflow execution failed with unknown error' };
  let message = `Pipeline failed at task '${crd.failedTaskName ?? ''}'`;
  if (crd.failedStepName) message += ` step '${crd.failedStepName}'`;
  if (crd.message) message += `: ${crd.message}`;
  switch (crd.reason) {
    case 'ConfigurationError':
    case 'Forbidden':
      return { code: 'ERR_WORKFLOW_NOT_FOUND', retryPossible: false, message };
    case 'ImagePullBackOff':
      return { code: 'ERR_IMAGE_PULL', retryPossible: true, message };
    case 'TaskFailed':
      return { code: 'ERR_PIPELINE_FAILED', retryPossible: !crd.wasExecutionFailure, message };
    default:
      return { code: 'ERR_PIPELINE_FAILED', retryPossible: true, message };
  }
}

function fmt(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Compares the CRD's failure with the (first) workflow.failed event of the execution.
 * @param failedEvents the execution's workflow.failed events (see eventsOfExecution)
 */
export function compareFailure(phase: string, crd: CrdFailure | null, failedEvents: readonly ConformanceEvent[]): FailureComparison {
  const events = failedEvents.filter((e) => e.type === WFE_EVENT.failed).sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  const first = events[0];
  const data = first?.data ?? null;
  const details = data && isRecord(data.error_details) ? data.error_details : null;
  const expected = expectedErrorDetails(crd);
  const has = data !== null;

  const row = (field: string, label: string, crdValue: string | null, auditValue: unknown, compare = true): ComparisonRow => {
    const audit = fmt(auditValue);
    return { field, label, crd: crdValue, audit, agree: has && compare ? (crdValue ?? null) === (audit ?? null) : null };
  };

  const rows: ComparisonRow[] = [
    row('failure_reason', 'Reason', crd?.reason ?? null, data?.failure_reason),
    row('failure_message', 'Message', crd?.message ?? null, data?.failure_message),
    row('failed_task_name', 'Failed task', crd?.failedTaskName ?? null, data?.failed_task_name),
    row('phase', 'Phase', phase || null, data?.phase),
    row('error_details.code', 'Error code (derived)', expected.code, details?.code),
    row('error_details.retry_possible', 'Retry possible (derived)', String(expected.retryPossible), details?.retry_possible),
    row('error_details.component', 'Component', 'workflowexecution', details?.component),
    row('error_details.message', 'Error message (derived)', expected.message, details?.message),
  ];

  const disagreements: string[] = [];
  if (phase !== 'Failed') disagreements.push(`The execution is ${phase || 'Pending'}, not Failed.`);
  if (!crd && phase === 'Failed') disagreements.push('The execution is Failed but has no status.failureDetails.');
  if (!first) disagreements.push('No workflowexecution.workflow.failed event was found for this execution.');
  for (const r of rows) if (r.agree === false) disagreements.push(`${r.label}: CRD says ${r.crd ?? '(absent)'}, audit says ${r.audit ?? '(absent)'}.`);
  if (events.length > 1) {
    const distinct = new Set(events.map((e) => JSON.stringify([e.data.failure_reason, e.data.failure_message, e.data.failed_task_name])));
    disagreements.push(
      distinct.size > 1
        ? `${events.length} workflow.failed events with ${distinct.size} different failure payloads.`
        : `workflow.failed was emitted ${events.length} times (expected once).`,
    );
  }

  return {
    phase,
    crd,
    event: first ? { id: first.id, timestamp: first.timestamp, data: first.data } : null,
    eventCount: events.length,
    rows,
    disagreements,
  };
}
