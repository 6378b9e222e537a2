/**
 * The Helm chart (charts/flightdeck) against the real Helm and the local kube-apiserver:
 * lint, render every documented combination, have the API server accept every rendered
 * object (server-side apply, dry run), then prove the RBAC is neither too small nor too
 * large: with a token of the chart's ServiceAccount Flightdeck's reads succeed, and
 * SelfSubjectRulesReview shows no verb beyond get, list and watch (plus the review
 * creations sign-in needs).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { GET as auditEventsRoute } from '@/app/api/v1/audit/events/route';
import { GET as correlationRoute } from '@/app/api/v1/correlations/[id]/route';
import { GET as detailRoute } from '@/app/api/v1/executions/[namespace]/[name]/route';
import { GET as listRoute } from '@/app/api/v1/executions/route';
import { GET as infraRoute } from '@/app/api/v1/readiness/infrastructure/route';
import { GET as streamRoute } from '@/app/api/v1/stream/route';
import { resetEnvForTests } from '@/lib/env';
import { resetKubeConfigForTests } from '@/lib/k8s/client';
import { reviewAccess, reviewToken } from '@/lib/k8s/reviews';
import { resetExecutionCacheForTests } from '@/lib/executions/cache';
import { resetInfrastructureCacheForTests } from '@/lib/readiness/infrastructure';
import type { ExecutionDetail, ExecutionListResponse } from '@/lib/schemas/executions';
import type { LiveEvent } from '@/lib/schemas/live';
import type { CorrelationView } from '@/lib/schemas/audit';
import type { InfrastructureSnapshot } from '@/lib/schemas/readiness';
import { Arranger, adminConfig, eventually, readyCondition } from './executions-fixtures';
import { ensureServiceMonitorCrd, helmBin, helmMissing, kubeRequest, objectPath, serverSideApply } from './helm';
import { stackVar } from './stack';

const CHART = path.resolve('charts/flightdeck');
const CI_VALUES = path.join(CHART, 'ci');
const RUN = randomBytes(3).toString('hex');
const NS = `fd-chart-${RUN}`;
const TEAM_A = `fd-chart-${RUN}-a`;
const TEAM_B = `fd-chart-${RUN}-b`;
const EXEC_NS = 'kubernaut-workflows';
const BASE = 'http://flightdeck.test';
const FIELD_MANAGER = 'flightdeck-chart-test';
const MISSING = helmMissing();
const skipReason = MISSING ? ` (skipped: ${MISSING})` : '';

type Obj = k8s.KubernetesObject & Record<string, unknown>;

const admin = new Arranger();
const kc = adminConfig();
let kubeVersion = '';

function helm(args: string[]): string {
  const res = spawnSync(helmBin(), args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`helm ${args.join(' ')} failed (exit ${res.status}):\n${res.stderr}${res.stdout}`);
  return res.stdout;
}

function render(release: string, extra: string[] = []): Obj[] {
  const out = helm(['template', release, CHART, '--namespace', NS, '--kube-version', kubeVersion, ...extra]);
  return parseAllDocuments(out)
    .map((d) => d.toJSON() as Obj | null)
    .filter((o): o is Obj => o !== null);
}

async function apply(obj: Obj, dryRun: boolean): Promise<void> {
  const res = await serverSideApply(kc, obj, { dryRun, fieldManager: FIELD_MANAGER });
  if (res.status !== 200 && res.status !== 201) throw new Error(`${obj.kind}/${obj.metadata?.name}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
}

/** The documented combinations: the defaults and every file under charts/flightdeck/ci. */
const combinations: [string, string[]][] = [
  ['defaults', []],
  ...readdirSync(CI_VALUES)
    .filter((f) => f.endsWith('-values.yaml'))
    .sort()
    .map((f): [string, string[]] => [
      f.replace(/-values\.yaml$/, ''),
      // The namespaced example names team namespaces; point it at this run's namespaces.
      ['-f', path.join(CI_VALUES, f), ...(f.startsWith('namespaced') ? ['--set', `watchNamespaces={${TEAM_A},${TEAM_B}}`] : [])],
    ]),
];

beforeAll(async () => {
  if (MISSING) return;
  const version = await kc.makeApiClient(k8s.VersionApi).getCode();
  kubeVersion = version.gitVersion;
  for (const ns of [NS, TEAM_A, TEAM_B]) await admin.namespace(ns);
  await ensureServiceMonitorCrd(kc);
});

afterAll(async () => {
  if (MISSING) return;
  for (const ns of [NS, TEAM_A, TEAM_B]) await admin.core.deleteNamespace({ name: ns }).catch(() => undefined);
});

describe.skipIf(MISSING !== null)(`helm lint and template${skipReason}`, () => {
  it.each(combinations)('lints cleanly with %s', (_name, extra) => {
    const out = helm(['lint', '--strict', CHART, '--kube-version', kubeVersion, ...extra]);
    expect(out).toContain('0 chart(s) failed');
  });

  it('rejects values the schema does not allow, naming the key', () => {
    const res = spawnSync(helmBin(), ['template', 'x', CHART, '--set', 'auth.mode=open', '--set', 'replicaCount=0'], { encoding: 'utf8' });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/auth\.mode|mode/);
    expect(res.stderr).toMatch(/replicaCount/);
  });

  it('refuses combinations that cannot work, saying why', () => {
    const res = spawnSync(helmBin(), ['template', 'x', CHART, '--set', 'replicaCount=2'], { encoding: 'utf8' });
    expect(res.stderr).toContain('database.existingSecret');
    const proxy = spawnSync(helmBin(), ['template', 'x', CHART, '--set', 'auth.mode=proxy'], { encoding: 'utf8' });
    expect(proxy.stderr).toContain('auth.proxy.issuerUrl');
  });

  it('renders a hardened Deployment with probes, spread and writable scratch space', () => {
    const deploy = render('hard').find((o) => o.kind === 'Deployment') as unknown as k8s.V1Deployment;
    const pod = deploy.spec?.template.spec;
    const c = pod?.containers[0];
    expect(pod?.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(c?.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(c?.readinessProbe?.httpGet?.path).toBe('/api/readyz');
    expect(c?.livenessProbe?.httpGet?.path).toBe('/api/healthz');
    expect(c?.volumeMounts?.map((m) => m.mountPath).sort()).toEqual(['/app/.next/cache', '/data', '/tmp', '/var/run/flightdeck/session']);
    expect(pod?.topologySpreadConstraints?.map((t) => t.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    expect(c?.ports?.map((p) => p.containerPort)).toEqual([3000, 9464]);
  });

  it('generates the session key Secret token mode needs, unless one is named', () => {
    const objs = render('tok');
    const secret = objs.find((o) => o.kind === 'Secret') as unknown as k8s.V1Secret;
    expect(secret.metadata?.name).toBe('tok-flightdeck-session');
    expect(Buffer.from(secret.data?.['session-secret'] ?? '', 'base64').toString().length).toBeGreaterThanOrEqual(32);
    const deploy = objs.find((o) => o.kind === 'Deployment') as unknown as k8s.V1Deployment;
    expect(deploy.spec?.template.spec?.volumes?.find((v) => v.name === 'session')?.secret?.secretName).toBe('tok-flightdeck-session');
    const named = render('tok', ['--set', 'auth.session.existingSecret=mine']);
    expect(named.some((o) => o.kind === 'Secret')).toBe(false);
    expect((named.find((o) => o.kind === 'Deployment') as unknown as k8s.V1Deployment).spec?.template.spec?.volumes?.find((v) => v.name === 'session')?.secret?.secretName).toBe('mine');
  });

  it('puts oauth2-proxy in front in proxy mode and sends the Service there', () => {
    const objs = render('px', ['-f', path.join(CI_VALUES, 'proxy-values.yaml')]);
    const deploy = objs.find((o) => o.kind === 'Deployment') as unknown as k8s.V1Deployment;
    const containers = deploy.spec?.template.spec?.containers ?? [];
    expect(containers.map((c) => c.name)).toEqual(['flightdeck', 'oauth2-proxy']);
    expect(containers[1]?.args).toContain('--upstream=http://127.0.0.1:3000/');
    expect(containers[1]?.args).toContain('--pass-authorization-header=true');
    const env = Object.fromEntries((containers[0]?.env ?? []).map((e) => [e.name, e]));
    expect(env.AUTH_MODE?.value).toBe('proxy');
    expect(env.SESSION_SECRET_FILE?.value).toBe('/var/run/flightdeck/session/session-secret');
    expect(env.DATABASE_URL?.valueFrom?.secretKeyRef).toEqual({ name: 'flightdeck-db', key: 'database-url' });
    expect(env.READINESS_INGEST_TOKEN?.valueFrom?.secretKeyRef).toEqual({ name: 'flightdeck-ingest', key: 'ingest-token' });
    const svc = objs.find((o) => o.kind === 'Service') as unknown as k8s.V1Service;
    expect(svc.spec?.ports?.find((p) => p.name === 'http')?.targetPort).toBe('proxy');
    expect(objs.some((o) => o.kind === 'PodDisruptionBudget')).toBe(true);
  });

  it('grants Kubernaut resources per namespace, not cluster-wide, when watchNamespaces is set', () => {
    const objs = render('ns', ['--set', `watchNamespaces={${TEAM_A},${TEAM_B}}`]);
    const clusterRole = objs.find((o) => o.kind === 'ClusterRole') as unknown as k8s.V1ClusterRole;
    expect(clusterRole.rules?.some((r) => r.apiGroups?.includes('kubernaut.ai'))).toBe(false);
    const roles = objs.filter((o) => o.kind === 'Role') as unknown as k8s.V1Role[];
    for (const ns of [TEAM_A, TEAM_B]) {
      expect(roles.find((r) => r.metadata?.namespace === ns)?.rules?.some((r) => r.apiGroups?.includes('kubernaut.ai'))).toBe(true);
    }
  });
});

describe.skipIf(MISSING !== null)(`server-side dry-run apply${skipReason}`, () => {
  it.each(combinations)('the API server accepts every object rendered with %s', async (_name, extra) => {
    const objs = render(`dry-${RUN}`, extra);
    expect(objs.length).toBeGreaterThan(5);
    const failures: string[] = [];
    for (const obj of objs) {
      await apply(obj, true).catch((err: unknown) => failures.push(String(err)));
    }
    expect(failures).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// RBAC: Flightdeck's reads with the chart's ServiceAccount
// ---------------------------------------------------------------------------------------

const RELEASE = `rbac-${RUN}`;
const SA = `${RELEASE}-flightdeck`;
const saved: Record<string, string | undefined> = {};
const tmp = mkdtempSync(path.join(os.tmpdir(), 'fd-chart-'));
let rbacObjects: Obj[] = [];
let token = '';

function resetFlightdeck(): void {
  resetEnvForTests();
  resetKubeConfigForTests();
  resetExecutionCacheForTests();
  resetInfrastructureCacheForTests();
}

describe.skipIf(MISSING !== null)(`the ClusterRole is neither too small nor too large${skipReason}`, () => {
  beforeAll(async () => {
    rbacObjects = render(RELEASE).filter((o) => ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'].includes(o.kind ?? ''));
    for (const obj of rbacObjects) await apply(obj, false);
    const tr = await admin.core.createNamespacedServiceAccountToken({ name: SA, namespace: NS, body: { spec: { audiences: [], expirationSeconds: 3600 } } });
    token = tr.status?.token ?? '';
    expect(token).not.toBe('');
    const tokenFile = path.join(tmp, 'token');
    writeFileSync(tokenFile, token, { mode: 0o600 });
    const kubeconfig = path.join(tmp, 'kubeconfig');
    const ca = readFileSync(stackVar('STACK_CA_FILE')).toString('base64');
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'stack', cluster: { server: stackVar('STACK_KUBE_SERVER'), 'certificate-authority-data': ca } }],
        users: [{ name: SA, user: { token } }],
        contexts: [{ name: 'chart', context: { cluster: 'stack', user: SA } }],
        'current-context': 'chart',
      }),
    );
    for (const key of ['KUBECONFIG', 'KUBE_CONTEXT', 'DATASTORAGE_TOKEN_FILE', 'WATCH_NAMESPACES', 'EXECUTION_NAMESPACE', 'READINESS_NAMESPACES']) saved[key] = process.env[key];
    // The chart's defaults: cluster-wide watch, Kubernaut's execution and readiness namespaces.
    Object.assign(process.env, { KUBECONFIG: kubeconfig, DATASTORAGE_TOKEN_FILE: tokenFile, WATCH_NAMESPACES: '', EXECUTION_NAMESPACE: EXEC_NS, READINESS_NAMESPACES: 'kubernaut-system,kubernaut-workflows' });
    delete process.env.KUBE_CONTEXT;
    resetFlightdeck();

    await admin.remediation(NS, `rr-${RUN}`, { signalName: 'KubePodCrashLooping', severity: 'critical' });
    await admin.wfe(NS, `we-job-${RUN}`, { workflowId: 'restart-deployment', target: `${NS}/Deployment/api`, rr: `rr-${RUN}` });
    await admin.wfe(NS, `we-tekton-${RUN}`, { workflowId: 'increase-memory', target: `${NS}/Deployment/api`, rr: `rr-${RUN}` });
    await kc.makeApiClient(k8s.BatchV1Api).createNamespacedJob({
      namespace: EXEC_NS,
      body: {
        metadata: { name: `job-${RUN}` },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'run', image: 'busybox' }] } } },
      },
    });
    await admin.tekton(
      'pipelineruns',
      EXEC_NS,
      { metadata: { name: `pr-${RUN}`, labels: { 'kubernaut.ai/workflow-execution': `we-tekton-${RUN}`, 'kubernaut.ai/source-namespace': NS } }, spec: { pipelineRef: { name: 'increase-memory' } } },
      { conditions: [{ type: 'Succeeded', status: 'Unknown', reason: 'Running' }], startTime: new Date().toISOString() },
    );
    await admin.status(NS, `we-job-${RUN}`, { phase: 'Running', startTime: new Date().toISOString(), executionEngine: 'job', executionRef: { name: `job-${RUN}` } });
    await admin.status(NS, `we-tekton-${RUN}`, { phase: 'Running', startTime: new Date().toISOString(), executionEngine: 'tekton', executionRef: { name: `pr-${RUN}` } });
  });

  afterAll(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    resetFlightdeck();
    await kc.makeApiClient(k8s.BatchV1Api).deleteNamespacedJob({ name: `job-${RUN}`, namespace: EXEC_NS }).catch(() => undefined);
    await admin.custom.deleteNamespacedCustomObject({ group: 'tekton.dev', version: 'v1', namespace: EXEC_NS, plural: 'pipelineruns', name: `pr-${RUN}` }).catch(() => undefined);
    for (const obj of rbacObjects.filter((o) => o.kind !== 'ServiceAccount')) await kubeRequest(kc, 'DELETE', objectPath(obj));
    rmSync(tmp, { recursive: true, force: true });
  });

  it('lists executions cluster-wide with every namespace readable', async () => {
    const body = await eventually(async () => {
      const res = await listRoute(new Request(`${BASE}/api/v1/executions?namespace=${NS}`), { params: Promise.resolve({}) });
      expect(res.status, await res.clone().text()).toBe(200);
      const list = (await res.json()) as ExecutionListResponse;
      return list.items.length === 2 && list.namespaces.every((n) => n.status !== 'syncing') ? list : null;
    }, 20_000, 'both executions in the list and every watch synced');
    expect(body.items.map((i) => i.name).sort()).toEqual([`we-job-${RUN}`, `we-tekton-${RUN}`]);
    expect(body.namespaces.filter((n) => n.status !== 'ok').map((n) => `${n.resource} in ${n.namespace}: ${n.status}`)).toEqual([]);
  });

  it('reads an execution with its Job and one with its PipelineRun', async () => {
    const read = async (name: string) => {
      const res = await detailRoute(new Request(`${BASE}/api/v1/executions/${NS}/${name}`), { params: Promise.resolve({ namespace: NS, name }) });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as ExecutionDetail;
    };
    const job = await read(`we-job-${RUN}`);
    expect(job.workload).toMatchObject({ kind: 'Job', name: `job-${RUN}`, found: true });
    const tekton = await eventually(async () => {
      const d = await read(`we-tekton-${RUN}`);
      return d.workload?.found ? d : null;
    }, 20_000, 'the PipelineRun from the Tekton watch');
    expect(tekton.workload).toMatchObject({ kind: 'PipelineRun', name: `pr-${RUN}` });
    expect(tekton.remediation?.name).toBe(`rr-${RUN}`);
  });

  it('streams a status change', async () => {
    const abort = new AbortController();
    const res = await streamRoute(new Request(`${BASE}/api/v1/stream?topic=executions&namespace=${NS}`, { signal: abort.signal }), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const seen: LiveEvent[] = [];
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += decoder.decode(value);
        for (const m of text.matchAll(/^data: (.*)$/gm)) seen.push(JSON.parse(m[1] as string) as LiveEvent);
        text = text.slice(text.lastIndexOf('\n\n') + 2);
      }
    })();
    await admin.status(NS, `we-job-${RUN}`, { phase: 'Completed', completionTime: new Date().toISOString(), conditions: [readyCondition('True', 'ExecutionSucceeded')] });
    await eventually(() => seen.find((e) => e.type === 'upsert' && e.item.name === `we-job-${RUN}` && e.item.phase === 'Completed'), 10_000, 'the upsert');
    abort.abort();
    await reading.catch(() => undefined);
  });

  it('checks infrastructure readiness without a permission error', async () => {
    const res = await infraRoute(new Request(`${BASE}/api/v1/readiness/infrastructure`), { params: Promise.resolve({}) });
    expect(res.status, await res.clone().text()).toBe(200);
    const snapshot = (await res.json()) as InfrastructureSnapshot;
    expect(snapshot.crds.map((c) => [c.name, c.installed])).toEqual([
      ['workflowexecutions.kubernaut.ai', true],
      ['remediationrequests.kubernaut.ai', true],
      ['pipelineruns.tekton.dev', true],
    ]);
    expect(snapshot.reasons.filter((r) => /could not be read|forbidden|may not/i.test(r.message))).toEqual([]);
    expect(snapshot.dataStorage).toMatchObject({ ready: true });
  });

  it('reads the audit trail from Data Storage and a correlation with its RemediationRequest', async () => {
    const audit = await auditEventsRoute(new Request(`${BASE}/api/v1/audit/events?limit=5`), { params: Promise.resolve({}) });
    expect(audit.status, await audit.clone().text()).toBe(200);
    const corr = await correlationRoute(new Request(`${BASE}/api/v1/correlations/rr-${RUN}`), { params: Promise.resolve({ id: `rr-${RUN}` }) });
    expect(corr.status, await corr.clone().text()).toBe(200);
    const view = (await corr.json()) as CorrelationView;
    expect(view.kubernetes).toMatchObject({ available: true, remediationRequest: { name: `rr-${RUN}` } });
  });

  it('makes the TokenReview and SubjectAccessReview sign-in needs, as the chart ServiceAccount', async () => {
    const user = await reviewToken(token);
    expect(user?.username).toBe(`system:serviceaccount:${NS}:${SA}`);
    const ask = (verb: string) => reviewAccess({ user: user?.username ?? '', groups: user?.groups ?? [], verb, group: 'kubernaut.ai', resource: 'workflowexecutions', namespace: NS });
    expect(await ask('list')).toBe(true);
    expect(await ask('delete')).toBe(false);
  });

  it('has no verb beyond get, list and watch, except the review creations', async () => {
    const saConfig = new k8s.KubeConfig();
    saConfig.loadFromFile(process.env.KUBECONFIG as string);
    const authz = saConfig.makeApiClient(k8s.AuthorizationV1Api);
    const reviews = new Set(['tokenreviews', 'subjectaccessreviews', 'selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews', 'localsubjectaccessreviews']);
    const grants: string[] = [];
    for (const namespace of [NS, 'kubernaut-system', EXEC_NS, 'default']) {
      const review = await authz.createSelfSubjectRulesReview({ body: { spec: { namespace } } });
      for (const rule of review.status?.resourceRules ?? []) {
        for (const verb of rule.verbs) {
          for (const resource of rule.resources ?? []) grants.push(`${namespace} ${verb} ${(rule.apiGroups ?? []).join(',')}/${resource}${rule.resourceNames?.length ? `:${rule.resourceNames.join(',')}` : ''}`);
        }
      }
    }
    const beyond = grants.filter((g) => {
      const [, verb, res] = g.split(' ') as [string, string, string];
      const resource = (res.split('/')[1] ?? '').split(':')[0] ?? '';
      if (['get', 'list', 'watch'].includes(verb)) return false;
      return !(verb === 'create' && reviews.has(resource));
    });
    expect(beyond).toEqual([]);
    expect(grants.filter((g) => /\*|secrets|configmaps/.test(g.split(' ')[2] ?? ''))).toEqual([]);
    // What sign-in needs is there.
    expect(grants).toContain(`${NS} create authentication.k8s.io/tokenreviews`);
    expect(grants).toContain(`${NS} create authorization.k8s.io/subjectaccessreviews`);
    expect(grants).toContain('kubernaut-system get /services:data-storage-service');
  });
});
