/**
 * The Deployments of the Kubernaut services the readiness page gates. The stack runs
 * Data Storage and the controllers as local processes, without a controller-manager or
 * kubelet, so there are no Deployments in kubernaut-system unless someone writes them:
 * the demo writes one per reported service with the status the Deployment controller
 * would (all replicas ready), labelled as the demo's.
 */
import * as k8s from '@kubernetes/client-node';
import type { AdminClients } from '../scenario/k8s';
import { demoMarks } from './marks';
import { REPORT_SERVICES } from './reports';

export const INFRA_NAMESPACE = 'kubernaut-system';

const DEPLOYMENT_NAMES: Record<(typeof REPORT_SERVICES)[number], string> = {
  workflowexecution: 'workflowexecution-controller',
  datastorage: 'datastorage',
  gateway: 'gateway',
  remediationorchestrator: 'remediationorchestrator-controller',
};

/** Creates (or keeps) the Deployments and marks them ready; returns their names. */
export async function ensureServiceDeployments(clients: AdminClients, instance: string): Promise<string[]> {
  const apps = clients.kc.makeApiClient(k8s.AppsV1Api);
  const names: string[] = [];
  for (const service of REPORT_SERVICES) {
    const name = DEPLOYMENT_NAMES[service];
    const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'kubernaut' };
    const marks = demoMarks(instance, 'infrastructure');
    try {
      await apps.createNamespacedDeployment({
        namespace: INFRA_NAMESPACE,
        body: {
          metadata: { name, labels: { ...labels, ...marks.labels } },
          spec: {
            replicas: 1,
            selector: { matchLabels: labels },
            template: { metadata: { labels }, spec: { containers: [{ name: service, image: `quay.io/jordigilh/kubernaut-${service}:v1.5.7` }] } },
          },
        },
      });
    } catch (err) {
      if (!(err instanceof k8s.ApiException) || err.code !== 409) throw err;
    }
    const d = await apps.readNamespacedDeployment({ name, namespace: INFRA_NAMESPACE });
    if (d.metadata?.labels?.[Object.keys(marks.labels)[0]!] === undefined) continue; // not ours: leave it alone
    d.status = {
      observedGeneration: d.metadata?.generation,
      replicas: 1,
      updatedReplicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }],
    };
    await apps.replaceNamespacedDeploymentStatus({ name, namespace: INFRA_NAMESPACE, body: d });
    names.push(name);
  }
  return names;
}
