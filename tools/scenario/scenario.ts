// Realistic Kubernaut audit events and a writer for Data Storage's batch API
// (POST /api/v1/audit/events/batch, operationId createAuditEventsBatch).
//
// Every payload follows Kubernaut v1.5.7's api/openapi/data-storage-v1.yaml: Data Storage
// validates each request against that spec (kin-openapi) and decodes event_data by its
// `event_type` discriminator (ogen), so the discriminator values, required fields and
// enums below must match it. It also rejects timestamps older than 7 days or more than
// an hour ahead, and batches above 500 events.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A request body item of createAuditEventsBatch. */
export interface AuditEventRequest {
  version: string;
  event_type: string;
  event_timestamp: string;
  event_category: string;
  event_action: string;
  event_outcome: Outcome;
  actor_type?: string;
  actor_id?: string;
  resource_type?: string;
  resource_id?: string;
  correlation_id: string;
  namespace?: string;
  severity?: string;
  duration_ms?: number;
  event_data: Record<string, unknown>;
}

type Outcome = 'success' | 'failure' | 'pending';

/** The WorkflowExecution a scenario talks about. */
export interface ScenarioWorkflow {
  name: string;
  namespace: string;
  correlationId: string;
  workflowId: string;
  version: string;
  executionBundle: string;
  targetResource: string;
  parameters: Record<string, string>;
  pipelineRun: string;
}

/** status.failureDetails of a failed WorkflowExecution, and what its failed event says. */
export interface ScenarioFailure {
  reason: string;
  message: string;
  failedTaskName?: string;
  failedTaskIndex?: number;
  failedStepName?: string;
  exitCode?: number;
  wasExecutionFailure?: boolean;
  naturalLanguageSummary?: string;
}

export interface WriterConfig {
  url: string;
  token: string;
  batchSize?: number;
  fetchImpl?: typeof fetch;
}

/** Who emitted an event and about what; the rest of the envelope follows from the type. */
interface Envelope {
  type: string;
  category: string;
  outcome?: Outcome;
  at: number;
  correlationId: string;
  namespace: string;
  actorId: string;
  resourceType: string;
  resourceId: string;
  severity?: string;
  durationMs?: number;
}

/** The alert a remediation starts from and the resource it names. */
export interface StorySignal {
  name: string;
  severity: string;
  kind: string;
  resource: string;
}

/** The alert of the default story: a crash-looping payments-api. */
export const DEFAULT_SIGNAL: Readonly<StorySignal> = Object.freeze({ name: 'KubePodCrashLooping', severity: 'critical', kind: 'Deployment', resource: 'payments-api' });

/** The correlation a remediation's events share. */
interface StoryContext {
  correlationId: string;
  namespace: string;
  fingerprint: string;
  signal: StorySignal;
  workflowId: string;
}

export const MAX_BATCH = 500;

const WFE_ACTOR = 'workflowexecution-controller';

/** Loads the local stack's env.json (written by `npm run stack:up`). */
export function stackEnv(stackDir = process.env.STACK_DIR || path.resolve('.stack')): Record<string, string> {
  return JSON.parse(readFileSync(path.join(stackDir, 'env.json'), 'utf8')) as Record<string, string>;
}

/** The writer token and URL from the environment or the local stack. */
export function writerConfig(env: Record<string, string | undefined> = { ...safeStackEnv(), ...process.env }): { url: string; token: string } {
  const url = env.DATASTORAGE_URL;
  const tokenFile = env.STACK_DATASTORAGE_WRITER_TOKEN_FILE;
  if (!url || !tokenFile) throw new Error('DATASTORAGE_URL and STACK_DATASTORAGE_WRITER_TOKEN_FILE are needed (is the stack up?)');
  return { url: url.replace(/\/+$/, ''), token: readFileSync(tokenFile, 'utf8').trim() };
}

function safeStackEnv(): Record<string, string> {
  try {
    return stackEnv();
  } catch {
    return {};
  }
}

/** A unique, DNS-1123-safe suffix for names in one run. */
export function runId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function base({ type, category, outcome = 'success', at, correlationId, namespace, actorId, resourceType, resourceId, severity, durationMs }: Envelope, data: Record<string, unknown>): AuditEventRequest {
  const action = type.slice(type.lastIndexOf('.') + 1);
  return {
    version: '1.0',
    event_type: type,
    event_timestamp: iso(at),
    event_category: category,
    event_action: action,
    event_outcome: outcome,
    actor_type: 'service',
    actor_id: actorId,
    resource_type: resourceType,
    resource_id: resourceId,
    correlation_id: correlationId,
    namespace,
    ...(severity ? { severity } : {}),
    ...(durationMs !== undefined ? { duration_ms: durationMs } : {}),
    event_data: data,
  };
}

/** The WorkflowExecution a scenario talks about. */
export function workflowFor(correlationId: string, namespace: string, overrides: Partial<ScenarioWorkflow> = {}): ScenarioWorkflow {
  return {
    name: `we-${correlationId}`,
    namespace,
    correlationId,
    workflowId: 'restart-deployment',
    version: 'v1.2.0',
    executionBundle: 'ghcr.io/kubernaut/workflows/restart-deployment:v1.2.0',
    targetResource: `${namespace}/Deployment/payments-api`,
    parameters: { TARGET_NAMESPACE: namespace, TARGET_NAME: 'payments-api' },
    pipelineRun: `wfe-${correlationId.slice(-10)}`,
    ...overrides,
  };
}

function wfePayload(type: string, wf: ScenarioWorkflow, phase: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_type: type,
    workflow_id: wf.workflowId,
    workflow_version: wf.version,
    target_resource: wf.targetResource,
    phase,
    container_image: wf.executionBundle,
    execution_name: wf.name,
    ...extra,
  };
}

function wfeEvent(type: string, wf: ScenarioWorkflow, at: number, phase: string, extra: Record<string, unknown> = {}, outcome: Outcome = 'success'): AuditEventRequest {
  return base(
    { type, category: 'workflowexecution', outcome, at, correlationId: wf.correlationId, namespace: wf.namespace, actorId: WFE_ACTOR, resourceType: 'WorkflowExecution', resourceId: wf.name },
    wfePayload(type, wf, phase, extra),
  );
}

/** workflowexecution.selection.completed, as manager.go writes it (phase Pending). */
export function selectionCompleted(wf: ScenarioWorkflow, at: number): AuditEventRequest {
  return wfeEvent('workflowexecution.selection.completed', wf, at, 'Pending', { workflow_name: 'Restart deployment' });
}

/** workflowexecution.execution.started: after the PipelineRun was created. */
export function executionStarted(wf: ScenarioWorkflow, at: number): AuditEventRequest {
  return wfeEvent('workflowexecution.execution.started', wf, at, 'Pending', { pipelinerun_name: wf.pipelineRun, parameters: wf.parameters });
}

export function workflowCompleted(wf: ScenarioWorkflow, at: number, startedAt: number): AuditEventRequest {
  return wfeEvent('workflowexecution.workflow.completed', wf, at, 'Completed', {
    started_at: iso(startedAt),
    completed_at: iso(at),
    duration: `${Math.round((at - startedAt) / 1000)}s`,
    pipelinerun_name: wf.pipelineRun,
    parameters: wf.parameters,
  });
}

/**
 * workflowexecution.workflow.failed with the failure fields the controller derives from
 * status.failureDetails (recordFailureAuditWithDetails).
 */
export function workflowFailed(wf: ScenarioWorkflow, at: number, startedAt: number, failure: ScenarioFailure): AuditEventRequest {
  let message = `Pipeline failed at task '${failure.failedTaskName}'`;
  if (failure.failedStepName) message += ` step '${failure.failedStepName}'`;
  if (failure.message) message += `: ${failure.message}`;
  const code = failure.reason === 'ConfigurationError' || failure.reason === 'Forbidden' ? 'ERR_WORKFLOW_NOT_FOUND' : failure.reason === 'ImagePullBackOff' ? 'ERR_IMAGE_PULL' : 'ERR_PIPELINE_FAILED';
  const retry = failure.reason === 'ConfigurationError' || failure.reason === 'Forbidden' ? false : failure.reason === 'TaskFailed' ? !failure.wasExecutionFailure : true;
  return wfeEvent(
    'workflowexecution.workflow.failed',
    wf,
    at,
    'Failed',
    {
      started_at: iso(startedAt),
      completed_at: iso(at),
      duration: `${Math.round((at - startedAt) / 1000)}s`,
      failure_reason: failure.reason,
      failure_message: failure.message,
      ...(failure.failedTaskName ? { failed_task_name: failure.failedTaskName } : {}),
      error_details: { message, code, component: 'workflowexecution', retry_possible: retry },
      pipelinerun_name: wf.pipelineRun,
      parameters: wf.parameters,
    },
    'failure',
  );
}

/** The failure both the CRD and the audit event describe in the failed scenarios. */
export const TASK_FAILURE: Readonly<Required<ScenarioFailure>> = Object.freeze({
  reason: 'TaskFailed',
  message: 'step "kubectl-rollout" exited with code 1: deployment "payments-api" exceeded its progress deadline',
  failedTaskName: 'rollout-restart',
  failedTaskIndex: 1,
  failedStepName: 'kubectl-rollout',
  exitCode: 1,
  wasExecutionFailure: true,
  naturalLanguageSummary: 'The workflow restarted payments-api but the rollout did not become ready before its progress deadline.',
});

function gatewayEvent(type: string, ctx: StoryContext, at: number): AuditEventRequest {
  return base(
    { type, category: 'gateway', at, correlationId: ctx.correlationId, namespace: ctx.namespace, actorId: 'prometheus-adapter', resourceType: 'Signal', resourceId: ctx.fingerprint, severity: ctx.signal.severity },
    {
      event_type: type,
      signal_type: 'alert',
      signal_name: ctx.signal.name,
      namespace: ctx.namespace,
      fingerprint: ctx.fingerprint,
      severity: ctx.signal.severity,
      resource_kind: ctx.signal.kind,
      resource_name: ctx.signal.resource,
      ...(type === 'gateway.crd.created' ? { remediation_request: `${ctx.namespace}/${ctx.correlationId}` } : { deduplication_status: 'new', occurrence_count: 1 }),
    },
  );
}

function orchestratorEvent(type: string, ctx: StoryContext, at: number, extra: Record<string, unknown> = {}, outcome: Outcome = 'success'): AuditEventRequest {
  return base(
    { type, category: 'orchestration', outcome, at, correlationId: ctx.correlationId, namespace: ctx.namespace, actorId: 'remediationorchestrator-controller', resourceType: 'RemediationRequest', resourceId: ctx.correlationId },
    { event_type: type, rr_name: ctx.correlationId, namespace: ctx.namespace, ...extra },
  );
}

function signalProcessingEvent(type: string, ctx: StoryContext, at: number, extra: Record<string, unknown>): AuditEventRequest {
  return base(
    { type, category: 'signalprocessing', at, correlationId: ctx.correlationId, namespace: ctx.namespace, actorId: 'signalprocessing-controller', resourceType: 'SignalProcessing', resourceId: `sp-${ctx.correlationId}` },
    { event_type: type, signal: ctx.correlationId, ...extra },
  );
}

function aiAnalysisEvent(ctx: StoryContext, at: number): AuditEventRequest {
  const type = 'aianalysis.analysis.completed';
  return base(
    { type, category: 'analysis', at, correlationId: ctx.correlationId, namespace: ctx.namespace, actorId: 'aianalysis-controller', resourceType: 'AIAnalysis', resourceId: `ai-${ctx.correlationId}`, durationMs: 14_200 },
    {
      event_type: type,
      analysis_name: `ai-${ctx.correlationId}`,
      namespace: ctx.namespace,
      phase: 'Completed',
      approval_required: false,
      degraded_mode: false,
      warnings_count: 0,
      confidence: 0.87,
      workflow_id: ctx.workflowId,
    },
  );
}

function notificationEvent(ctx: StoryContext, at: number, subject: string): AuditEventRequest {
  const type = 'notification.message.sent';
  return base(
    { type, category: 'notification', at, correlationId: ctx.correlationId, namespace: ctx.namespace, actorId: 'notification-controller', resourceType: 'NotificationRequest', resourceId: `nr-${ctx.correlationId}` },
    { event_type: type, notification_id: `nr-${ctx.correlationId}`, channel: 'slack', subject, body: `${subject} (${ctx.correlationId})`, priority: 'High', type: 'Completion' },
  );
}

function effectivenessEvent(ctx: StoryContext, at: number): AuditEventRequest {
  const type = 'effectiveness.assessment.completed';
  return base(
    { type, category: 'effectiveness', at, correlationId: ctx.correlationId, namespace: ctx.namespace, actorId: 'effectivenessmonitor-controller', resourceType: 'EffectivenessAssessment', resourceId: `ea-${ctx.correlationId}` },
    { event_type: type, correlation_id: ctx.correlationId, namespace: ctx.namespace, ea_name: `ea-${ctx.correlationId}`, component: 'completed', assessed: true },
  );
}

/**
 * A whole remediation across services, oldest first: gateway → orchestrator → signal
 * processing → AI analysis → workflow execution → notification → effectiveness.
 */
export function remediationStory({
  correlationId,
  namespace,
  start = Date.now() - 20 * 60_000,
  outcome = 'completed',
  withFailedEvent = true,
  selectionCount = 1,
  failure = TASK_FAILURE,
  signal = DEFAULT_SIGNAL,
  workflow,
  runMs = 95_000,
}: {
  /** The RemediationRequest name. */
  correlationId: string;
  namespace: string;
  /** Epoch ms of the first event (default: 20 minutes ago). */
  start?: number;
  outcome?: 'completed' | 'failed';
  /** false leaves out workflowexecution.workflow.failed. */
  withFailedEvent?: boolean;
  /** How many times selection.completed was emitted. */
  selectionCount?: number;
  failure?: ScenarioFailure;
  /** The alert (default: payments-api crash-looping). */
  signal?: StorySignal;
  /** Overrides of the WorkflowExecution the story names (workflow, target, parameters). */
  workflow?: Partial<ScenarioWorkflow>;
  /** From execution.started to the workflow's end (default 95 s). */
  runMs?: number;
}): { events: AuditEventRequest[]; workflow: ScenarioWorkflow; startedAt: number; endedAt: number; failure: ScenarioFailure } {
  const wf = workflowFor(correlationId, namespace, workflow);
  const ctx: StoryContext = { correlationId, namespace, fingerprint: fingerprintOf(correlationId), signal, workflowId: wf.workflowId };
  const t = (s: number) => start + s * 1000;
  const events = [
    gatewayEvent('gateway.signal.received', ctx, t(0)),
    gatewayEvent('gateway.crd.created', ctx, t(0.35)),
    orchestratorEvent('orchestrator.lifecycle.created', ctx, t(0.9)),
    orchestratorEvent('orchestrator.lifecycle.started', ctx, t(1.2)),
    signalProcessingEvent('signalprocessing.enrichment.completed', ctx, t(2.4), { phase: 'Enriching', severity: signal.severity, duration_ms: 840 }),
    signalProcessingEvent('signalprocessing.signal.processed', ctx, t(3.1), { phase: 'Completed', severity: signal.severity, environment: 'production', priority: signal.severity === 'critical' ? 'P1' : 'P2' }),
    orchestratorEvent('orchestrator.lifecycle.transitioned', ctx, t(3.5), { from_phase: 'Processing', to_phase: 'Analyzing' }),
    aiAnalysisEvent(ctx, t(18)),
    orchestratorEvent('orchestrator.lifecycle.transitioned', ctx, t(18.6), { from_phase: 'Analyzing', to_phase: 'Executing' }),
  ];
  for (let i = 0; i < selectionCount; i++) events.push(selectionCompleted(wf, t(19.2 + i * 0.25)));
  const startedAt = t(19.5 + selectionCount * 0.25);
  events.push(executionStarted(wf, startedAt));
  const end = startedAt + runMs;
  if (outcome === 'completed') {
    events.push(workflowCompleted(wf, end, startedAt));
    events.push(orchestratorEvent('orchestrator.lifecycle.completed', ctx, end + 700, { outcome: 'Success', crd_outcome: 'Remediated' }));
    events.push(notificationEvent(ctx, end + 1_500, signal === DEFAULT_SIGNAL ? 'Remediation succeeded: payments-api restarted' : `Remediation succeeded: ${signal.resource}`));
    events.push(effectivenessEvent(ctx, end + 300_000));
  } else {
    if (withFailedEvent) events.push(workflowFailed(wf, end, startedAt, failure));
    events.push(orchestratorEvent('orchestrator.lifecycle.failed', ctx, end + 800, { outcome: 'Failed', failure_phase: 'WorkflowExecution', failure_reason: 'InfrastructureError' }, 'failure'));
    events.push(notificationEvent(ctx, end + 1_600, `Remediation failed: ${signal.resource}`));
  }
  return { events, workflow: wf, startedAt, endedAt: end, failure };
}

/**
 * An event of a type Kubernaut v1.5.7 does not know, as a newer Kubernaut would write it.
 * This Data Storage only stores event_data whose own `event_type` is a known discriminator,
 * so the payload borrows one while the top-level type is new.
 */
export function futureEvent({ correlationId, namespace, at }: { correlationId: string; namespace: string; at: number }): AuditEventRequest {
  return base(
    { type: 'remediationplanner.plan.proposed', category: 'orchestration', at, correlationId, namespace, actorId: 'remediationplanner-controller', resourceType: 'RemediationPlan', resourceId: `plan-${correlationId}` },
    { event_type: 'orchestrator.lifecycle.transitioned', rr_name: correlationId, namespace, from_phase: 'Planning', to_phase: 'Proposed', message: 'plan v2 with 3 steps' },
  );
}

const BULK_CYCLE = ['gateway.signal.deduplicated', 'orchestrator.lifecycle.transitioned', 'signalprocessing.phase.transition', 'notification.message.sent', 'workflowexecution.selection.completed'];

/**
 * `count` events of one correlation, oldest first, spread evenly over `spanMs` ending at
 * `end`: a runaway correlation for load tests.
 */
export function bulkEvents({
  correlationId,
  namespace,
  count,
  end = Date.now() - 60_000,
  spanMs = 2 * 3600_000,
}: {
  correlationId: string;
  namespace: string;
  count: number;
  end?: number;
  spanMs?: number;
}): AuditEventRequest[] {
  const wf = workflowFor(correlationId, namespace);
  const ctx: StoryContext = { correlationId, namespace, fingerprint: fingerprintOf(correlationId), signal: DEFAULT_SIGNAL, workflowId: wf.workflowId };
  const step = count > 1 ? spanMs / (count - 1) : 0;
  const out: AuditEventRequest[] = [];
  for (let i = 0; i < count; i++) {
    const at = Math.round(end - spanMs + i * step);
    const type = BULK_CYCLE[i % BULK_CYCLE.length];
    if (type === 'gateway.signal.deduplicated') out.push(gatewayEvent(type, ctx, at));
    else if (type === 'orchestrator.lifecycle.transitioned') out.push(orchestratorEvent(type, ctx, at, { from_phase: 'Executing', to_phase: 'Executing', transition_reason: `reconcile ${i}` }));
    else if (type === 'signalprocessing.phase.transition') out.push(signalProcessingEvent(type, ctx, at, { phase: 'Classifying', from_phase: 'Enriching', to_phase: 'Classifying' }));
    else if (type === 'notification.message.sent') out.push(notificationEvent(ctx, at, `Update ${i}`));
    else out.push(selectionCompleted(wf, at));
  }
  return out;
}

function fingerprintOf(text: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; round < 8; round++) {
    for (const c of `${round}:${text}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}

/** RR spec.signalFingerprint for a correlation (64 lower-case hex characters). */
export { fingerprintOf as signalFingerprint };

/**
 * Writes events through the batch API in chunks of at most 500, in order (Data Storage
 * chains hashes per correlation in write order). Returns the created event ids.
 */
export async function writeEvents(events: AuditEventRequest[], { url, token, batchSize = MAX_BATCH, fetchImpl = fetch }: WriterConfig = writerConfig()): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < events.length; i += batchSize) {
    const chunk = events.slice(i, i + batchSize);
    const res = await fetchImpl(`${url}/api/v1/audit/events/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(chunk),
    });
    const text = await res.text();
    if (res.status !== 201) {
      let detail = text.slice(0, 500);
      try {
        const p = JSON.parse(text) as { title?: string; detail?: string };
        detail = [p.title, p.detail].filter(Boolean).join(': ');
      } catch {
        /* keep the raw text */
      }
      throw new Error(`batch write failed with HTTP ${res.status}: ${detail}`);
    }
    ids.push(...(JSON.parse(text) as { event_ids: string[] }).event_ids);
  }
  return ids;
}
