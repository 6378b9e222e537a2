// A minimal client for the stack's kube-apiserver over node:https: server-side apply,
// TokenRequest and TokenReview are all the bootstrap needs, and it keeps the stack
// tooling free of npm dependencies.
import fs from 'node:fs';
import { kubeUrl } from './config.mjs';
import { certFiles } from './certs.mjs';
import { StackError, httpRequest } from './util.mjs';

const FIELD_MANAGER = 'flightdeck-stack';

// kind -> [REST prefix, plural, namespaced]
const KINDS = {
  'v1/Namespace': ['/api/v1', 'namespaces', false],
  'v1/ServiceAccount': ['/api/v1', 'serviceaccounts', true],
  'v1/Service': ['/api/v1', 'services', true],
  'rbac.authorization.k8s.io/v1/ClusterRole': ['/apis/rbac.authorization.k8s.io/v1', 'clusterroles', false],
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ['/apis/rbac.authorization.k8s.io/v1', 'clusterrolebindings', false],
  'rbac.authorization.k8s.io/v1/Role': ['/apis/rbac.authorization.k8s.io/v1', 'roles', true],
  'rbac.authorization.k8s.io/v1/RoleBinding': ['/apis/rbac.authorization.k8s.io/v1', 'rolebindings', true],
  'apiextensions.k8s.io/v1/CustomResourceDefinition': ['/apis/apiextensions.k8s.io/v1', 'customresourcedefinitions', false],
};

export function objectPath(apiVersion, kind, name, namespace) {
  const entry = KINDS[`${apiVersion}/${kind}`];
  if (!entry) throw new Error(`kube: no REST mapping for ${apiVersion} ${kind}`);
  const [prefix, plural, namespaced] = entry;
  const ns = namespaced ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${prefix}${ns}/${plural}/${encodeURIComponent(name)}`;
}

export class KubeClient {
  /** Admin (system:masters via client certificate) unless a bearer token is given. */
  constructor({ token, component = 'kube-apiserver' } = {}) {
    this.component = component;
    this.token = token;
    this.tls = { ca: fs.readFileSync(certFiles.caCrt) };
    if (!token) {
      this.tls.cert = fs.readFileSync(certFiles.adminCrt);
      this.tls.key = fs.readFileSync(certFiles.adminKey);
    }
  }

  async request(method, path, { body, contentType = 'application/json', timeoutMs = 15000 } = {}) {
    const headers = { Accept: 'application/json' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    let payload;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['Content-Type'] = contentType;
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    const res = await httpRequest(`${kubeUrl}${path}`, { method, headers, body: payload, timeoutMs, tls: this.tls });
    let json;
    try {
      json = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      json = undefined;
    }
    return { ...res, json };
  }

  /** Like request() but throws a StackError naming the component on non-2xx. */
  async must(method, path, opts) {
    const res = await this.request(method, path, opts);
    if (res.status < 200 || res.status >= 300) {
      const msg = res.json?.message || res.body.slice(0, 500);
      throw new StackError(this.component, `${method} ${path}: HTTP ${res.status}: ${msg}`);
    }
    return res.json;
  }

  /**
   * Server-side apply (create or update in one call). The body may be a JS object or the
   * raw YAML text of a manifest, which the apiserver parses itself.
   */
  apply(obj, { yaml, apiVersion, kind, name, namespace } = {}) {
    const path = objectPath(
      apiVersion ?? obj?.apiVersion,
      kind ?? obj?.kind,
      name ?? obj?.metadata?.name,
      namespace ?? obj?.metadata?.namespace,
    );
    return this.must('PATCH', `${path}?fieldManager=${FIELD_MANAGER}&force=true`, {
      body: yaml ?? obj,
      contentType: 'application/apply-patch+yaml',
    });
  }

  async readyz() {
    try {
      const res = await this.request('GET', '/readyz', { timeoutMs: 3000 });
      return res.status === 200;
    } catch {
      return false;
    }
  }

  /** Mints a ServiceAccount token with the TokenRequest API. */
  async createToken(namespace, serviceAccount, expirationSeconds) {
    const json = await this.must('POST', `/api/v1/namespaces/${namespace}/serviceaccounts/${serviceAccount}/token`, {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds } },
    });
    return { token: json.status.token, expiresAt: json.status.expirationTimestamp };
  }

  /** Asks the apiserver who a token belongs to; null when it does not authenticate. */
  async tokenUser(token) {
    const json = await this.must('POST', '/apis/authentication.k8s.io/v1/tokenreviews', {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } },
    });
    return json.status?.authenticated ? json.status.user.username : null;
  }
}
