// Arranges the Kubernetes side of a scenario on the local stack with its admin
// kubeconfig (STACK_ADMIN_KUBECONFIG): a RemediationRequest and its WorkflowExecution,
// with status written through the status subresource as Kubernaut's controllers do.
// For tests, benches and demos only; Flightdeck itself never writes to Kubernetes.
import * as k8s from '@kubernetes/client-node';
import { DEFAULT_SIGNAL, signalFingerprint, stackEnv, type ScenarioFailure, type ScenarioWorkflow, type StorySignal } from './scenario';

const GROUP = 'kubernaut.ai';
const VERSION = 'v1alpha1';

export interface AdminClients {
  kc: k8s.KubeConfig;
  core: k8s.CoreV1Api;
  custom: k8s.CustomObjectsApi;
}

/** The custom objects this module writes, as far as it reads them back. */
interface CustomObject {
  metadata: { name: string; namespace: string };
  [field: string]: unknown;
}

type WorkflowPhase = 'Pending' | 'Running' | 'Completed' | 'Failed';

/** Labels and annotations to put on a created object (for example to find it again). */
export interface ObjectMarks {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** API clients acting as the stack's cluster admin. */
export function adminClients(kubeconfig = process.env.STACK_ADMIN_KUBECONFIG || stackEnv().STACK_ADMIN_KUBECONFIG): AdminClients {
  if (!kubeconfig) throw new Error('STACK_ADMIN_KUBECONFIG is not set and the stack env has none (is the stack up?)');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  return { kc, core: kc.makeApiClient(k8s.CoreV1Api), custom: kc.makeApiClient(k8s.CustomObjectsApi) };
}

/**
 * The admin's kubeconfig acting as `user` (Impersonate-User), as `kubectl --as <user>`
 * would: admission webhooks such as Kubernaut's AuthWebhook see that user.
 */
export function impersonating(admin: k8s.KubeConfig, user: string): k8s.KubeConfig {
  const cluster = admin.getCurrentCluster();
  const current = admin.getCurrentUser();
  if (!cluster || !current) throw new Error('admin kubeconfig has no current context');
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ ...current, name: 'impersonated', impersonateUser: user }],
    contexts: [{ name: 'impersonated', cluster: cluster.name, user: 'impersonated' }],
    currentContext: 'impersonated',
  });
  return kc;
}

/** Creates the namespace unless it exists (namespaces never finish deleting on the stack). */
export async function ensureNamespace(clients: AdminClients, name: string): Promise<void> {
  try {
    await clients.core.createNamespace({ body: { metadata: { name } } });
  } catch (err) {
    if (!(err instanceof k8s.ApiException) || err.code !== 409) throw err;
  }
}

/** A RemediationRequest named after the correlation, with an overall phase. */
export async function createRemediationRequest(
  clients: AdminClients,
  {
    namespace,
    name,
    overallPhase = 'Executing',
    outcome,
    signal = DEFAULT_SIGNAL,
    targetNamespace = namespace,
    firedAt = Date.now(),
    marks = {},
    status = {},
  }: {
    namespace: string;
    name: string;
    overallPhase?: string;
    outcome?: string;
    signal?: StorySignal;
    targetNamespace?: string;
    firedAt?: number;
    marks?: ObjectMarks;
    /** More status fields (failurePhase, blockReason, …). */
    status?: Record<string, unknown>;
  },
): Promise<unknown> {
  const fired = new Date(firedAt).toISOString();
  const body = {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'RemediationRequest',
    metadata: { name, namespace, ...marks },
    spec: {
      signalFingerprint: signalFingerprint(name),
      signalName: signal.name,
      severity: signal.severity,
      signalType: 'alert',
      targetType: 'kubernetes',
      targetResource: { kind: signal.kind, name: signal.resource, namespace: targetNamespace },
      firingTime: fired,
      receivedTime: fired,
    },
  };
  const created = (await clients.custom.createNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural: 'remediationrequests', body })) as CustomObject;
  return setStatus(clients, 'remediationrequests', created, { overallPhase, ...(outcome ? { outcome } : {}), ...status });
}

/**
 * The WorkflowExecution `we-<rr>` of a scenario's workflow, then its status: phase,
 * times, executionRef, conditions and (when failed) failureDetails.
 */
export async function createWorkflowExecution(
  clients: AdminClients,
  wf: ScenarioWorkflow,
  {
    phase,
    startedAt,
    endedAt,
    failure,
    engine = 'tekton',
    marks = {},
    tasks,
  }: {
    phase?: WorkflowPhase;
    startedAt?: number;
    endedAt?: number;
    failure?: ScenarioFailure;
    engine?: 'tekton' | 'job';
    marks?: ObjectMarks;
    /** Adds executionStatus and the ExecutionRunning/ExecutionComplete conditions the controller writes. */
    tasks?: { completed: number; total: number };
  } = {},
): Promise<unknown> {
  const body = {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'WorkflowExecution',
    metadata: { name: wf.name, namespace: wf.namespace, ...marks },
    spec: {
      workflowRef: { workflowId: wf.workflowId, version: wf.version, executionBundle: wf.executionBundle },
      targetResource: wf.targetResource,
      parameters: wf.parameters,
      confidence: 0.87,
      rationale: 'The pods crash-loop after a config change; a rolling restart picks up the fixed ConfigMap.',
      remediationRequestRef: { apiVersion: `${GROUP}/${VERSION}`, kind: 'RemediationRequest', name: wf.correlationId, namespace: wf.namespace },
    },
  };
  const created = (await clients.custom.createNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: wf.namespace, plural: 'workflowexecutions', body })) as CustomObject;
  if (!phase) return created;
  const iso = (ms: number) => new Date(ms).toISOString();
  const conditions: Record<string, string>[] = [];
  if (startedAt !== undefined) conditions.push({ type: 'ExecutionCreated', status: 'True', reason: 'ExecutionCreated', message: `${engine} execution resource ${wf.pipelineRun} created`, lastTransitionTime: iso(startedAt) });
  const status: Record<string, unknown> = { phase, conditions };
  if (startedAt !== undefined) {
    status.startTime = iso(startedAt);
    status.executionRef = { name: wf.pipelineRun };
    status.executionEngine = engine;
  }
  if (endedAt !== undefined) {
    status.completionTime = iso(endedAt);
    if (startedAt !== undefined) status.duration = `${Math.round((endedAt - startedAt) / 1000)}s`;
    conditions.push({ type: 'Ready', status: phase === 'Completed' ? 'True' : 'False', reason: phase === 'Completed' ? 'Ready' : 'NotReady', message: `Workflow execution ${phase.toLowerCase()}`, lastTransitionTime: iso(endedAt) });
  }
  if (tasks && startedAt !== undefined) {
    conditions.push({ type: 'ExecutionRunning', status: 'True', reason: 'ExecutionStarted', message: `${engine} execution resource ${wf.pipelineRun} is running`, lastTransitionTime: iso(startedAt + 1_000) });
    const done = endedAt !== undefined;
    const ok = phase === 'Completed';
    status.executionStatus = {
      status: done ? (ok ? 'True' : 'False') : 'Unknown',
      reason: done ? (ok ? 'Succeeded' : 'Failed') : 'Running',
      completedTasks: tasks.completed,
      totalTasks: tasks.total,
    };
    if (done) {
      conditions.push({
        type: 'ExecutionComplete',
        status: ok ? 'True' : 'False',
        reason: ok ? 'ExecutionSucceeded' : (failure?.reason ?? 'ExecutionFailed'),
        message: ok ? 'Workflow execution completed successfully' : (failure?.message ?? 'Workflow execution failed'),
        lastTransitionTime: iso(endedAt),
      });
    }
  }
  if (phase === 'Failed' && failure) {
    status.failureDetails = {
      failedTaskIndex: failure.failedTaskIndex ?? 0,
      failedTaskName: failure.failedTaskName ?? '',
      ...(failure.failedStepName ? { failedStepName: failure.failedStepName } : {}),
      reason: failure.reason,
      message: failure.message,
      ...(failure.exitCode !== undefined ? { exitCode: failure.exitCode } : {}),
      failedAt: iso(endedAt ?? Date.now()),
      naturalLanguageSummary: failure.naturalLanguageSummary ?? failure.message,
      wasExecutionFailure: failure.wasExecutionFailure ?? startedAt !== undefined,
    };
  }
  return setStatus(clients, 'workflowexecutions', created, status);
}

async function setStatus(clients: AdminClients, plural: string, object: CustomObject, status: Record<string, unknown>): Promise<unknown> {
  const { namespace, name } = object.metadata;
  return clients.custom.replaceNamespacedCustomObjectStatus({ group: GROUP, version: VERSION, namespace, plural, name, body: { ...object, status } });
}
