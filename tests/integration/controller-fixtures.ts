/**
 * Executions run by Kubernaut v1.5.7's real WorkflowExecution controller on the local
 * stack: a WorkflowExecution created in the namespace the controller watches
 * (kubernaut-system) names a workflow the stack registered in Data Storage's catalog;
 * the controller writes its status, creates its PipelineRun or Job and its audit events.
 * Tests only play Tekton or the Job controller (tools/tekton/play.ts).
 */
import { readFileSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import { impersonating } from '@/tools/scenario/k8s';
import { adminConfig, GROUP, VERSION } from './executions-fixtures';
import { stackVar } from './stack';

export const CONTROLLER_NAMESPACE = 'kubernaut-system';
export const EXECUTION_NAMESPACE = 'kubernaut-workflows';
/** The human identity the stack lets clear blocks (ClusterRole workflowexecution-block-clearer). */
export const OPERATOR_USER = 'operator@flightdeck.test';

/** Why the controller tests cannot run, or null when the controller and webhook answer. */
export async function controllersMissing(): Promise<string | null> {
  const urls = [process.env.STACK_WORKFLOWEXECUTION_HEALTH_URL, process.env.STACK_AUTHWEBHOOK_HEALTH_URL];
  if (urls.some((u) => !u)) return 'the stack runs without Kubernaut’s controllers (STACK_CONTROLLERS=0)';
  for (const url of urls) {
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3_000) });
      if (res.status !== 200) return `${url}/readyz answered ${res.status}`;
    } catch (err) {
      return `${url}/readyz is unreachable (${String(err)})`;
    }
  }
  return null;
}

export interface CatalogWorkflow {
  workflowId: string;
  workflowName: string;
  version: string;
  executionBundle: string;
  executionEngine: string;
}

/** An Active workflow of Data Storage's catalog by name, read with Flightdeck's reader token. */
export async function catalogWorkflow(workflowName: string): Promise<CatalogWorkflow> {
  const token = readFileSync(stackVar('DATASTORAGE_TOKEN_FILE'), 'utf8').trim();
  const url = `${stackVar('DATASTORAGE_URL')}/api/v1/workflows?status=Active&workflow_name=${encodeURIComponent(workflowName)}`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status}`);
  const body = (await res.json()) as { workflows?: CatalogWorkflow[] };
  const found = body.workflows?.find((w) => w.workflowName === workflowName);
  if (!found) throw new Error(`workflow ${workflowName} is not registered (the stack registers it at up)`);
  return found;
}

/** Kubernaut's fixture workflows the stack registers (test/fixtures/workflows in the module). */
export const WORKFLOWS = { tekton: 'test-hello-world', tektonFailing: 'test-intentional-failure', job: 'test-job-hello-world' } as const;

/** Kubernaut names the execution resource after the target: `wfe-` + sha256(target)[:16]. */
export async function executionResourceName(target: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  return `wfe-${createHash('sha256').update(target).digest('hex').slice(0, 16)}`;
}

export class ControllerArranger {
  readonly custom: k8s.CustomObjectsApi;
  readonly core: k8s.CoreV1Api;

  constructor(readonly kc = adminConfig()) {
    this.custom = kc.makeApiClient(k8s.CustomObjectsApi);
    this.core = kc.makeApiClient(k8s.CoreV1Api);
  }

  /** A RemediationRequest: its name is the correlation id of every audit event. */
  async remediation(name: string): Promise<void> {
    const now = new Date().toISOString();
    await this.custom.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: CONTROLLER_NAMESPACE,
      plural: 'remediationrequests',
      body: {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'RemediationRequest',
        metadata: { name, namespace: CONTROLLER_NAMESPACE },
        spec: {
          signalName: 'KubePodCrashLooping',
          severity: 'critical',
          signalFingerprint: 'b'.repeat(64),
          signalType: 'alert',
          targetType: 'kubernetes',
          targetResource: { kind: 'Deployment', name: 'api', namespace: 'payments' },
          firingTime: now,
          receivedTime: now,
        },
      },
    });
  }

  /** A WorkflowExecution `we-<rr>` as the orchestrator creates it, naming a catalog workflow. */
  async execution(rr: string, workflow: CatalogWorkflow, target: string, parameters: Record<string, string> = {}): Promise<string> {
    const name = `we-${rr}`;
    await this.custom.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: CONTROLLER_NAMESPACE,
      plural: 'workflowexecutions',
      body: {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'WorkflowExecution',
        metadata: { name, namespace: CONTROLLER_NAMESPACE },
        spec: {
          workflowRef: { workflowId: workflow.workflowId, version: workflow.version, executionBundle: workflow.executionBundle },
          targetResource: target,
          parameters: { TARGET_RESOURCE_NAME: target.split('/').at(-1) ?? '', TARGET_RESOURCE_KIND: 'Deployment', TARGET_RESOURCE_NAMESPACE: 'payments', ...parameters },
          confidence: 0.9,
          rationale: 'Pods crash-loop after a config change.',
          remediationRequestRef: { apiVersion: `${GROUP}/${VERSION}`, kind: 'RemediationRequest', name: rr, namespace: CONTROLLER_NAMESPACE },
        },
      },
    });
    return name;
  }

  async get(name: string): Promise<{ metadata: { uid: string }; status?: Record<string, unknown> }> {
    return (await this.custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: CONTROLLER_NAMESPACE, plural: 'workflowexecutions', name })) as {
      metadata: { uid: string };
      status?: Record<string, unknown>;
    };
  }

  /** Waits for the controller to write `phase` (it polls running executions every 10 s). */
  async phase(name: string, phase: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      const status = (await this.get(name)).status ?? {};
      last = String(status.phase ?? '');
      if (last === phase) return status;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${name} did not reach phase ${phase} (last: ${last || 'empty'})`);
  }

  /** Kubernetes Events the controller recorded about an execution. */
  async events(name: string): Promise<Array<{ reason?: string; message?: string }>> {
    const list = await this.core.listNamespacedEvent({ namespace: CONTROLLER_NAMESPACE, fieldSelector: `involvedObject.name=${name}` });
    return list.items.map((e) => ({ reason: e.reason, message: e.message }));
  }

  /**
   * A status write by a named person (the admin impersonating them), as `kubectl patch
   * --subresource=status --as <user>` would make it: the AuthWebhook sees that user.
   */
  async patchStatusAs(user: string, name: string, status: Record<string, unknown>): Promise<void> {
    await impersonating(this.kc, user).makeApiClient(k8s.CustomObjectsApi).patchNamespacedCustomObjectStatus(
      { group: GROUP, version: VERSION, namespace: CONTROLLER_NAMESPACE, plural: 'workflowexecutions', name, body: { status } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
  }
}
