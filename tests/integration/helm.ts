/**
 * The real Helm for chart tests, and the Prometheus Operator's ServiceMonitor CRD the
 * chart's optional ServiceMonitor needs before the API server accepts it.
 */
import { spawnSync } from 'node:child_process';
import https from 'node:https';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { parse } from 'yaml';
import { stackCliArgs } from '../../tools/stack/cli-args';
import { loadStackEnv } from './stack';

const PROMETHEUS_OPERATOR = 'github.com/prometheus-operator/prometheus-operator';
const PROMETHEUS_OPERATOR_VERSION = 'v0.85.0';

/** Where each kind the chart renders lives in the API (plural, and whether it is namespaced). */
const RESOURCES: Record<string, { plural: string; namespaced: boolean }> = {
  'v1/ServiceAccount': { plural: 'serviceaccounts', namespaced: true },
  'v1/Service': { plural: 'services', namespaced: true },
  'v1/ConfigMap': { plural: 'configmaps', namespaced: true },
  'v1/Secret': { plural: 'secrets', namespaced: true },
  'apps/v1/Deployment': { plural: 'deployments', namespaced: true },
  'policy/v1/PodDisruptionBudget': { plural: 'poddisruptionbudgets', namespaced: true },
  'networking.k8s.io/v1/NetworkPolicy': { plural: 'networkpolicies', namespaced: true },
  'networking.k8s.io/v1/Ingress': { plural: 'ingresses', namespaced: true },
  'rbac.authorization.k8s.io/v1/Role': { plural: 'roles', namespaced: true },
  'rbac.authorization.k8s.io/v1/RoleBinding': { plural: 'rolebindings', namespaced: true },
  'rbac.authorization.k8s.io/v1/ClusterRole': { plural: 'clusterroles', namespaced: false },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { plural: 'clusterrolebindings', namespaced: false },
  'monitoring.coreos.com/v1/ServiceMonitor': { plural: 'servicemonitors', namespaced: true },
  'apiextensions.k8s.io/v1/CustomResourceDefinition': { plural: 'customresourcedefinitions', namespaced: false },
};

/** The REST path of one object (its item path; the apply patch goes there). */
export function objectPath(obj: k8s.KubernetesObject): string {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const r = RESOURCES[key];
  if (!r) throw new Error(`no REST mapping for ${key}`);
  const prefix = obj.apiVersion?.includes('/') ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
  const ns = r.namespaced ? `/namespaces/${encodeURIComponent(obj.metadata?.namespace ?? 'default')}` : '';
  return `${prefix}${ns}/${r.plural}/${encodeURIComponent(obj.metadata?.name ?? '')}`;
}

/**
 * One raw request to the API server with the KubeConfig's credentials. The generated
 * clients re-serialize bodies through their models, which drops schema keywords they do
 * not know (a CRD's int-or-string fields, for example); raw JSON reaches the server as is.
 */
export async function kubeRequest(kc: k8s.KubeConfig, method: string, apiPath: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: unknown }> {
  const server = kc.getCurrentCluster()?.server ?? '';
  const url = new URL(server.replace(/\/+$/, '') + apiPath);
  const opts: https.RequestOptions & { headers: Record<string, string> } = { headers: {} };
  await kc.applyToHTTPSOptions(opts);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(url, { ...opts, method, headers: { ...opts.headers, accept: 'application/json', ...(payload ? { 'content-type': contentType } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${apiPath} timed out`)));
    req.end(payload);
  });
}

/** Server-side apply of one object (dry run: validated and admitted, not stored). Returns the API's answer. */
export function serverSideApply(kc: k8s.KubeConfig, obj: k8s.KubernetesObject, o: { dryRun: boolean; fieldManager: string }): Promise<{ status: number; body: unknown }> {
  const q = new URLSearchParams({ fieldManager: o.fieldManager, force: 'true', ...(o.dryRun ? { dryRun: 'All' } : {}) });
  return kubeRequest(kc, 'PATCH', `${objectPath(obj)}?${q}`, obj, 'application/apply-patch+yaml');
}

function configuredHelm(): string | undefined {
  return process.env.HELM_BIN ?? process.env.STACK_HELM_BIN ?? loadStackEnv().STACK_HELM_BIN;
}

/**
 * Why the real Helm is not available, or null when it is. `stack up` does not build Helm
 * (only these tests use it), so unless HELM_BIN names one, the stack CLI builds it here
 * on first use (~3 min cold, then cached); a failed build fails the file, it does not skip.
 */
export function helmMissing(): string | null {
  let bin = configuredHelm();
  if (!process.env.HELM_BIN && !(bin && existsSync(bin))) {
    const built = spawnSync(process.execPath, stackCliArgs('helm-binary'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (built.status !== 0) throw new Error(`stack.ts helm-binary failed (exit ${built.status})`);
    bin = (JSON.parse(built.stdout.trim().split('\n').pop() ?? '{}') as { helm?: string }).helm;
    if (bin) process.env.HELM_BIN = bin;
  }
  return bin && existsSync(bin) ? null : `Helm is not built (HELM_BIN / STACK_HELM_BIN: ${bin ?? 'unset'})`;
}

/** The Helm binary the stack built (STACK_HELM_BIN), or HELM_BIN when set. */
export function helmBin(): string {
  const missing = helmMissing();
  if (missing) throw new Error(missing);
  return configuredHelm() as string;
}

function goEnv(name: string): string {
  const res = spawnSync('go', ['env', name], { encoding: 'utf8', env: { ...process.env, PATH: `${process.env.PATH}:/usr/local/go/bin` } });
  if (res.status !== 0) throw new Error(`go env ${name} failed: ${res.stderr}`);
  return res.stdout.trim();
}

/**
 * Installs the ServiceMonitor CRD from the Prometheus Operator's Go module (its released
 * CRD manifest) when the API server does not serve it yet. Idempotent; the CRD stays.
 */
export async function ensureServiceMonitorCrd(kc: k8s.KubeConfig): Promise<void> {
  const ext = kc.makeApiClient(k8s.ApiextensionsV1Api);
  const name = 'servicemonitors.monitoring.coreos.com';
  try {
    await ext.readCustomResourceDefinition({ name });
    return;
  } catch (err) {
    if ((err as { code?: number }).code !== 404) throw err;
  }
  const dir = path.join(goEnv('GOMODCACHE'), `${PROMETHEUS_OPERATOR}@${PROMETHEUS_OPERATOR_VERSION}`);
  if (!existsSync(dir)) {
    const res = spawnSync('go', ['mod', 'download', `${PROMETHEUS_OPERATOR}@${PROMETHEUS_OPERATOR_VERSION}`], {
      cwd: os.tmpdir(),
      encoding: 'utf8',
      env: { ...process.env, PATH: `${process.env.PATH}:/usr/local/go/bin` },
    });
    if (res.status !== 0) throw new Error(`go mod download ${PROMETHEUS_OPERATOR} failed: ${res.stderr}`);
  }
  const crd = parse(readFileSync(path.join(dir, 'example', 'prometheus-operator-crd', `monitoring.coreos.com_servicemonitors.yaml`), 'utf8')) as k8s.V1CustomResourceDefinition;
  const created = await kubeRequest(kc, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
  if (created.status !== 201 && created.status !== 409) throw new Error(`creating ${name} failed (HTTP ${created.status}): ${JSON.stringify(created.body).slice(0, 500)}`);
  for (let i = 0; i < 50; i++) {
    const got = await ext.readCustomResourceDefinition({ name });
    if (got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not become Established`);
}
