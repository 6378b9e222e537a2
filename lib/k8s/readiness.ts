/**
 * Raw reads for the infrastructure readiness check (lib/readiness/infrastructure.ts):
 * Deployments, Pods and Warning events of one namespace, and one CustomResourceDefinition.
 * Objects are reduced here to the few fields the check needs, so nothing outside lib/k8s
 * sees client-node types, and managedFields never leave this module.
 */
import 'server-only';
import * as k8s from '@kubernetes/client-node';
import { env } from '../env';
import type { RequestIdentity } from '../identity';
import { apiClient, kubeError, withTimeout } from './client';

export interface RawCondition {
  type: string;
  status: string;
  reason: string | null;
  message: string | null;
}

export interface RawDeployment {
  namespace: string;
  name: string;
  /** spec.replicas; the API defaults it to 1. */
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  matchLabels: Record<string, string>;
  conditions: RawCondition[];
}

export interface RawContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  /** waiting.reason (CrashLoopBackOff, ImagePullBackOff...) or terminated.reason. */
  stateReason: string | null;
}

export interface RawPod {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  phase: string | null;
  conditions: RawCondition[];
  containers: RawContainerStatus[];
  owners: { kind: string; name: string }[];
  terminating: boolean;
}

export interface RawEvent {
  involvedKind: string;
  involvedName: string;
  reason: string;
  message: string;
  count: number;
  lastSeen: string | null;
}

export interface RawNamespaceInfra {
  namespace: string;
  deployments: RawDeployment[];
  pods: RawPod[];
  /** Warning events only, newest first. */
  events: RawEvent[];
}

export interface RawCrd {
  name: string;
  installed: boolean;
  /** Deletion has started (it may wait on the customresourcecleanup finalizer). */
  terminating: boolean;
  conditions: RawCondition[];
}

const PAGE = 500;
/** Upper bound on pages per list so one huge namespace cannot stall the check. */
const MAX_PAGES = 20;

async function listAll<T>(what: string, page: (cont: string | undefined) => Promise<{ items: T[]; metadata?: { _continue?: string } }>): Promise<T[]> {
  const timeout = env().KUBE_REQUEST_TIMEOUT_MS;
  const out: T[] = [];
  let cont: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    let res: { items: T[]; metadata?: { _continue?: string } };
    try {
      res = await withTimeout(page(cont), timeout, what);
    } catch (err) {
      throw kubeError(err, what);
    }
    out.push(...res.items);
    cont = res.metadata?._continue || undefined;
    if (!cont) break;
  }
  return out;
}

function conditions(list: { type: string; status: string; reason?: string; message?: string }[] | undefined): RawCondition[] {
  return (list ?? []).map((c) => ({ type: c.type, status: c.status, reason: c.reason ?? null, message: c.message ?? null }));
}

function time(v: Date | string | undefined | null): string | null {
  if (!v) return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Lists the Deployments, Pods and Warning events of one namespace through the API (paged). */
export async function readNamespaceInfra(identity: RequestIdentity, namespace: string): Promise<RawNamespaceInfra> {
  const apps = apiClient(identity, k8s.AppsV1Api);
  const core = apiClient(identity, k8s.CoreV1Api);
  const [deployments, pods, events] = await Promise.all([
    listAll(`Deployments in ${namespace}`, (c) => apps.listNamespacedDeployment({ namespace, limit: PAGE, _continue: c })),
    listAll(`Pods in ${namespace}`, (c) => core.listNamespacedPod({ namespace, limit: PAGE, _continue: c })),
    listAll(`Events in ${namespace}`, (c) => core.listNamespacedEvent({ namespace, limit: PAGE, _continue: c, fieldSelector: 'type=Warning' })),
  ]);
  return {
    namespace,
    deployments: deployments.map((d) => ({
      namespace,
      name: d.metadata?.name ?? '',
      replicas: d.spec?.replicas ?? 1,
      readyReplicas: d.status?.readyReplicas ?? 0,
      availableReplicas: d.status?.availableReplicas ?? 0,
      matchLabels: d.spec?.selector?.matchLabels ?? {},
      conditions: conditions(d.status?.conditions),
    })),
    pods: pods.map((p) => ({
      namespace,
      name: p.metadata?.name ?? '',
      labels: p.metadata?.labels ?? {},
      phase: p.status?.phase ?? null,
      conditions: conditions(p.status?.conditions),
      containers: [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])].map((c) => ({
        name: c.name,
        ready: c.ready,
        restartCount: c.restartCount ?? 0,
        stateReason: c.state?.waiting?.reason ?? c.state?.terminated?.reason ?? null,
      })),
      owners: (p.metadata?.ownerReferences ?? []).map((o) => ({ kind: o.kind, name: o.name })),
      terminating: Boolean(p.metadata?.deletionTimestamp),
    })),
    events: events
      .map((e) => ({
        involvedKind: e.involvedObject?.kind ?? '',
        involvedName: e.involvedObject?.name ?? '',
        reason: e.reason ?? '',
        message: e.message ?? '',
        count: e.series?.count ?? e.count ?? 1,
        lastSeen: time(e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp),
      }))
      .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? '')),
  };
}

/** Reads one CustomResourceDefinition; a 404 means "not installed", not an error. */
export async function readCrd(identity: RequestIdentity, name: string): Promise<RawCrd> {
  const api = apiClient(identity, k8s.ApiextensionsV1Api);
  try {
    const crd = await withTimeout(api.readCustomResourceDefinition({ name }), env().KUBE_REQUEST_TIMEOUT_MS, `CRD ${name}`);
    return { name, installed: true, terminating: Boolean(crd.metadata?.deletionTimestamp), conditions: conditions(crd.status?.conditions) };
  } catch (err) {
    if ((err as { code?: unknown })?.code === 404) return { name, installed: false, terminating: false, conditions: [] };
    throw kubeError(err, `CRD ${name}`);
  }
}
