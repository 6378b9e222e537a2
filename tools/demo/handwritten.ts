/**
 * Remediations written by hand, in namespaces Kubernaut's controller does not reconcile:
 * the backfilled history and the labelled faults. Events come from tools/scenario's
 * builders (the payloads Data Storage validates), objects from tools/scenario/k8s (status
 * through the status subresource, as the controllers write it).
 */
import * as k8s from '@kubernetes/client-node';
import { createRemediationRequest, createWorkflowExecution, ensureNamespace, impersonating, type AdminClients } from '../scenario/k8s';
import { futureEvent, remediationStory, type AuditEventRequest } from '../scenario/scenario';
import { demoMarks, type Origin } from './marks';
import { executionBundle, type PlannedRemediation } from './plan';

/** What one hand-written remediation writes. */
export interface HandWritten {
  plan: PlannedRemediation;
  events: AuditEventRequest[];
  startedAt: number;
  endedAt: number;
}

/** The remediation's audit trail (events after `now` are left out: they have not happened yet). */
export function handWrittenEvents(plan: PlannedRemediation, now = Date.now()): HandWritten {
  const story = remediationStory({
    correlationId: plan.id,
    namespace: plan.namespace,
    start: plan.start,
    outcome: plan.outcome,
    withFailedEvent: plan.fault !== 'silent-failure',
    selectionCount: plan.fault === 'duplicate-selection' ? 16 : 1,
    ...(plan.failure ? { failure: plan.failure } : {}),
    signal: plan.signal,
    workflow: {
      workflowId: plan.workflow.workflowId,
      version: plan.workflow.version,
      executionBundle: executionBundle(plan.workflow),
      targetResource: plan.targetResource,
      parameters: { TARGET_NAMESPACE: plan.namespace, TARGET_NAME: plan.signal.resource, TARGET_KIND: plan.signal.kind },
    },
    runMs: plan.runMs,
  });
  const events = story.events.slice();
  if (plan.fault === 'unknown-event-type') {
    // Between the analysis and the execution, where a newer orchestrator would plan.
    const at = story.startedAt - 400;
    const i = events.findIndex((e) => Date.parse(e.event_timestamp) > at);
    events.splice(i < 0 ? events.length : i, 0, futureEvent({ correlationId: plan.id, namespace: plan.namespace, at }));
  }
  return { plan, events: events.filter((e) => Date.parse(e.event_timestamp) <= now), startedAt: story.startedAt, endedAt: story.endedAt };
}

/** The RemediationRequest's status once the remediation ended, as the orchestrator writes it (CRD enums). */
export function remediationStatus(plan: Pick<PlannedRemediation, 'id' | 'outcome' | 'blocked' | 'failure' | 'targetResource'>): Record<string, unknown> {
  if (plan.outcome === 'completed') return { overallPhase: 'Completed', outcome: 'Remediated' };
  if (plan.blocked) {
    return {
      overallPhase: 'Blocked',
      blockReason: 'ConsecutiveFailures',
      blockingWorkflowExecution: `we-${plan.id}`,
      blockMessage: `The workflow failed on ${plan.targetResource}; Kubernaut will not remediate it again until a person clears the block.`,
    };
  }
  return { overallPhase: 'Failed', failurePhase: 'WorkflowExecution', failureReason: plan.failure?.message ?? 'Workflow execution failed' };
}

/** Creates the RemediationRequest and its WorkflowExecution (with final status); 409 means an earlier run created them. */
export async function writeHandWrittenObjects(clients: AdminClients, instance: string, origin: Origin, h: HandWritten): Promise<'created' | 'existed'> {
  const { plan } = h;
  const marks = demoMarks(instance, origin, plan.fault);
  try {
    const { overallPhase, ...status } = remediationStatus(plan);
    await createRemediationRequest(clients, {
      namespace: plan.namespace,
      name: plan.id,
      overallPhase: String(overallPhase),
      status,
      signal: plan.signal,
      firedAt: plan.start,
      marks,
    });
  } catch (err) {
    if (isConflict(err)) return 'existed';
    throw err;
  }
  const failedIndex = plan.failedTaskIndex ?? 0;
  await createWorkflowExecution(
    clients,
    {
      name: `we-${plan.id}`,
      namespace: plan.namespace,
      correlationId: plan.id,
      workflowId: plan.workflow.workflowId,
      version: plan.workflow.version,
      executionBundle: executionBundle(plan.workflow),
      targetResource: plan.targetResource,
      parameters: { TARGET_NAMESPACE: plan.namespace, TARGET_NAME: plan.signal.resource, TARGET_KIND: plan.signal.kind },
      pipelineRun: `wfe-${plan.id.slice(-12)}`,
    },
    {
      phase: plan.outcome === 'completed' ? 'Completed' : 'Failed',
      startedAt: h.startedAt,
      endedAt: h.endedAt,
      ...(plan.failure ? { failure: plan.failure } : {}),
      engine: plan.workflow.engine,
      marks,
      tasks: { completed: plan.outcome === 'completed' ? plan.workflow.tasks.length : failedIndex + 1, total: plan.workflow.tasks.length },
    },
  );
  return 'created';
}

/** Who clears blocks on the demo (the stack's ClusterRole workflowexecution-block-clearer names this user). */
export const OPERATOR_USER = 'operator@flightdeck.test';

/** Whether Kubernaut would block the target after this run until a person clears it. */
export function blocksTarget(plan: PlannedRemediation): boolean {
  return plan.outcome === 'failed' && plan.failure?.wasExecutionFailure === true;
}

/**
 * A person clears the block a failed execution left on its target, through the real
 * AuthWebhook (status write as that user; the webhook stamps who and when, and writes
 * workflowexecution.block.cleared). The reason must be at least 10 words.
 */
export async function clearBlock(clients: AdminClients, namespace: string, name: string, reason: string): Promise<void> {
  await impersonating(clients.kc, OPERATOR_USER)
    .makeApiClient(k8s.CustomObjectsApi)
    .patchNamespacedCustomObjectStatus(
      { group: 'kubernaut.ai', version: 'v1alpha1', namespace, plural: 'workflowexecutions', name, body: { status: { blockClearance: { clearReason: reason, clearMethod: 'StatusField' } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
}

export function isConflict(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 409;
}

export async function ensureNamespaces(clients: AdminClients, namespaces: Iterable<string>): Promise<void> {
  for (const ns of new Set(namespaces)) await ensureNamespace(clients, ns);
}

/** Runs `fn` over `items` with at most `limit` at a time (the API server shares two cores). */
export async function inBatches<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
