// A minimal client for the stack's kube-apiserver over node:https: server-side apply,
// TokenRequest and TokenReview are all the bootstrap needs, and it keeps the stack
// tooling free of npm dependencies.
import fs from 'node:fs';
import { kubeUrl } from './config';
import { certFiles } from './certs';
import { StackError, httpRequest, type HttpResponse } from './util';

const FIELD_MANAGER = 'flightdeck-stack';

// kind -> [REST prefix, plural, namespaced]
const KINDS: Record<string, [prefix: string, plural: string, namespaced: boolean]> = {
  'v1/Namespace': ['/api/v1', 'namespaces', false],
  'v1/ServiceAccount': ['/api/v1', 'serviceaccounts', true],
  'v1/Service': ['/api/v1', 'services', true],
  'rbac.authorization.k8s.io/v1/ClusterRole': ['/apis/rbac.authorization.k8s.io/v1', 'clusterroles', false],
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ['/apis/rbac.authorization.k8s.io/v1', 'clusterrolebindings', false],
  'rbac.authorization.k8s.io/v1/Role': ['/apis/rbac.authorization.k8s.io/v1', 'roles', true],
  'rbac.authorization.k8s.io/v1/RoleBinding': ['/apis/rbac.authorization.k8s.io/v1', 'rolebindings', true],
  'apiextensions.k8s.io/v1/CustomResourceDefinition': ['/apis/apiextensions.k8s.io/v1', 'customresourcedefinitions', false],
  'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration': ['/apis/admissionregistration.k8s.io/v1', 'mutatingwebhookconfigurations', false],
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': ['/apis/admissionregistration.k8s.io/v1', 'validatingwebhookconfigurations', false],
};

export function objectPath(apiVersion: string, kind: string, name: string, namespace?: string): string {
  const entry = KINDS[`${apiVersion}/${kind}`];
  if (!entry) throw new Error(`kube: no REST mapping for ${apiVersion} ${kind}`);
  const [prefix, plural, namespaced] = entry;
  const ns = namespaced ? `/namespaces/${encodeURIComponent(namespace ?? '')}` : '';
  return `${prefix}${ns}/${plural}/${encodeURIComponent(name)}`;
}

/** The parts of Kubernetes objects the stack reads or writes (it never needs a full schema). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export interface KubeResponse extends HttpResponse {
  /** The parsed body; shapes are checked where a field is read. */
  json: KubeJson | undefined;
}

/** A JSON object from the apiserver, read field by field with optional chaining. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the stack reads a handful of fields from many API kinds; typing each response adds nothing
export type KubeJson = Record<string, any>;

interface RequestOptions {
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
}

export class KubeClient {
  private readonly component: string;
  private readonly token: string | undefined;
  private readonly tls: { ca: Buffer; cert?: Buffer; key?: Buffer };

  /** Admin (system:masters via client certificate) unless a bearer token is given. */
  constructor({ token, component = 'kube-apiserver' }: { token?: string; component?: string } = {}) {
    this.component = component;
    this.token = token;
    this.tls = { ca: fs.readFileSync(certFiles.caCrt) };
    if (!token) {
      this.tls.cert = fs.readFileSync(certFiles.adminCrt);
      this.tls.key = fs.readFileSync(certFiles.adminKey);
    }
  }

  async request(method: string, path: string, { body, contentType = 'application/json', timeoutMs = 15000 }: RequestOptions = {}): Promise<KubeResponse> {
    const headers: Record<string, string | number> = { Accept: 'application/json' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['Content-Type'] = contentType;
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    const res = await httpRequest(`${kubeUrl}${path}`, { method, headers, body: payload, timeoutMs, tls: this.tls });
    let json: KubeJson | undefined;
    try {
      json = res.body ? (JSON.parse(res.body) as KubeJson) : undefined;
    } catch {
      json = undefined;
    }
    return { ...res, json };
  }

  /** Like request() but throws a StackError naming the component on non-2xx. */
  async must(method: string, path: string, opts?: RequestOptions): Promise<KubeJson> {
    const res = await this.request(method, path, opts);
    if (res.status < 200 || res.status >= 300) {
      const msg = res.json?.message || res.body.slice(0, 500);
      throw new StackError(this.component, `${method} ${path}: HTTP ${res.status}: ${msg}`);
    }
    return res.json ?? {};
  }

  /** Server-side apply (create or update in one call) of an object. */
  apply(obj: KubeObject): Promise<KubeJson> {
    return this.serverSideApply(objectPath(obj.apiVersion, obj.kind, obj.metadata.name, obj.metadata.namespace), obj);
  }

  /** Server-side apply of a manifest's raw YAML text, which the apiserver parses itself. */
  applyYaml({ yaml, apiVersion, kind, name }: { yaml: string; apiVersion: string; kind: string; name: string }): Promise<KubeJson> {
    return this.serverSideApply(objectPath(apiVersion, kind, name), yaml);
  }

  private serverSideApply(path: string, body: KubeObject | string): Promise<KubeJson> {
    return this.must('PATCH', `${path}?fieldManager=${FIELD_MANAGER}&force=true`, {
      body,
      contentType: 'application/apply-patch+yaml',
    });
  }

  async readyz(): Promise<boolean> {
    try {
      const res = await this.request('GET', '/readyz', { timeoutMs: 3000 });
      return res.status === 200;
    } catch {
      return false;
    }
  }

  /** Mints a ServiceAccount token with the TokenRequest API. */
  async createToken(namespace: string, serviceAccount: string, expirationSeconds: number): Promise<{ token: string; expiresAt: string }> {
    const json = await this.must('POST', `/api/v1/namespaces/${namespace}/serviceaccounts/${serviceAccount}/token`, {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds } },
    });
    return { token: json.status.token, expiresAt: json.status.expirationTimestamp };
  }

  /** Asks the apiserver who a token belongs to; null when it does not authenticate. */
  async tokenUser(token: string): Promise<string | null> {
    const json = await this.must('POST', '/apis/authentication.k8s.io/v1/tokenreviews', {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } },
    });
    return json.status?.authenticated ? json.status.user.username : null;
  }
}
