/** Builders of WorkflowExecution objects for unit tests (shapes from Kubernaut's CRD). */
import { toCachedExecution, type CachedExecution } from './wire';

let counter = 0;

export interface WfeInput {
  name?: string;
  namespace?: string;
  uid?: string;
  created?: string;
  workflowId?: string;
  target?: string;
  rr?: string;
  parameters?: Record<string, string>;
  status?: Record<string, unknown>;
  spec?: Record<string, unknown>;
}

export function rawWfe(input: WfeInput = {}): Record<string, unknown> {
  counter += 1;
  const name = input.name ?? `we-rr-${counter}`;
  return {
    apiVersion: 'kubernaut.ai/v1alpha1',
    kind: 'WorkflowExecution',
    metadata: {
      name,
      namespace: input.namespace ?? 'payments',
      uid: input.uid ?? `uid-${String(counter).padStart(5, '0')}`,
      resourceVersion: String(1000 + counter),
      creationTimestamp: input.created ?? new Date(Date.UTC(2025, 0, 1, 0, counter)).toISOString(),
      managedFields: [{ manager: 'kubectl' }],
    },
    spec: {
      workflowRef: { workflowId: input.workflowId ?? 'restart-pod', version: '1.0.0', executionBundle: 'quay.io/kubernaut/restart@sha256:abc' },
      targetResource: input.target ?? 'payments/deployment/api',
      parameters: input.parameters ?? { TARGET_NAME: 'api' },
      remediationRequestRef: { apiVersion: 'kubernaut.ai/v1alpha1', kind: 'RemediationRequest', name: input.rr ?? name.replace(/^we-/, ''), namespace: input.namespace ?? 'payments' },
      ...input.spec,
    },
    ...(input.status ? { status: input.status } : {}),
  };
}

export function cached(input: WfeInput = {}): CachedExecution {
  const e = toCachedExecution(rawWfe(input));
  if (!e) throw new Error('fixture did not reshape');
  return e;
}
