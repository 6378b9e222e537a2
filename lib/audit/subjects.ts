/**
 * Adapters from the executions feature's DTOs (lib/schemas/executions) to what the audit
 * checks read, so conformance and the failure drill-down work from the executions cache
 * without a second Kubernetes read. Pure.
 */
import type { ExecutionDetail, ExecutionSummary } from '../schemas/executions';
import type { ConformanceSubject } from './conformance';
import type { CrdFailure } from './failure';

/** Full subject from an execution's detail (conditions, executionRef, failure time). */
export function subjectFromDetail(d: ExecutionDetail): ConformanceSubject {
  const created = d.conditions.find((c) => c.type === 'ExecutionCreated');
  const executionCreatedAt = created?.status === 'True' ? (created.lastTransitionTime ?? null) : null;
  return {
    namespace: d.summary.namespace,
    name: d.summary.name,
    correlationId: d.spec.remediationRequestRef?.name ?? d.summary.remediation?.name ?? null,
    phase: d.status.rawPhase,
    createdAt: d.summary.createdAt,
    startTime: d.status.startTime ?? null,
    completionTime: d.status.completionTime ?? null,
    executionCreatedAt,
    executionStarted: Boolean(d.status.executionRef || executionCreatedAt || d.status.startTime),
    failedAt: d.failureDetails?.failedAt ?? null,
  };
}

/**
 * Subject from a list row. Rows do not carry conditions or executionRef, so "execution
 * started" is read from startTime, which the controller sets when the PipelineRun/Job runs.
 */
export function subjectFromSummary(s: ExecutionSummary): ConformanceSubject {
  return {
    namespace: s.namespace,
    name: s.name,
    correlationId: s.remediation?.name ?? null,
    phase: s.rawPhase,
    createdAt: s.createdAt,
    startTime: s.startTime ?? null,
    completionTime: s.completionTime ?? null,
    executionCreatedAt: null,
    executionStarted: Boolean(s.startTime),
    failedAt: null,
  };
}

/** The CRD side of the failure drill-down. */
export function crdFailureFromDetail(d: ExecutionDetail): CrdFailure | null {
  const f = d.failureDetails;
  if (!f) return null;
  return {
    reason: f.reason || null,
    message: f.message ?? null,
    failedTaskName: f.failedTaskName ?? null,
    failedTaskIndex: f.failedTaskIndex ?? null,
    failedStepName: f.failedStepName ?? null,
    exitCode: f.exitCode ?? null,
    failedAt: f.failedAt ?? null,
    naturalLanguageSummary: f.naturalLanguageSummary ?? null,
    wasExecutionFailure: f.wasExecutionFailure ?? null,
    executionTimeBeforeFailure: f.executionTimeBeforeFailure ?? null,
  };
}
