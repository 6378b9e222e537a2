// A remediation whose WorkflowExecution Kubernaut's real WorkflowExecution controller runs
// on the local stack: the other services' events (gateway, orchestrator, signal
// processing, AI analysis, notification) are written as scenario.ts writes them, since
// those controllers do not run here; the execution's status, PipelineRun and
// workflowexecution.* events are the controller's own. Tekton is played (tools/tekton).
import * as k8s from '@kubernetes/client-node';
import { playTekton } from '../tekton/play';
import { createRemediationRequest, type AdminClients } from './k8s';
import { remediationStory, writeEvents, type AuditEventRequest, type WriterConfig } from './scenario';

/** The only namespace Kubernaut's controller watches (KUBERNAUT_CONTROLLER_NAMESPACE). */
export const CONTROLLER_NAMESPACE = 'kubernaut-system';

/** Kubernaut's fixture workflows the stack registers (tools/stack/components/workflow-catalog.ts). */
export const WORKFLOW = { completed: 'test-hello-world', failed: 'test-intentional-failure' } as const;

export interface CatalogEntry {
  workflowId: string;
  workflowName: string;
  version: string;
  executionBundle: string;
}

/** An Active workflow of Data Storage's catalog by name (the stack registers Kubernaut's fixtures). */
export async function catalogWorkflow(writer: WriterConfig, name: string): Promise<CatalogEntry> {
  const res = await fetch(`${writer.url}/api/v1/workflows?status=Active&workflow_name=${encodeURIComponent(name)}`, { headers: { authorization: `Bearer ${writer.token}` } });
  const body = (await res.json()) as { workflows?: CatalogEntry[] };
  const found = body.workflows?.find((w) => w.workflowName === name);
  if (!found) throw new Error(`workflow ${name} is not in Data Storage's catalog: is the stack up with its controllers (not STACK_CONTROLLERS=0)?`);
  return found;
}

async function waitForPhase(clients: AdminClients, name: string, phases: string[], timeoutMs = 60_000): Promise<Record<string, string | undefined>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const o = (await clients.custom.getNamespacedCustomObject({ group: 'kubernaut.ai', version: 'v1alpha1', namespace: CONTROLLER_NAMESPACE, plural: 'workflowexecutions', name })) as {
      status?: Record<string, string | undefined>;
    };
    if (phases.includes(o.status?.phase ?? '')) return o.status ?? {};
    if (Date.now() > deadline) throw new Error(`${name} did not reach ${phases.join(' or ')} (phase ${o.status?.phase || 'empty'})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const isWfeEvent = (e: AuditEventRequest) => e.event_type.startsWith('workflowexecution.');

/**
 * Runs one remediation through the real controller: the services' events up to the
 * execution, the RemediationRequest and its WorkflowExecution `we-<id>` in
 * kubernaut-system, Tekton played to the outcome, then the services' closing events.
 * Returns how many events the scenario wrote itself (the controller writes three more).
 */
export async function remediationThroughController(
  clients: AdminClients,
  writer: WriterConfig,
  { correlationId, outcome }: { correlationId: string; outcome: 'completed' | 'failed' },
): Promise<{ written: number; execution: string; phase: string }> {
  const workflow = await catalogWorkflow(writer, WORKFLOW[outcome]);
  // The story up to the execution, ending a moment ago.
  const before = remediationStory({ correlationId, namespace: CONTROLLER_NAMESPACE, start: Date.now() - 20_000, outcome });
  const pre = before.events.filter((e) => !isWfeEvent(e) && Date.parse(e.event_timestamp) <= Date.now());
  await writeEvents(pre, writer);
  await createRemediationRequest(clients, { namespace: CONTROLLER_NAMESPACE, name: correlationId, overallPhase: 'Executing' });
  const name = `we-${correlationId}`;
  await clients.custom.createNamespacedCustomObject({
    group: 'kubernaut.ai',
    version: 'v1alpha1',
    namespace: CONTROLLER_NAMESPACE,
    plural: 'workflowexecutions',
    body: {
      apiVersion: 'kubernaut.ai/v1alpha1',
      kind: 'WorkflowExecution',
      metadata: { name, namespace: CONTROLLER_NAMESPACE },
      spec: {
        workflowRef: { workflowId: workflow.workflowId, version: workflow.version, executionBundle: workflow.executionBundle },
        // One target per remediation: the controller deduplicates and cools down per target.
        targetResource: `payments/Deployment/payments-api-${correlationId.slice(-8)}`,
        parameters: { TARGET_RESOURCE_NAME: 'payments-api', TARGET_RESOURCE_KIND: 'Deployment', TARGET_RESOURCE_NAMESPACE: 'payments' },
        confidence: 0.87,
        rationale: 'The pods crash-loop after a config change; a rolling restart picks up the fixed ConfigMap.',
        remediationRequestRef: { apiVersion: 'kubernaut.ai/v1alpha1', kind: 'RemediationRequest', name: correlationId, namespace: CONTROLLER_NAMESPACE },
      },
    },
  });
  await playTekton(clients.kc as k8s.KubeConfig, { namespace: CONTROLLER_NAMESPACE, name }, { tasks: ['backup', 'rollout-restart', 'verify'], outcome: outcome === 'completed' ? 'succeeded' : 'failed', failTask: 'rollout-restart', failStep: 'kubectl-rollout', stepMs: 500 });
  const status = await waitForPhase(clients, name, ['Completed', 'Failed']);
  // The services' closing events, timed from the real end (the effectiveness check, minutes later, is left out).
  const end = Date.parse(status.completionTime ?? new Date().toISOString());
  const template = remediationStory({ correlationId, namespace: CONTROLLER_NAMESPACE, start: 0, outcome });
  const after = remediationStory({ correlationId, namespace: CONTROLLER_NAMESPACE, start: end - template.endedAt, outcome });
  const post = after.events.filter((e) => !isWfeEvent(e) && Date.parse(e.event_timestamp) > end && Date.parse(e.event_timestamp) <= Date.now() + 5_000);
  await writeEvents(post, writer);
  await clients.custom.patchNamespacedCustomObjectStatus(
    { group: 'kubernaut.ai', version: 'v1alpha1', namespace: CONTROLLER_NAMESPACE, plural: 'remediationrequests', name: correlationId, body: { status: { overallPhase: status.phase === 'Completed' ? 'Completed' : 'Failed' } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
  );
  return { written: pre.length + post.length, execution: `${CONTROLLER_NAMESPACE}/${name}`, phase: status.phase ?? '' };
}
