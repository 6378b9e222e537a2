/**
 * Builds the detail DTO of one WorkflowExecution: redacted spec, status, failure,
 * block clearance, the remediation and the PipelineRun/Job with its TaskRuns.
 */
import { stringify } from 'yaml';
import type {
  BlockClearanceDto,
  ConditionDto,
  ExecutionDetail,
  FailureDetailsDto,
  RemediationSummary,
  TaskRunDto,
  WorkloadDto,
} from '../schemas/executions';
import { wfeSchema, type WireWfeStatus } from '../k8s/objects';
import { toCachedExecution, type CachedPipelineRun } from './wire';

export const REDACTED = '[redacted]';

/** Parameter keys that may hold credentials (UPPER_SNAKE by convention, matched case-insensitively). */
const SECRET_KEY = /(TOKEN|PASSWORD|PASSWD|SECRET|KEY|CREDENTIAL|PRIVATE|AUTH|CERT)/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Copies a parameter map with the values of secret-looking keys replaced. */
export function redactParameters(params: Record<string, string> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params ?? {})) out[key] = isSecretKey(key) ? REDACTED : value;
  return out;
}

/**
 * The object as it may be shown: managedFields and the last-applied annotation (a copy
 * of the spec, parameters included) removed, parameters redacted.
 */
export function redactObject(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object') return raw;
  const copy = structuredClone(raw) as {
    metadata?: { managedFields?: unknown; annotations?: Record<string, string> };
    spec?: { parameters?: Record<string, string> };
  };
  if (copy.metadata) {
    delete copy.metadata.managedFields;
    if (copy.metadata.annotations) {
      for (const key of Object.keys(copy.metadata.annotations)) {
        if (key === 'kubectl.kubernetes.io/last-applied-configuration') copy.metadata.annotations[key] = REDACTED;
      }
    }
  }
  if (copy.spec?.parameters && typeof copy.spec.parameters === 'object') copy.spec.parameters = redactParameters(copy.spec.parameters);
  return copy;
}

export interface DetailInputs {
  /** The WorkflowExecution as read from the API. */
  raw: unknown;
  remediation?: RemediationSummary;
  workload?: WorkloadDto;
  seq: number;
  epoch: string;
}

/** Reshapes a WorkflowExecution (and what was found about it) into the detail DTO. */
export function buildDetail(input: DetailInputs): ExecutionDetail {
  const entry = toCachedExecution(input.raw);
  const parsed = wfeSchema.safeParse(input.raw);
  const yaml = stringify(redactObject(input.raw), { lineWidth: 0 });
  if (!entry) throw new Error('object has no identity');
  const summary = { ...entry.summary, ...(input.remediation ? { remediation: input.remediation } : {}) };
  if (!parsed.success) {
    return {
      summary,
      spec: { workflowRef: { workflowId: '', version: '' }, targetResource: '', parameters: {} },
      status: { phase: summary.phase, rawPhase: summary.rawPhase },
      conditions: [],
      yaml,
      seq: input.seq,
      epoch: input.epoch,
      ...(input.remediation ? { remediation: input.remediation } : {}),
    };
  }
  const o = parsed.data;
  const st: WireWfeStatus = o.status ?? {};
  const wr = o.spec.workflowRef;
  const fd = st.failureDetails;
  const failureDetails: FailureDetailsDto | undefined = fd
    ? {
        reason: fd.reason ?? 'Unknown',
        ...(fd.failedTaskIndex !== undefined ? { failedTaskIndex: fd.failedTaskIndex } : {}),
        ...(fd.failedTaskName ? { failedTaskName: fd.failedTaskName } : {}),
        ...(fd.failedStepName ? { failedStepName: fd.failedStepName } : {}),
        ...(fd.message ? { message: fd.message } : {}),
        ...(fd.exitCode !== undefined ? { exitCode: fd.exitCode } : {}),
        ...(fd.failedAt ? { failedAt: fd.failedAt } : {}),
        ...(fd.executionTimeBeforeFailure ? { executionTimeBeforeFailure: fd.executionTimeBeforeFailure } : {}),
        ...(fd.naturalLanguageSummary ? { naturalLanguageSummary: fd.naturalLanguageSummary } : {}),
        // Kubernaut v1.5.7 declares the field `omitempty`: an absent value is false.
        wasExecutionFailure: fd.wasExecutionFailure ?? false,
      }
    : undefined;
  const bc = st.blockClearance;
  const blockClearance: BlockClearanceDto | undefined =
    bc && bc.clearedBy
      ? {
          clearedBy: bc.clearedBy,
          clearReason: bc.clearReason ?? '',
          clearMethod: bc.clearMethod ?? 'Unknown',
          ...(bc.clearedAt ? { clearedAt: bc.clearedAt } : {}),
        }
      : undefined;
  const conditions: ConditionDto[] = (st.conditions ?? []).map((c) => ({
    type: c.type,
    status: c.status,
    ...(c.reason ? { reason: c.reason } : {}),
    ...(c.message ? { message: c.message } : {}),
    ...(c.lastTransitionTime ? { lastTransitionTime: c.lastTransitionTime } : {}),
  }));
  const es = st.executionStatus;
  const rrRef = o.spec.remediationRequestRef;
  return {
    summary,
    spec: {
      workflowRef: {
        workflowId: wr.workflowId,
        version: wr.version ?? '',
        ...(wr.executionBundle ? { executionBundle: wr.executionBundle } : {}),
        ...(wr.executionBundleDigest ? { executionBundleDigest: wr.executionBundleDigest } : {}),
        ...(wr.workflowName ? { workflowName: wr.workflowName } : {}),
        ...(wr.actionType ? { actionType: wr.actionType } : {}),
      },
      targetResource: o.spec.targetResource,
      parameters: redactParameters(o.spec.parameters),
      ...(typeof o.spec.confidence === 'number' ? { confidence: o.spec.confidence } : {}),
      ...(o.spec.rationale ? { rationale: o.spec.rationale } : {}),
      ...(o.spec.executionConfig?.timeout ? { timeout: o.spec.executionConfig.timeout } : {}),
      ...(o.spec.timesOutAt ? { timesOutAt: o.spec.timesOutAt } : {}),
      ...(o.spec.clusterID ? { clusterID: o.spec.clusterID } : {}),
      ...(rrRef
        ? {
            remediationRequestRef: {
              ...(rrRef.namespace ? { namespace: rrRef.namespace } : {}),
              ...(rrRef.name ? { name: rrRef.name } : {}),
              ...(rrRef.uid ? { uid: rrRef.uid } : {}),
            },
          }
        : {}),
    },
    status: {
      phase: summary.phase,
      rawPhase: summary.rawPhase,
      ...(st.startTime ? { startTime: st.startTime } : {}),
      ...(st.completionTime ? { completionTime: st.completionTime } : {}),
      ...(st.duration ? { duration: st.duration } : {}),
      ...(st.executionRef?.name ? { executionRef: st.executionRef.name } : {}),
      ...(st.executionEngine ? { executionEngine: st.executionEngine } : {}),
      ...(st.serviceAccountName ? { serviceAccountName: st.serviceAccountName } : {}),
      ...(es
        ? {
            executionStatus: {
              status: es.status ?? '',
              ...(es.reason ? { reason: es.reason } : {}),
              ...(es.message ? { message: es.message } : {}),
              ...(es.completedTasks !== undefined ? { completedTasks: es.completedTasks } : {}),
              ...(es.totalTasks !== undefined ? { totalTasks: es.totalTasks } : {}),
              ...(es.retryCount !== undefined ? { retryCount: es.retryCount } : {}),
            },
          }
        : {}),
      ...(st.failureReason ? { failureReason: st.failureReason } : {}),
      ...(st.observedGeneration !== undefined ? { observedGeneration: st.observedGeneration } : {}),
    },
    conditions,
    ...(failureDetails ? { failureDetails } : {}),
    ...(blockClearance ? { blockClearance } : {}),
    ...(st.deduplicatedBy ? { deduplicatedBy: st.deduplicatedBy } : {}),
    ...(input.remediation ? { remediation: input.remediation } : {}),
    ...(input.workload ? { workload: input.workload } : {}),
    yaml,
    seq: input.seq,
    epoch: input.epoch,
  };
}

/**
 * The PipelineRun progress: completed/total TaskRuns and the failed task and step.
 * Total comes from the PipelineRun's resolved spec when known, else the TaskRuns seen.
 */
export function pipelineRunWorkload(
  namespace: string,
  name: string,
  run: CachedPipelineRun | undefined,
  taskRuns: TaskRunDto[],
  fallback?: { completedTasks?: number; totalTasks?: number },
): WorkloadDto {
  const sorted = [...taskRuns].sort((a, b) => (a.startTime ?? '~').localeCompare(b.startTime ?? '~') || a.name.localeCompare(b.name));
  const failed = sorted.find((t) => t.status === 'Failed');
  const failedStep = failed?.steps.find((s) => s.state === 'terminated' && (s.exitCode ?? 0) !== 0);
  const completed = sorted.filter((t) => t.status === 'Succeeded').length;
  const total = run?.totalTasks ?? (sorted.length || fallback?.totalTasks);
  if (!run) {
    return {
      kind: 'PipelineRun',
      namespace,
      name,
      found: false,
      message: 'The PipelineRun was not found in the execution namespace (deleted, not created yet, or Tekton is not installed).',
      taskRuns: sorted,
      ...(fallback?.completedTasks !== undefined ? { completedTasks: fallback.completedTasks } : {}),
      ...(fallback?.totalTasks !== undefined ? { totalTasks: fallback.totalTasks } : {}),
    };
  }
  return {
    kind: 'PipelineRun',
    namespace,
    name,
    found: true,
    status: run.status,
    ...(run.reason ? { reason: run.reason } : {}),
    ...(run.message ? { message: run.message } : {}),
    ...(run.startTime ? { startTime: run.startTime } : {}),
    ...(run.completionTime ? { completionTime: run.completionTime } : {}),
    completedTasks: completed,
    ...(total !== undefined ? { totalTasks: total } : {}),
    ...(failed ? { failedTask: failed.pipelineTask ?? failed.name } : {}),
    ...(failedStep ? { failedStep: failedStep.name } : {}),
    taskRuns: sorted,
  };
}
