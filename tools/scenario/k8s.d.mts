// Types of k8s.mjs for TypeScript callers (tests).
import type { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import type { ScenarioFailure, ScenarioWorkflow } from './scenario.mjs';

export interface AdminClients {
  kc: KubeConfig;
  core: CoreV1Api;
  custom: CustomObjectsApi;
}

export function adminClients(kubeconfig?: string): AdminClients;
export function ensureNamespace(clients: AdminClients, name: string): Promise<void>;
export function createRemediationRequest(
  clients: AdminClients,
  o: { namespace: string; name: string; overallPhase?: string; outcome?: string },
): Promise<unknown>;
export function createWorkflowExecution(
  clients: AdminClients,
  wf: ScenarioWorkflow,
  o?: { phase?: 'Pending' | 'Running' | 'Completed' | 'Failed'; startedAt?: number; endedAt?: number; failure?: ScenarioFailure },
): Promise<unknown>;
