// The identities and RBAC the stack needs, mirroring how Kubernaut's Helm chart wires
// Data Storage (charts/kubernaut/templates/rbac/datastorage-rbac.yaml) and how
// Flightdeck is meant to be installed: a read-only ServiceAccount, no Secrets access.
import { cfg } from './config';
import type { KubeObject } from './kube';

const SYS = cfg.systemNamespace;
const labels = { 'app.kubernetes.io/managed-by': 'flightdeck-stack' };
type Rule = { apiGroups: string[]; resources: string[]; resourceNames?: string[]; verbs: string[] };

const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}), labels });

const namespace = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(name) });
const serviceAccount = (name: string, ns: string = SYS): KubeObject => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(name, ns) });
const clusterRole = (name: string, rules: Rule[]): KubeObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta(name), rules });
const role = (name: string, ns: string, rules: Rule[]): KubeObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta(name, ns), rules });
const subject = (sa: string) => [{ kind: 'ServiceAccount', name: sa, namespace: SYS }];
const clusterRoleBinding = (name: string, clusterRoleName: string, sa: string): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: meta(name),
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRoleName },
  subjects: subject(sa),
});
const roleBinding = (name: string, ns: string, roleKind: 'Role' | 'ClusterRole', roleName: string, sa: string): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: meta(name, ns),
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: roleName },
  subjects: subject(sa),
});

const READ = ['get', 'list', 'watch'];
const dsServiceRule = (verbs: string[]): Rule => ({ apiGroups: [''], resources: ['services'], resourceNames: [cfg.dataStorageService], verbs });

/** Namespace of the test identity that gets access only through its group. */
export const GROUP_MEMBER_NAMESPACE = 'flightdeck-team-b';

/**
 * ServiceAccounts and the token file each one's token is written to. The last three are
 * people for the sign-in tests: `viewer` is granted executions per namespace by the tests
 * (RoleBindings in their own namespaces), `auditreader` may read Data Storage, and
 * `groupmember` gets access only through its group system:serviceaccounts:flightdeck-team-b.
 * `noreader` has no rights at all.
 */
export type IdentityId = 'flightdeck' | 'writer' | 'noreader' | 'datastorage' | 'workflowexecution' | 'authwebhook' | 'viewer' | 'auditreader' | 'groupmember';

export const IDENTITIES: Readonly<Record<IdentityId, { serviceAccount: string; tokenFile: string; namespace?: string }>> = Object.freeze({
  flightdeck: { serviceAccount: 'flightdeck', tokenFile: 'flightdeck' },
  writer: { serviceAccount: 'audit-writer', tokenFile: 'writer' },
  noreader: { serviceAccount: 'no-reader', tokenFile: 'noreader' },
  datastorage: { serviceAccount: 'datastorage', tokenFile: 'datastorage' },
  workflowexecution: { serviceAccount: 'workflowexecution-controller', tokenFile: 'workflowexecution' },
  authwebhook: { serviceAccount: 'authwebhook', tokenFile: 'authwebhook' },
  viewer: { serviceAccount: 'execution-viewer', tokenFile: 'viewer' },
  auditreader: { serviceAccount: 'audit-reader', tokenFile: 'auditreader' },
  groupmember: { serviceAccount: 'team-b-member', tokenFile: 'groupmember', namespace: GROUP_MEMBER_NAMESPACE },
});

/** The person tests act as when they clear a block (impersonated by the admin). */
export const OPERATOR_USER = 'operator@flightdeck.test';

export function identityManifests(): KubeObject[] {
  return [
    namespace(SYS),
    namespace(cfg.workflowNamespace),
    namespace(GROUP_MEMBER_NAMESPACE),
    ...Object.values(IDENTITIES).map((i) => serviceAccount(i.serviceAccount, i.namespace)),

    // Data Storage authenticates every API call with TokenReview and authorizes it with
    // a SubjectAccessReview against this Service; it needs neither endpoints nor pods.
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { ...meta(cfg.dataStorageService, SYS), labels: { ...labels, app: 'data-storage-service' } },
      spec: {
        type: 'ClusterIP',
        selector: { app: 'data-storage-service' },
        ports: [
          { name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' },
          { name: 'health', port: 8081, targetPort: 8081, protocol: 'TCP' },
          { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' },
        ],
      },
    },

    // Data Storage's own identity.
    clusterRole('data-storage-auth-middleware', [
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
    ]),
    clusterRoleBinding('data-storage-auth-middleware', 'data-storage-auth-middleware', 'datastorage'),
    // Workflow registration checks that declared Secrets/ConfigMaps exist (DD-WE-006).
    role('datastorage-dep-reader', cfg.workflowNamespace, [{ apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['get'] }]),
    roleBinding('datastorage-dep-reader', cfg.workflowNamespace, 'Role', 'datastorage-dep-reader', 'datastorage'),

    // Flightdeck: read-only on what it shows, nothing else (no Secrets, no writes).
    clusterRole('flightdeck-reader', [
      {
        apiGroups: ['kubernaut.ai'],
        resources: ['workflowexecutions', 'workflowexecutions/status', 'remediationrequests', 'remediationrequests/status'],
        verbs: READ,
      },
      { apiGroups: ['tekton.dev'], resources: ['pipelineruns', 'taskruns'], verbs: READ },
      { apiGroups: [''], resources: ['pods', 'events', 'namespaces'], verbs: READ },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: READ },
      { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: READ },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: READ },
    ]),
    clusterRoleBinding('flightdeck-reader', 'flightdeck-reader', 'flightdeck'),
    // Sign-in: Flightdeck asks Kubernetes who a token belongs to (TokenReview) and what a
    // person may see (SubjectAccessReview); the built-in role grants exactly those two.
    clusterRoleBinding('flightdeck-auth-delegator', 'system:auth-delegator', 'flightdeck'),
    // What a person needs to see executions; tests bind it per namespace.
    clusterRole('flightdeck-execution-viewer', [{ apiGroups: ['kubernaut.ai'], resources: ['workflowexecutions'], verbs: READ }]),

    // Data Storage clients. The SAR Data Storage sends carries the user but no groups,
    // so each ServiceAccount is bound by name in Data Storage's namespace.
    clusterRole('data-storage-reader', [dsServiceRule(['get'])]),
    clusterRole('data-storage-writer', [dsServiceRule(['get', 'create'])]),
    roleBinding('flightdeck-data-storage-reader', SYS, 'ClusterRole', 'data-storage-reader', 'flightdeck'),
    roleBinding('audit-writer-data-storage-writer', SYS, 'ClusterRole', 'data-storage-writer', 'audit-writer'),
    roleBinding('audit-reader-data-storage-reader', SYS, 'ClusterRole', 'data-storage-reader', 'audit-reader'),
    // no-reader deliberately gets nothing: tests use it to see Data Storage's 403.

    ...controllerManifests(),
  ];
}

/**
 * Kubernaut's WorkflowExecution controller and AuthWebhook, with the RBAC its chart gives
 * them (charts/kubernaut/templates/workflowexecution/workflowexecution.yaml,
 * authwebhook/authwebhook.yaml, rbac/*-rbac.yaml) minus the Istio, Ansible and
 * webhook-CA-patching rules this stack has no use for, plus the Data Storage client rule.
 */
function controllerManifests(): KubeObject[] {
  const WRITE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
  return [
    clusterRole('workflowexecution-controller', [
      { apiGroups: ['kubernaut.ai'], resources: ['workflowexecutions'], verbs: WRITE },
      { apiGroups: ['kubernaut.ai'], resources: ['workflowexecutions/status'], verbs: ['get', 'update', 'patch'] },
      { apiGroups: ['kubernaut.ai'], resources: ['workflowexecutions/finalizers'], verbs: ['update'] },
      { apiGroups: ['tekton.dev'], resources: ['pipelineruns'], verbs: WRITE },
      { apiGroups: ['tekton.dev'], resources: ['taskruns'], verbs: READ },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: WRITE },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get'] },
      { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: WRITE },
    ]),
    clusterRoleBinding('workflowexecution-controller', 'workflowexecution-controller', 'workflowexecution-controller'),
    // Execution-time dependency validation reads Secrets/ConfigMaps through an informer (DD-WE-006).
    role('workflowexecution-dep-reader', cfg.workflowNamespace, [{ apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: READ }]),
    roleBinding('workflowexecution-dep-reader', cfg.workflowNamespace, 'Role', 'workflowexecution-dep-reader', 'workflowexecution-controller'),
    roleBinding('workflowexecution-data-storage-writer', SYS, 'ClusterRole', 'data-storage-writer', 'workflowexecution-controller'),

    clusterRole('authwebhook', [
      {
        apiGroups: ['kubernaut.ai'],
        resources: ['workflowexecutions', 'remediationapprovalrequests', 'notificationrequests', 'remediationrequests', 'actiontypes'],
        verbs: READ,
      },
      { apiGroups: ['kubernaut.ai'], resources: ['remediationworkflows'], verbs: [...READ, 'update', 'patch'] },
      { apiGroups: ['kubernaut.ai'], resources: ['remediationworkflows/finalizers'], verbs: ['update'] },
      {
        apiGroups: ['kubernaut.ai'],
        resources: ['workflowexecutions/status', 'remediationapprovalrequests/status', 'remediationrequests/status', 'remediationworkflows/status', 'actiontypes/status'],
        verbs: ['update', 'patch'],
      },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    ]),
    clusterRoleBinding('authwebhook', 'authwebhook', 'authwebhook'),
    roleBinding('authwebhook-data-storage-writer', SYS, 'ClusterRole', 'data-storage-writer', 'authwebhook'),

    // A person allowed to clear a block (a status write the AuthWebhook attributes to them).
    clusterRole('workflowexecution-block-clearer', [
      { apiGroups: ['kubernaut.ai'], resources: ['workflowexecutions'], verbs: READ },
      { apiGroups: ['kubernaut.ai'], resources: ['workflowexecutions/status'], verbs: ['get', 'update', 'patch'] },
    ]),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta('workflowexecution-block-clearer'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'workflowexecution-block-clearer' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: OPERATOR_USER }],
    },
  ];
}
