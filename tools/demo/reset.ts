/**
 * `--reset`: removes what the demo created, found by its label. Kubernetes objects go
 * (RemediationRequests, WorkflowExecutions, the PipelineRuns, TaskRuns and Jobs Kubernaut's
 * controller created for the demo's executions, the service Deployments, the backfill
 * marker), and so do its test reports in Flightdeck's database (run ids `<instance>-…`).
 * Audit events stay: Data Storage's audit trail is append-only by design and has no
 * delete API. The namespaces stay too (on the stack, deleted namespaces never finish
 * terminating: there is no namespace controller).
 */
import * as k8s from '@kubernetes/client-node';
import pg from 'pg';
import type { AdminClients } from '../scenario/k8s';
import { demoSelector } from './marks';

export interface ResetResult {
  remediationRequests: number;
  workflowExecutions: number;
  executionResources: number;
  deployments: number;
  configMaps: number;
  reports: number | null;
}

interface Listed {
  metadata: { name: string; namespace: string };
  status?: { executionRef?: { name?: string }; executionEngine?: string };
}

async function listAll(clients: AdminClients, group: string, version: string, plural: string, labelSelector: string): Promise<Listed[]> {
  const list = (await clients.custom.listClusterCustomObject({ group, version, plural, labelSelector })) as { items: Listed[] };
  return list.items;
}

async function ignoreNotFound(p: Promise<unknown>): Promise<boolean> {
  try {
    await p;
    return true;
  } catch (err) {
    if (err instanceof k8s.ApiException && err.code === 404) return false;
    throw err;
  }
}

/** Deletes everything the demo instance created; `databaseUrl` is Flightdeck's own database. */
export async function resetDemo(clients: AdminClients, instance: string, databaseUrl?: string): Promise<ResetResult> {
  const selector = demoSelector(instance);
  const result: ResetResult = { remediationRequests: 0, workflowExecutions: 0, executionResources: 0, deployments: 0, configMaps: 0, reports: null };
  const wfes = await listAll(clients, 'kubernaut.ai', 'v1alpha1', 'workflowexecutions', selector);
  for (const w of wfes) {
    const ref = w.status?.executionRef?.name;
    // Execution resources live in kubernaut-workflows and carry the WorkflowExecution's name.
    if (ref && w.metadata.namespace === 'kubernaut-system') {
      if (w.status?.executionEngine === 'job') {
        if (await ignoreNotFound(clients.custom.deleteNamespacedCustomObject({ group: 'batch', version: 'v1', plural: 'jobs', namespace: 'kubernaut-workflows', name: ref }))) result.executionResources += 1;
      } else {
        const taskRuns = (await clients.custom.listNamespacedCustomObject({ group: 'tekton.dev', version: 'v1', plural: 'taskruns', namespace: 'kubernaut-workflows', labelSelector: `tekton.dev/pipelineRun=${ref}` })) as { items: Listed[] };
        for (const tr of taskRuns.items) await ignoreNotFound(clients.custom.deleteNamespacedCustomObject({ group: 'tekton.dev', version: 'v1', plural: 'taskruns', namespace: 'kubernaut-workflows', name: tr.metadata.name }));
        if (await ignoreNotFound(clients.custom.deleteNamespacedCustomObject({ group: 'tekton.dev', version: 'v1', plural: 'pipelineruns', namespace: 'kubernaut-workflows', name: ref }))) result.executionResources += 1;
      }
    }
    if (await ignoreNotFound(clients.custom.deleteNamespacedCustomObject({ group: 'kubernaut.ai', version: 'v1alpha1', plural: 'workflowexecutions', namespace: w.metadata.namespace, name: w.metadata.name }))) result.workflowExecutions += 1;
  }
  for (const r of await listAll(clients, 'kubernaut.ai', 'v1alpha1', 'remediationrequests', selector)) {
    if (await ignoreNotFound(clients.custom.deleteNamespacedCustomObject({ group: 'kubernaut.ai', version: 'v1alpha1', plural: 'remediationrequests', namespace: r.metadata.namespace, name: r.metadata.name }))) result.remediationRequests += 1;
  }
  const apps = clients.kc.makeApiClient(k8s.AppsV1Api);
  for (const d of (await apps.listDeploymentForAllNamespaces({ labelSelector: selector })).items) {
    if (await ignoreNotFound(apps.deleteNamespacedDeployment({ name: d.metadata!.name!, namespace: d.metadata!.namespace! }))) result.deployments += 1;
  }
  for (const c of (await clients.core.listConfigMapForAllNamespaces({ labelSelector: selector })).items) {
    if (await ignoreNotFound(clients.core.deleteNamespacedConfigMap({ name: c.metadata!.name!, namespace: c.metadata!.namespace! }))) result.configMaps += 1;
  }
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const exists = await client.query(`SELECT to_regclass('readiness_runs') IS NOT NULL AS ok`);
      if ((exists.rows[0] as { ok: boolean }).ok) {
        // Cases go with their runs (ON DELETE CASCADE).
        const res = await client.query(`DELETE FROM readiness_runs WHERE run_id LIKE $1`, [`${instance}-%`]);
        result.reports = res.rowCount ?? 0;
      } else {
        result.reports = 0;
      }
    } finally {
      await client.end();
    }
  }
  return result;
}
