/**
 * Reads for the infrastructure readiness check (lib/readiness/infrastructure.ts):
 * Deployments, Pods and Warning events of one namespace, and one CustomResourceDefinition.
 * Each object is parsed by its wire schema (lib/k8s/objects.ts) and reduced to the few
 * fields the check needs; managedFields never leave this module.
 */
import 'server-only';
import type { z } from 'zod';
import { env } from '../env';
import { AppError } from '../errors';
import type { RequestIdentity } from '../identity';
import { log } from '../log';
import { kubeConfigFor } from './client';
import { kubeError } from './errors';
import { KubeHttpError, kubeGetJson } from './http';
import { crdSchema, deploymentSchema, eventSchema, listPageSchema, podSchema, type WireDeployment, type WireEvent, type WirePod } from './objects';

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

/** Every object of a collection path (paged), each parsed by `schema`; one that fails is logged and left out. */
async function listAll<S extends z.ZodType>(identity: RequestIdentity, what: string, path: string, schema: S, query: Record<string, string> = {}): Promise<z.infer<S>[]> {
  const kc = kubeConfigFor(identity);
  const timeoutMs = env().KUBE_REQUEST_TIMEOUT_MS;
  const out: z.infer<S>[] = [];
  let cont: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    let page;
    try {
      page = listPageSchema.parse(await kubeGetJson(kc, path, { ...query, limit: PAGE, continue: cont }, { timeoutMs }));
    } catch (err) {
      throw kubeError(err, what);
    }
    for (const item of page.items ?? []) {
      const parsed = schema.safeParse(item);
      if (parsed.success) out.push(parsed.data);
      else log.warn('object skipped: unexpected shape', { what, issue: parsed.error.issues[0]?.message });
    }
    cont = page.metadata?.continue || undefined;
    if (!cont) break;
  }
  return out;
}

function conditions(list: { type: string; status: string; reason?: string; message?: string }[]): RawCondition[] {
  return list.map((c) => ({ type: c.type, status: c.status, reason: c.reason ?? null, message: c.message ?? null }));
}

function time(v: string | undefined): string | null {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function toDeployment(namespace: string, d: WireDeployment): RawDeployment {
  return {
    namespace,
    name: d.metadata.name,
    replicas: d.spec?.replicas ?? 1,
    readyReplicas: d.status?.readyReplicas ?? 0,
    availableReplicas: d.status?.availableReplicas ?? 0,
    matchLabels: d.spec?.selector?.matchLabels ?? {},
    conditions: conditions(d.status?.conditions ?? []),
  };
}

function toPod(namespace: string, p: WirePod): RawPod {
  return {
    namespace,
    name: p.metadata.name,
    labels: p.metadata.labels,
    phase: p.status?.phase ?? null,
    conditions: conditions(p.status?.conditions ?? []),
    containers: [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])].map((c) => ({
      name: c.name,
      ready: c.ready ?? false,
      restartCount: c.restartCount ?? 0,
      stateReason: c.state?.waiting?.reason ?? c.state?.terminated?.reason ?? null,
    })),
    owners: (p.metadata.ownerReferences ?? []).map((o) => ({ kind: o.kind ?? '', name: o.name ?? '' })),
    terminating: Boolean(p.metadata.deletionTimestamp),
  };
}

function toEvent(e: WireEvent): RawEvent {
  return {
    involvedKind: e.involvedObject?.kind ?? '',
    involvedName: e.involvedObject?.name ?? '',
    reason: e.reason ?? '',
    message: e.message ?? '',
    count: e.series?.count ?? e.count ?? 1,
    lastSeen: time(e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp),
  };
}

/** Lists the Deployments, Pods and Warning events of one namespace through the API (paged). */
export async function readNamespaceInfra(identity: RequestIdentity, namespace: string): Promise<RawNamespaceInfra> {
  const ns = encodeURIComponent(namespace);
  const [deployments, pods, events] = await Promise.all([
    listAll(identity, `Deployments in ${namespace}`, `/apis/apps/v1/namespaces/${ns}/deployments`, deploymentSchema),
    listAll(identity, `Pods in ${namespace}`, `/api/v1/namespaces/${ns}/pods`, podSchema),
    listAll(identity, `Events in ${namespace}`, `/api/v1/namespaces/${ns}/events`, eventSchema, { fieldSelector: 'type=Warning' }),
  ]);
  return {
    namespace,
    deployments: deployments.map((d) => toDeployment(namespace, d)),
    pods: pods.map((p) => toPod(namespace, p)),
    events: events.map(toEvent).sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? '')),
  };
}

/** Reads one CustomResourceDefinition; a 404 means "not installed", not an error. */
export async function readCrd(identity: RequestIdentity, name: string): Promise<RawCrd> {
  const what = `CRD ${name}`;
  let raw: unknown;
  try {
    raw = await kubeGetJson(kubeConfigFor(identity), `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${encodeURIComponent(name)}`, {}, { timeoutMs: env().KUBE_REQUEST_TIMEOUT_MS });
  } catch (err) {
    if (err instanceof KubeHttpError && err.code === 404) return { name, installed: false, terminating: false, conditions: [] };
    throw kubeError(err, what);
  }
  const parsed = crdSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('upstream:kubernetes', `Kubernetes returned ${what} in a shape Flightdeck cannot read.`, { cause: parsed.error });
  return { name, installed: true, terminating: Boolean(parsed.data.metadata.deletionTimestamp), conditions: conditions(parsed.data.status?.conditions ?? []) };
}
