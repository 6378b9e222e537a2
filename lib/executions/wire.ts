/**
 * The reshaping of each Kubernetes object the executions feature reads (parsed by the
 * wire schemas of lib/k8s/objects.ts) into the compact DTO the store keeps. A malformed
 * WorkflowExecution becomes an `invalid` row instead of a crash.
 */
import type { z } from 'zod';
import { metadataSchema, pipelineRunSchema, rrSchema, taskRunSchema, wfeSchema, type WireTargetResource, type WireWfeStatus } from '../k8s/objects';
import {
  displayPhase,
  type ExecutionSummary,
  type RemediationSummary,
  type StepDto,
  type TaskRunDto,
} from '../schemas/executions';
import { finishedDurationMs } from './duration';

/** What the cache keeps per WorkflowExecution: the row plus precomputed filter keys. */
export interface CachedExecution {
  summary: ExecutionSummary;
  /** Lower-cased name + workflow + target for free-text search. */
  search: string;
  createdMs: number;
  startedMs?: number;
  finishedMs?: number;
  /** Remediation reference as written in the spec (joined with the RR cache at read time). */
  rrNamespace?: string;
  rrName?: string;
  /** Name of the PipelineRun or Job (in the execution namespace). */
  executionRef?: string;
  /** `failureDetails.failedTaskName` (the overview's recent failures). */
  failedTask?: string;
  /** `failureDetails.message`, cut to FAILURE_MESSAGE_CHARS (the store keeps thousands of rows). */
  failureMessage?: string;
  /**
   * A failure during execution (`wasExecutionFailure`) that nobody has cleared yet: the
   * cluster state is unknown, so Kubernaut's orchestrator blocks the target
   * (PreviousExecutionFailed) until a person records a block clearance on this object.
   */
  blocking?: boolean;
}

/** Longest failure message a cache entry keeps; the detail page reads the whole object. */
export const FAILURE_MESSAGE_CHARS = 240;

function timeMs(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid object';
  const where = issue.path.join('.') || 'object';
  return `${where}: ${issue.message}`;
}

/**
 * Reshapes one WorkflowExecution from the API into the cache entry. Returns null only
 * when the object cannot even be identified (no uid/name/namespace); otherwise an entry,
 * marked `invalid` when the object fails validation.
 */
export function toCachedExecution(raw: unknown): CachedExecution | null {
  const parsed = wfeSchema.safeParse(raw);
  if (!parsed.success) {
    const meta = metadataSchema.safeParse((raw as { metadata?: unknown } | null)?.metadata);
    if (!meta.success || !meta.data.namespace) return null;
    const m = meta.data;
    const createdAt = m.creationTimestamp ?? new Date(0).toISOString();
    const summary: ExecutionSummary = {
      uid: m.uid,
      namespace: m.namespace as string,
      name: m.name,
      resourceVersion: m.resourceVersion ?? '',
      phase: 'Unknown',
      rawPhase: '',
      workflowId: '',
      workflowVersion: '',
      targetResource: '',
      createdAt,
      invalid: { reason: issueText(parsed.error) },
    };
    return { summary, search: m.name.toLowerCase(), createdMs: timeMs(createdAt) ?? 0 };
  }
  const o = parsed.data;
  const st: WireWfeStatus = o.status ?? {};
  const rawPhase = st.phase ?? '';
  const phase = displayPhase(rawPhase);
  const ready = st.conditions?.find((c) => c.type === 'Ready');
  const durationMs = finishedDurationMs(st.duration, st.startTime, st.completionTime);
  const createdAt = o.metadata.creationTimestamp ?? new Date(0).toISOString();
  const rrRef = o.spec.remediationRequestRef;
  const summary: ExecutionSummary = {
    uid: o.metadata.uid,
    namespace: o.metadata.namespace,
    name: o.metadata.name,
    resourceVersion: o.metadata.resourceVersion ?? '',
    phase,
    rawPhase,
    workflowId: o.spec.workflowRef.workflowId,
    workflowVersion: o.spec.workflowRef.version ?? '',
    targetResource: o.spec.targetResource,
    createdAt,
    ...runTimes(st),
    ...(durationMs !== undefined && (phase === 'Completed' || phase === 'Failed' || st.duration) ? { durationMs } : {}),
    ...(st.duration ? { durationText: st.duration } : {}),
    ...(ready?.reason ? { reason: ready.reason } : {}),
    ...(st.failureDetails?.reason ? { failureReason: st.failureDetails.reason } : st.failureReason ? { failureReason: st.failureReason } : {}),
    ...(st.deduplicatedBy ? { deduplicatedBy: st.deduplicatedBy } : {}),
    ...(st.blockClearance?.clearedBy ? { blockCleared: true } : {}),
  };
  const rrNamespace = rrRef?.namespace || o.metadata.namespace;
  const rrName = rrRef?.name || undefined;
  const finishedMs = timeMs(st.completionTime) ?? (phase === 'Failed' ? timeMs(st.failureDetails?.failedAt) : undefined);
  const fd = phase === 'Failed' ? st.failureDetails : undefined;
  return {
    summary,
    search: `${o.metadata.name}\n${summary.workflowId}\n${summary.targetResource}\n${o.spec.workflowRef.workflowName ?? ''}`.toLowerCase(),
    createdMs: timeMs(createdAt) ?? 0,
    ...(timeMs(st.startTime) !== undefined ? { startedMs: timeMs(st.startTime) } : {}),
    ...(finishedMs !== undefined ? { finishedMs } : {}),
    ...(rrName ? { rrNamespace, rrName } : {}),
    ...(st.executionRef?.name ? { executionRef: st.executionRef.name } : {}),
    ...(fd?.failedTaskName ? { failedTask: fd.failedTaskName } : {}),
    ...(fd?.message ? { failureMessage: fd.message.slice(0, FAILURE_MESSAGE_CHARS) } : {}),
    ...(fd?.wasExecutionFailure === true && !st.blockClearance?.clearedBy ? { blocking: true } : {}),
  };
}

// ---------------------------------------------------------------------------------
// RemediationRequest
// ---------------------------------------------------------------------------------

/** A RemediationRequest as the store keeps it: what a row shows, plus its identity and target. */
export interface CachedRemediation extends RemediationSummary {
  uid: string;
  /** spec.targetResource as `namespace/Kind/name` (the correlation view shows it). */
  targetResource?: string;
}

/** Renders spec.targetResource (`{kind, name, namespace}`, or a string) as `namespace/Kind/name`. */
function targetText(t: WireTargetResource): string | undefined {
  if (!t) return undefined;
  if (typeof t === 'string') return t;
  const parts = [t.namespace, t.kind, t.name].filter(Boolean);
  return parts.length ? parts.join('/') : undefined;
}

/**
 * Reshapes a RemediationRequest (the one reshaping of that object: the executions store
 * and the correlation view both use it). Null when it fails its schema.
 */
export function toCachedRemediation(raw: unknown): CachedRemediation | null {
  const parsed = rrSchema.safeParse(raw);
  if (!parsed.success) return null;
  const o = parsed.data;
  const targetResource = targetText(o.spec?.targetResource);
  return {
    uid: o.metadata.uid,
    namespace: o.metadata.namespace,
    name: o.metadata.name,
    found: true,
    ...(o.spec?.signalName ? { signalName: o.spec.signalName } : {}),
    ...(o.spec?.severity ? { severity: o.spec.severity } : {}),
    ...(o.status?.overallPhase ? { overallPhase: o.status.overallPhase } : {}),
    ...(o.status?.outcome ? { outcome: o.status.outcome } : {}),
    ...(targetResource ? { targetResource } : {}),
  };
}

// ---------------------------------------------------------------------------------
// Tekton PipelineRun / TaskRun and batch Job
// ---------------------------------------------------------------------------------

type RunStatus = TaskRunDto['status'];

/** The start and completion times of an execution's or run's status, when set. */
function runTimes(status: { startTime?: string | null; completionTime?: string | null } | null | undefined): { startTime?: string; completionTime?: string } {
  return { ...(status?.startTime ? { startTime: status.startTime } : {}), ...(status?.completionTime ? { completionTime: status.completionTime } : {}) };
}

/** Tekton's Succeeded condition as a run status. */
export function runStatus(conditions: { type: string; status: string; reason?: string }[] | undefined | null): {
  status: RunStatus;
  reason?: string;
  message?: string;
} {
  const c = conditions?.find((x) => x.type === 'Succeeded') as { status: string; reason?: string; message?: string } | undefined;
  if (!c) return { status: 'Pending' };
  const base = { ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}) };
  if (c.status === 'True') return { status: 'Succeeded', ...base };
  if (c.status === 'False') return { status: 'Failed', ...base };
  if (c.status === 'Unknown') return { status: c.reason === 'Pending' ? 'Pending' : 'Running', ...base };
  return { status: 'Unknown', ...base };
}

/** Compact PipelineRun kept by the cache. */
export interface CachedPipelineRun {
  uid: string;
  namespace: string;
  name: string;
  /** `kubernaut.ai/workflow-execution` label: the WFE it runs. */
  workflowExecution?: string;
  sourceNamespace?: string;
  status: RunStatus;
  reason?: string;
  message?: string;
  startTime?: string;
  completionTime?: string;
  totalTasks?: number;
}

export function toCachedPipelineRun(raw: unknown): CachedPipelineRun | null {
  const parsed = pipelineRunSchema.safeParse(raw);
  if (!parsed.success) return null;
  const o = parsed.data;
  const s = runStatus(o.status?.conditions);
  const tasks = o.status?.pipelineSpec?.tasks?.length ?? o.status?.childReferences?.length;
  const labels = o.metadata.labels ?? {};
  return {
    uid: o.metadata.uid,
    namespace: o.metadata.namespace,
    name: o.metadata.name,
    ...(labels['kubernaut.ai/workflow-execution'] ? { workflowExecution: labels['kubernaut.ai/workflow-execution'] } : {}),
    ...(labels['kubernaut.ai/source-namespace'] ? { sourceNamespace: labels['kubernaut.ai/source-namespace'] } : {}),
    ...s,
    ...runTimes(o.status),
    ...(tasks !== undefined ? { totalTasks: tasks } : {}),
  };
}

/** Compact TaskRun kept by the cache. */
export interface CachedTaskRun extends TaskRunDto {
  uid: string;
  namespace: string;
  pipelineRun?: string;
}

export function toCachedTaskRun(raw: unknown): CachedTaskRun | null {
  const parsed = taskRunSchema.safeParse(raw);
  if (!parsed.success) return null;
  const o = parsed.data;
  const labels = o.metadata.labels ?? {};
  const s = runStatus(o.status?.conditions);
  const steps: StepDto[] = (o.status?.steps ?? []).map((step) => {
    if (step.terminated) {
      return {
        name: step.name ?? '',
        state: 'terminated',
        ...(step.terminated.exitCode !== undefined ? { exitCode: step.terminated.exitCode } : {}),
        ...(step.terminated.reason ? { reason: step.terminated.reason } : {}),
        ...(step.terminated.startedAt ? { startedAt: step.terminated.startedAt } : {}),
        ...(step.terminated.finishedAt ? { finishedAt: step.terminated.finishedAt } : {}),
      };
    }
    if (step.running) return { name: step.name ?? '', state: 'running', ...(step.running.startedAt ? { startedAt: step.running.startedAt } : {}) };
    if (step.waiting) return { name: step.name ?? '', state: 'waiting', ...(step.waiting.reason ? { reason: step.waiting.reason } : {}) };
    return { name: step.name ?? '', state: 'unknown' };
  });
  return {
    uid: o.metadata.uid,
    namespace: o.metadata.namespace,
    name: o.metadata.name,
    ...(labels['tekton.dev/pipelineRun'] ? { pipelineRun: labels['tekton.dev/pipelineRun'] } : {}),
    ...(labels['tekton.dev/pipelineTask'] ? { pipelineTask: labels['tekton.dev/pipelineTask'] } : {}),
    ...s,
    ...runTimes(o.status),
    steps,
  };
}
