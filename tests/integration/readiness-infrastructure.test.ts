/**
 * Live infrastructure readiness against the local stack's real kube-apiserver and Data
 * Storage. With no kubelet or controllers, the test sets Deployment and Pod status
 * through the status subresource (as a kubelet and the deployment controller would),
 * deletes and restores a required CRD, and stops and restarts Data Storage; after each
 * change the gate must turn red naming the item and why, then green again.
 *
 * The checked namespaces are fresh ones per run (READINESS_NAMESPACES), so pods that
 * other tests leave in kubernaut-system/kubernaut-workflows cannot colour the gate.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getOverview } from '@/app/api/v1/readiness/route';
import { GET as getInfra } from '@/app/api/v1/readiness/infrastructure/route';
import { getDb } from '@/lib/db';
import { resetEnvForTests } from '@/lib/env';
import { subscribe } from '@/lib/live/bus';
import { resetInfrastructureCacheForTests } from '@/lib/readiness/infrastructure';
import { ingestReport } from '@/lib/readiness/ingest';
import { INFRA_LIVE_EVENT, ingestQuerySchema, type InfrastructureSnapshot, type ReadinessOverview } from '@/lib/schemas/readiness';
import { stackCliArgs } from '@/tools/stack/cli-args';
import { stackVar } from './stack';

const RUN = randomBytes(3).toString('hex');
const NS = `fd-ready-${RUN}-sys`;
const NS_WF = `fd-ready-${RUN}-wf`;
const SCHEMA = `readiness_infra_${RUN}`;
const TEKTON_CRD = 'pipelineruns.tekton.dev';
const AUTH_POD = 'authwebhook-7d9f8b6c5-x2k4p';
const DS_POD = 'datastorage-6b8c9d7f4-q8w2z';

let kc: k8s.KubeConfig;
let apps: k8s.AppsV1Api;
let core: k8s.CoreV1Api;
let ext: k8s.ApiextensionsV1Api;
let adminPool: pg.Pool;

async function infra(): Promise<InfrastructureSnapshot> {
  resetInfrastructureCacheForTests();
  const res = await getInfra(new Request('http://flightdeck.test/api/v1/readiness/infrastructure'), { params: Promise.resolve({}) });
  expect(res.status).toBe(200);
  return (await res.json()) as InfrastructureSnapshot;
}

async function overview(): Promise<ReadinessOverview> {
  resetInfrastructureCacheForTests();
  const res = await getOverview(new Request('http://flightdeck.test/api/v1/readiness'), { params: Promise.resolve({}) });
  expect(res.status).toBe(200);
  return (await res.json()) as ReadinessOverview;
}

/** Retries `check` until it stops throwing (the API and Data Storage settle asynchronously). */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

function reasons(s: { reasons: { item: string; message: string }[] }): string[] {
  return s.reasons.map((r) => `${r.item} ${r.message}`);
}

async function createDeployment(name: string): Promise<void> {
  const labels = { app: name };
  await apps.createNamespacedDeployment({
    namespace: NS,
    body: {
      metadata: { name, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name, image: `registry.invalid/kubernaut/${name}:v1.5.7` }] } },
      },
    },
  });
}

async function setDeploymentReady(name: string, ready: boolean): Promise<void> {
  const d = await apps.readNamespacedDeployment({ name, namespace: NS });
  d.status = {
    observedGeneration: d.metadata?.generation,
    replicas: 1,
    updatedReplicas: 1,
    readyReplicas: ready ? 1 : 0,
    availableReplicas: ready ? 1 : 0,
    ...(ready ? {} : { unavailableReplicas: 1 }),
    conditions: [
      {
        type: 'Available',
        status: ready ? 'True' : 'False',
        reason: ready ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        message: ready ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
      },
    ],
  };
  await apps.replaceNamespacedDeploymentStatus({ name, namespace: NS, body: d });
}

async function createPod(name: string, app: string, namespace = NS, owner?: k8s.V1OwnerReference): Promise<void> {
  await core.createNamespacedPod({
    namespace,
    body: {
      metadata: { name, labels: { app, 'pod-template-hash': name.split('-').at(-2) ?? '' }, ...(owner ? { ownerReferences: [owner] } : {}) },
      spec: { automountServiceAccountToken: false, containers: [{ name: app, image: `registry.invalid/kubernaut/${app}:v1.5.7` }] },
    },
  });
}

/** Writes the status a kubelet would: phase and the Ready condition, plus container states. */
async function setPodStatus(name: string, s: { phase: string; ready: boolean; restarts?: number; waiting?: string; namespace?: string }): Promise<void> {
  const namespace = s.namespace ?? NS;
  const pod = await core.readNamespacedPod({ name, namespace });
  const now = new Date();
  const container = pod.spec?.containers[0]?.name ?? 'main';
  pod.status = {
    phase: s.phase,
    conditions: [
      { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
      { type: 'Initialized', status: 'True', lastTransitionTime: now },
      { type: 'ContainersReady', status: s.ready ? 'True' : 'False', lastTransitionTime: now, ...(s.ready ? {} : { reason: 'ContainersNotReady' }) },
      {
        type: 'Ready',
        status: s.ready ? 'True' : 'False',
        lastTransitionTime: now,
        ...(s.ready ? {} : { reason: 'ContainersNotReady', message: `containers with unready status: [${container}]` }),
      },
    ],
    containerStatuses: [
      {
        name: container,
        image: pod.spec?.containers[0]?.image ?? '',
        imageID: '',
        ready: s.ready,
        started: s.ready,
        restartCount: s.restarts ?? 0,
        state: s.waiting ? { waiting: { reason: s.waiting } } : { running: { startedAt: now } },
      },
    ],
  };
  await core.replaceNamespacedPodStatus({ name, namespace, body: pod });
}

async function warn(pod: string, reason: string, message: string): Promise<void> {
  const now = new Date();
  await core.createNamespacedEvent({
    namespace: NS,
    body: {
      metadata: { name: `${pod}.${randomBytes(4).toString('hex')}` },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: pod, namespace: NS },
      reason,
      message,
      type: 'Warning',
      count: 5,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component: 'kubelet' },
    },
  });
}

function stack(command: string): void {
  const res = spawnSync(process.execPath, stackCliArgs(command), { encoding: 'utf8', timeout: 180_000 });
  if (res.status !== 0) throw new Error(`stack ${command} failed (exit ${res.status}):\n${res.stdout}\n${res.stderr}`);
}

/** Re-creates the Tekton PipelineRun CRD from Kubernaut's module (as the stack installs it) and waits until it serves. */
async function restoreTektonCrd(): Promise<void> {
  const exists = await ext.readCustomResourceDefinition({ name: TEKTON_CRD }).then(
    () => true,
    () => false,
  );
  if (!exists) {
    const gomodcache = spawnSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).stdout.trim();
    const file = path.join(gomodcache, 'github.com/jordigilh/kubernaut@v1.5.7/config/crd/tekton/pipelineruns_tekton_dev.yaml');
    // loadYaml maps YAML keys (x-kubernetes-*) onto client-node's models; a plain parse would drop them.
    const body = k8s.loadYaml<k8s.V1CustomResourceDefinition>(readFileSync(file, 'utf8'));
    await eventually(() => ext.createCustomResourceDefinition({ body }), 60_000);
  }
  await eventually(async () => {
    const crd = await ext.readCustomResourceDefinition({ name: TEKTON_CRD });
    if (!crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) throw new Error('not Established yet');
  }, 60_000);
  // The apiserver answers 429 until the resource's storage is initialised: wait it out for other tests.
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  await eventually(() => custom.listClusterCustomObject({ group: 'tekton.dev', version: 'v1', plural: 'pipelineruns', limit: 1 }), 60_000);
}

beforeAll(async () => {
  kc = new k8s.KubeConfig();
  kc.loadFromFile(stackVar('STACK_ADMIN_KUBECONFIG'));
  apps = kc.makeApiClient(k8s.AppsV1Api);
  core = kc.makeApiClient(k8s.CoreV1Api);
  ext = kc.makeApiClient(k8s.ApiextensionsV1Api);

  // A previous run that died mid-test may have left the CRD deleted or Data Storage stopped.
  await restoreTektonCrd();
  stack('start-datastorage');

  for (const namespace of [NS, NS_WF]) {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    // No controller-manager creates the default ServiceAccount that pod admission looks up.
    await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'default' } } });
  }
  await createDeployment('authwebhook');
  await createDeployment('datastorage');
  await createPod(AUTH_POD, 'authwebhook');
  await createPod(DS_POD, 'datastorage');
  for (const d of ['authwebhook', 'datastorage']) await setDeploymentReady(d, true);
  for (const p of [AUTH_POD, DS_POD]) await setPodStatus(p, { phase: 'Running', ready: true });
  // An execution pod that failed: shown, but an execution failing is not the installation being unready.
  await createPod('wfe-3f9a1c-run-step-pod', 'wfe-3f9a1c', NS_WF, { apiVersion: 'tekton.dev/v1', kind: 'TaskRun', name: 'wfe-3f9a1c-run', uid: '7b1f6a3e-0000-4000-8000-000000000001' });
  await setPodStatus('wfe-3f9a1c-run-step-pod', { phase: 'Failed', ready: false, namespace: NS_WF });

  // Runs go to a schema of their own so the matrix shows only this test's services.
  const url = stackVar('DATABASE_URL');
  adminPool = new pg.Pool({ connectionString: url, max: 1 });
  await adminPool.query(`CREATE SCHEMA ${SCHEMA}`);
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${SCHEMA}`);
  process.env.DATABASE_URL = u.toString();
  process.env.READINESS_NAMESPACES = `${NS},${NS_WF}`;
  resetEnvForTests();

  const green = '<testsuite name="s" tests="2"><testcase name="a"/><testcase name="b"/></testsuite>';
  for (const service of ['authwebhook', 'datastorage']) {
    await ingestReport(await getDb(), ingestQuerySchema.parse({ service, tier: 'unit', commit: 'abc1234', runId: RUN }), green, { contentType: 'application/xml' });
  }
}, 300_000);

afterAll(async () => {
  // Other suites need the CRD and Data Storage: restore them whatever happened.
  await restoreTektonCrd().catch((err: unknown) => console.error('restoring the Tekton CRD failed', err));
  try {
    stack('start-datastorage');
  } catch (err) {
    console.error(err);
  }
  await (await getDb().catch(() => undefined))?.close();
  if (adminPool) {
    await adminPool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
    await adminPool.end();
  }
}, 300_000);

describe('infrastructure readiness on the local stack', () => {
  it('is green when Deployments, Pods, CRDs and Data Storage are ready', async () => {
    const s = await eventually(async () => {
      const snap = await infra();
      expect(reasons(snap)).toEqual([]);
      return snap;
    });
    expect(s.ready).toBe(true);
    expect(s.namespaces.map((n) => n.name)).toEqual([NS, NS_WF]);
    const sys = s.namespaces[0];
    expect(sys?.deployments.map((d) => [d.name, d.readyReplicas, d.replicas, d.ready])).toEqual([
      ['authwebhook', 1, 1, true],
      ['datastorage', 1, 1, true],
    ]);
    expect(sys?.pods.find((p) => p.name === AUTH_POD)).toMatchObject({ phase: 'Running', readyCondition: 'True', ready: true, deployment: 'authwebhook', counted: true });
    expect(s.namespaces[1]?.pods).toEqual([expect.objectContaining({ name: 'wfe-3f9a1c-run-step-pod', phase: 'Failed', ready: false, counted: false })]);
    expect(s.crds.map((c) => [c.name, c.established])).toEqual([
      ['workflowexecutions.kubernaut.ai', true],
      ['remediationrequests.kubernaut.ai', true],
      [TEKTON_CRD, true],
    ]);
    expect(s.dataStorage).toEqual({ ready: true, message: null });

    const o = await overview();
    expect(o.services.map((x) => [x.service, x.ready, x.deployments])).toEqual([
      ['authwebhook', true, [`${NS}/authwebhook`]],
      ['datastorage', true, [`${NS}/datastorage`]],
    ]);
  });

  it('turns red naming a Pod that is not Ready (with restarts and its Warning event) and its Deployment, then green again', async () => {
    // What the live stream would forward to open tabs.
    const published: InfrastructureSnapshot[] = [];
    const unsubscribe = subscribe(INFRA_LIVE_EVENT, (e) => published.push(e.data as InfrastructureSnapshot));
    await setPodStatus(AUTH_POD, { phase: 'Running', ready: false, restarts: 3, waiting: 'CrashLoopBackOff' });
    await setDeploymentReady('authwebhook', false);
    await warn(AUTH_POD, 'BackOff', 'Back-off restarting failed container authwebhook');
    try {
      const s = await eventually(async () => {
        const snap = await infra();
        expect(snap.ready).toBe(false);
        expect(reasons(snap)).toEqual([
          `deployment ${NS}/authwebhook has 0/1 ready replicas (MinimumReplicasUnavailable)`,
          `pod ${NS}/${AUTH_POD} is not Ready: phase Running, Ready=False (ContainersNotReady), container CrashLoopBackOff, 3 restarts; latest warning BackOff: Back-off restarting failed container authwebhook`,
        ]);
        return snap;
      });
      expect(s.namespaces[0]?.pods.find((p) => p.name === AUTH_POD)).toMatchObject({ restarts: 3, warnings: [expect.objectContaining({ reason: 'BackOff', count: 5 })] });
      expect(published.at(-1)).toMatchObject({ ready: false, reasons: s.reasons });

      // Only the service the Deployment belongs to is blocked by it.
      const o = await overview();
      const auth = o.services.find((x) => x.service === 'authwebhook');
      expect(auth?.ready).toBe(false);
      expect(auth?.blocking.map((b) => b.message)).toEqual([
        `Infrastructure: deployment ${NS}/authwebhook has 0/1 ready replicas (MinimumReplicasUnavailable)`,
        expect.stringContaining(`Infrastructure: pod ${NS}/${AUTH_POD} is not Ready`),
      ]);
      expect(o.services.find((x) => x.service === 'datastorage')?.ready).toBe(true);

      // Running but Pending-phase is not ready either, even with a Ready=True condition left over.
      await setPodStatus(AUTH_POD, { phase: 'Pending', ready: true });
      await setDeploymentReady('authwebhook', true);
      await eventually(async () => {
        expect(reasons(await infra())).toEqual([
          `pod ${NS}/${AUTH_POD} is not Ready: phase Pending, Ready=True; latest warning BackOff: Back-off restarting failed container authwebhook`,
        ]);
      });
    } finally {
      await setPodStatus(AUTH_POD, { phase: 'Running', ready: true });
      await setDeploymentReady('authwebhook', true);
    }
    await eventually(async () => {
      const snap = await infra();
      expect(reasons(snap)).toEqual([]);
      expect(snap.ready).toBe(true);
    });
    expect(published.at(-1)?.ready).toBe(true);
    unsubscribe();
  });

  it('turns red when a required CRD is deleted, and green once it is re-created and Established', async () => {
    try {
      await ext.deleteCustomResourceDefinition({ name: TEKTON_CRD });
      // The apiserver's own finalizer removes the stored PipelineRuns, then the CRD.
      await eventually(async () => {
        const gone = await ext.readCustomResourceDefinition({ name: TEKTON_CRD }).then(
          () => false,
          (err: { code?: number }) => err.code === 404,
        );
        expect(gone).toBe(true);
      }, 60_000);
      const s = await infra();
      expect(s.ready).toBe(false);
      expect(reasons(s)).toEqual([`CRD ${TEKTON_CRD} (Tekton PipelineRun) is not installed`]);
      expect(s.crds.find((c) => c.name === TEKTON_CRD)).toMatchObject({ installed: false, established: false });
      const o = await overview();
      // A platform item blocks every service.
      expect(o.services.every((x) => x.blocking.some((b) => b.message === `Infrastructure: CRD ${TEKTON_CRD} (Tekton PipelineRun) is not installed`))).toBe(true);
    } finally {
      await restoreTektonCrd();
    }
    await eventually(async () => {
      const snap = await infra();
      expect(reasons(snap)).toEqual([]);
    });
  });

  it('turns red when Data Storage is stopped, and green once it is back', async () => {
    try {
      stack('stop-datastorage');
      const s = await eventually(async () => {
        const snap = await infra();
        expect(snap.dataStorage.ready).toBe(false);
        return snap;
      });
      expect(s.ready).toBe(false);
      expect(reasons(s)).toEqual([`Data Storage is not ready: ${s.dataStorage.message}`]);
      expect(s.dataStorage.message).toMatch(/Data Storage/);
    } finally {
      stack('start-datastorage');
    }
    await eventually(async () => {
      const snap = await infra();
      expect(reasons(snap)).toEqual([]);
    }, 60_000);
  });
});
