/**
 * Arranging WorkflowExecutions, RemediationRequests and Tekton runs in the local stack the
 * way Kubernaut's controllers do: create with the admin identity, then drive status
 * through the status subresource.
 */
import { readFileSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import { stackVar } from './stack';

export const GROUP = 'kubernaut.ai';
export const VERSION = 'v1alpha1';

export function adminConfig(): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(stackVar('STACK_ADMIN_KUBECONFIG'));
  return kc;
}

/** A KubeConfig for a ServiceAccount token against the stack's API server. */
export function tokenConfig(tokenFileVar: string, user: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'stack', server: stackVar('STACK_KUBE_SERVER'), caData: Buffer.from(readFileSync(stackVar('STACK_CA_FILE'))).toString('base64') }],
    users: [{ name: user, token: readFileSync(stackVar(tokenFileVar), 'utf8').trim() }],
    contexts: [{ name: 'stack', cluster: 'stack', user }],
    currentContext: 'stack',
  });
  return kc;
}

const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);

export class Arranger {
  readonly custom: k8s.CustomObjectsApi;
  readonly core: k8s.CoreV1Api;
  readonly rbac: k8s.RbacAuthorizationV1Api;

  constructor(readonly kc = adminConfig()) {
    this.custom = kc.makeApiClient(k8s.CustomObjectsApi);
    this.core = kc.makeApiClient(k8s.CoreV1Api);
    this.rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
  }

  async namespace(name: string): Promise<void> {
    await this.core.createNamespace({ body: { metadata: { name, labels: { 'flightdeck.test/run': 'executions' } } } });
  }

  async remediation(namespace: string, name: string, o: { signalName: string; severity: string; overallPhase?: string }): Promise<void> {
    await this.custom.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace,
      plural: 'remediationrequests',
      body: {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'RemediationRequest',
        metadata: { name, namespace },
        spec: {
          signalName: o.signalName,
          severity: o.severity,
          signalFingerprint: 'a'.repeat(64),
          signalType: 'alert',
          targetType: 'kubernetes',
          targetResource: { kind: 'Deployment', name: 'api', namespace },
          firingTime: new Date().toISOString(),
          receivedTime: new Date().toISOString(),
        },
      },
    });
    if (o.overallPhase) await this.remediationStatus(namespace, name, { overallPhase: o.overallPhase });
  }

  async remediationStatus(namespace: string, name: string, status: Record<string, unknown>): Promise<void> {
    await this.custom.patchNamespacedCustomObjectStatus({ group: GROUP, version: VERSION, namespace, plural: 'remediationrequests', name, body: { status } }, mergePatch);
  }

  async wfe(
    namespace: string,
    name: string,
    o: { workflowId: string; target: string; rr: string; parameters?: Record<string, string> },
  ): Promise<{ uid: string }> {
    const created = (await this.custom.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace,
      plural: 'workflowexecutions',
      body: {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'WorkflowExecution',
        metadata: { name, namespace },
        spec: {
          workflowRef: { workflowId: o.workflowId, version: '1.0.0', executionBundle: `quay.io/kubernaut/${o.workflowId}:1.0.0` },
          targetResource: o.target,
          parameters: o.parameters ?? { TARGET_NAMESPACE: namespace },
          confidence: 0.92,
          rationale: 'Pod is crash looping after a config change.',
          remediationRequestRef: { apiVersion: `${GROUP}/${VERSION}`, kind: 'RemediationRequest', name: o.rr, namespace },
        },
      },
    })) as { metadata: { uid: string } };
    return { uid: created.metadata.uid };
  }

  async status(namespace: string, name: string, status: Record<string, unknown>): Promise<void> {
    await this.custom.patchNamespacedCustomObjectStatus(
      { group: GROUP, version: VERSION, namespace, plural: 'workflowexecutions', name, body: { status } },
      mergePatch,
    );
  }

  async tekton(kind: 'pipelineruns' | 'taskruns', namespace: string, body: Record<string, unknown>, status: Record<string, unknown>): Promise<void> {
    const name = (body.metadata as { name: string }).name;
    await this.custom.createNamespacedCustomObject({ group: 'tekton.dev', version: 'v1', namespace, plural: kind, body: { apiVersion: 'tekton.dev/v1', kind: kind === 'pipelineruns' ? 'PipelineRun' : 'TaskRun', ...body } });
    await this.custom.patchNamespacedCustomObjectStatus({ group: 'tekton.dev', version: 'v1', namespace, plural: kind, name, body: { status } }, mergePatch);
  }
}

export function readyCondition(status: 'True' | 'False' | 'Unknown', reason: string, message = ''): Record<string, unknown> {
  return { type: 'Ready', status, reason, message, lastTransitionTime: new Date().toISOString() };
}

/** Polls until `fn` returns a truthy value (or throws the last error after `timeoutMs`). */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
