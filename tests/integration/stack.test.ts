/**
 * Proves the local stack is the real thing: the real WorkflowExecution CRD validates
 * objects the way Kubernaut's API does, and the real Data Storage authenticates tokens
 * through the real kube-apiserver (write as the audit writer, read as Flightdeck, and
 * refuse an identity without the reader rule).
 */
import { randomUUID } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { readToken, stackVar } from './stack';

const NS = `stack-it-${Date.now().toString(36)}`;

function adminClients() {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(stackVar('STACK_ADMIN_KUBECONFIG'));
  return { core: kc.makeApiClient(k8s.CoreV1Api), custom: kc.makeApiClient(k8s.CustomObjectsApi) };
}

function wfe(name: string, overrides: Record<string, unknown> = {}) {
  return {
    apiVersion: 'kubernaut.ai/v1alpha1',
    kind: 'WorkflowExecution',
    metadata: { name, namespace: NS },
    spec: {
      remediationRequestRef: { apiVersion: 'kubernaut.ai/v1alpha1', kind: 'RemediationRequest', name: `rr-${name}`, namespace: NS },
      workflowRef: { workflowId: 'restart-deployment', version: 'v1.0.0', executionBundle: 'quay.io/kubernaut/restart:v1' },
      targetResource: `${NS}/Deployment/api`,
      ...overrides,
    },
  };
}

const wfeApi = { group: 'kubernaut.ai', version: 'v1alpha1', plural: 'workflowexecutions' } as const;

async function apiError(promise: Promise<unknown>): Promise<{ code: number; body: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { code?: number; body?: unknown };
    return { code: e.code ?? 0, body: typeof e.body === 'string' ? e.body : JSON.stringify(e.body) };
  }
  throw new Error('expected the API server to reject the request');
}

describe('kube-apiserver with Kubernaut CRDs', () => {
  const { core, custom } = adminClients();

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: NS } } });
  });

  it('accepts a valid WorkflowExecution and serves it back', async () => {
    await custom.createNamespacedCustomObject({ ...wfeApi, namespace: NS, body: wfe('we-valid') });
    const got = (await custom.getNamespacedCustomObject({ ...wfeApi, namespace: NS, name: 'we-valid' })) as { spec: { targetResource: string } };
    expect(got.spec.targetResource).toBe(`${NS}/Deployment/api`);
  });

  it('rejects a status phase outside the enum', async () => {
    await custom.createNamespacedCustomObject({ ...wfeApi, namespace: NS, body: wfe('we-enum') });
    const err = await apiError(
      custom.patchNamespacedCustomObjectStatus(
        { ...wfeApi, namespace: NS, name: 'we-enum', body: { status: { phase: 'Exploded' } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      ),
    );
    expect(err.code).toBe(422);
    const status = JSON.parse(err.body) as { details: { causes: { field: string; reason: string }[] } };
    expect(status.details.causes).toContainEqual(expect.objectContaining({ field: 'status.phase', reason: 'FieldValueNotSupported' }));
  });

  it('rejects a change to the immutable spec', async () => {
    await custom.createNamespacedCustomObject({ ...wfeApi, namespace: NS, body: wfe('we-immutable') });
    const err = await apiError(
      custom.patchNamespacedCustomObject(
        { ...wfeApi, namespace: NS, name: 'we-immutable', body: { spec: { targetResource: `${NS}/Deployment/other` } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      ),
    );
    expect(err.code).toBe(422);
    expect(err.body).toMatch(/immutable/i);
  });

  it("refuses writes from Flightdeck's read-only identity", async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(stackVar('KUBECONFIG'));
    const readonly = kc.makeApiClient(k8s.CustomObjectsApi);
    const list = (await readonly.listNamespacedCustomObject({ ...wfeApi, namespace: NS })) as { items: unknown[] };
    expect(list.items.length).toBeGreaterThanOrEqual(3);
    const err = await apiError(readonly.createNamespacedCustomObject({ ...wfeApi, namespace: NS, body: wfe('we-forbidden') }));
    expect(err.code).toBe(403);
  });
});

describe('Data Storage v1.5.7 behind the real kube-apiserver', () => {
  const base = stackVar('DATASTORAGE_URL');
  const correlation = `rr-stack-it-${randomUUID().slice(0, 8)}`;

  function event(type: string, phase: string) {
    return {
      version: '1.0',
      event_type: type,
      event_timestamp: new Date().toISOString(),
      event_category: 'workflowexecution',
      event_action: type.split('.').slice(1).join('.'),
      event_outcome: 'success',
      actor_type: 'service',
      actor_id: 'workflowexecution-controller',
      resource_type: 'WorkflowExecution',
      resource_id: `we-${correlation}`,
      correlation_id: correlation,
      namespace: NS,
      event_data: {
        event_type: type,
        workflow_id: 'restart-deployment',
        workflow_version: 'v1.0.0',
        target_resource: `${NS}/Deployment/api`,
        phase,
        container_image: 'quay.io/kubernaut/restart:v1',
        execution_name: `we-${correlation}`,
      },
    };
  }

  it('stores a batch written with the writer token and returns it to Flightdeck', async () => {
    const write = await fetch(`${base}/api/v1/audit/events/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${readToken('STACK_DATASTORAGE_WRITER_TOKEN_FILE')}`, 'content-type': 'application/json' },
      body: JSON.stringify([event('workflowexecution.selection.completed', 'Pending'), event('workflowexecution.execution.started', 'Running')]),
    });
    expect(write.status).toBe(201);

    const read = await fetch(`${base}/api/v1/audit/events?correlation_id=${correlation}`, {
      headers: { authorization: `Bearer ${readToken('DATASTORAGE_TOKEN_FILE')}` },
    });
    expect(read.status).toBe(200);
    const body = (await read.json()) as { data: { event_type: string; correlation_id: string }[]; pagination: { total: number } };
    expect(body.pagination.total).toBe(2);
    expect(body.data.map((e) => e.event_type).sort()).toEqual(['workflowexecution.execution.started', 'workflowexecution.selection.completed']);
  });

  it('answers 403 problem+json to a token without the reader rule', async () => {
    const res = await fetch(`${base}/api/v1/audit/events?limit=1`, {
      headers: { authorization: `Bearer ${readToken('STACK_NOREADER_TOKEN_FILE')}` },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { status: number }).status).toBe(403);
  });

  it("refuses audit writes from Flightdeck's reader token", async () => {
    const res = await fetch(`${base}/api/v1/audit/events/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${readToken('DATASTORAGE_TOKEN_FILE')}`, 'content-type': 'application/json' },
      body: JSON.stringify([event('workflowexecution.selection.completed', 'Pending')]),
    });
    expect(res.status).toBe(403);
  });
});
