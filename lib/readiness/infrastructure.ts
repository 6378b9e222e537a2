/**
 * Live infrastructure readiness of a Kubernaut installation, read from the Kubernetes API
 * and Data Storage:
 *  - per configured namespace (READINESS_NAMESPACES), each Deployment's ready replicas;
 *  - each Pod's readiness from `status.phase` and its `Ready` condition exactly as the API
 *    reports them (Kubernaut's own E2E suites do the same instead of `kubectl wait`, which
 *    a kubelet prober bug made unreliable), its restarts and latest Warning events;
 *  - the required CRDs installed and Established;
 *  - Data Storage answering an authenticated read.
 * The gate is red when any item is, and names the reason for each red item.
 */
import 'server-only';
import { env } from '../env';
import { AppError } from '../errors';
import type { RequestIdentity } from '../identity';
import { systemIdentity } from '../identity';
import { log } from '../log';
import { pingDataStorage } from '../datastorage/http';
import { readCrd, readNamespaceInfra, type RawCondition, type RawCrd, type RawEvent, type RawNamespaceInfra, type RawPod } from '../k8s/readiness';
import {
  REQUIRED_CRDS,
  type CrdInfra,
  type DeploymentInfra,
  type InfraReason,
  type InfrastructureSnapshot,
  type NamespaceInfra,
  type PodInfra,
  type WarningEvent,
} from '../schemas/readiness';

/** Everything the check read, or the error that prevented each read. */
export interface InfraInput {
  namespaces: ({ namespace: string; error?: undefined } & RawNamespaceInfra | { namespace: string; error: string })[];
  crds: (RawCrd | { name: string; error: string })[];
  dataStorage: { ready: boolean; message: string | null };
}

const WARNINGS_PER_OBJECT = 3;
/** Pods of these owners are executions or one-off jobs, not installed infrastructure. */
const EXECUTION_OWNERS = new Set(['Job', 'CronJob', 'TaskRun', 'PipelineRun']);

function condition(list: RawCondition[], type: string): RawCondition | undefined {
  return list.find((c) => c.type === type);
}

function warningsFor(events: RawEvent[], match: (e: RawEvent) => boolean): WarningEvent[] {
  return events
    .filter(match)
    .slice(0, WARNINGS_PER_OBJECT)
    .map((e) => ({ reason: e.reason, message: e.message.slice(0, 500), count: e.count, lastSeen: e.lastSeen }));
}

function labelsMatch(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

function podReadiness(p: RawPod): { readyCondition: PodInfra['readyCondition']; readyReason: string | null; ready: boolean } {
  const ready = condition(p.conditions, 'Ready');
  const readyCondition = ready?.status === 'True' ? 'True' : ready?.status === 'False' ? 'False' : 'Unknown';
  const waiting = p.containers.find((c) => !c.ready && c.stateReason)?.stateReason ?? null;
  const scheduled = condition(p.conditions, 'PodScheduled');
  const readyReason =
    ready?.reason ?? (scheduled?.status === 'False' ? (scheduled.reason ?? 'Unschedulable') : null) ?? waiting ?? null;
  return { readyCondition, readyReason, ready: p.phase === 'Running' && readyCondition === 'True' };
}

function describePod(p: PodInfra, waiting: string | null): string {
  const parts = [`phase ${p.phase}`, `Ready=${p.readyCondition}${p.readyReason ? ` (${p.readyReason})` : ''}`];
  if (waiting && waiting !== p.readyReason) parts.push(`container ${waiting}`);
  if (p.restarts > 0) parts.push(`${p.restarts} restart${p.restarts === 1 ? '' : 's'}`);
  const w = p.warnings[0];
  return `is not Ready: ${parts.join(', ')}${w ? `; latest warning ${w.reason}: ${w.message.slice(0, 200)}` : ''}`;
}

function assessNamespace(ns: RawNamespaceInfra, reasons: InfraReason[]): NamespaceInfra {
  const deployments: DeploymentInfra[] = ns.deployments.map((d) => {
    const ready = d.replicas > 0 && d.readyReplicas >= d.replicas;
    let reason: string | null = null;
    if (d.replicas === 0) reason = 'is scaled to 0 replicas';
    else if (!ready) {
      const cond = [condition(d.conditions, 'Available'), condition(d.conditions, 'Progressing')].find((c) => c?.status === 'False');
      reason = `has ${d.readyReplicas}/${d.replicas} ready replicas${cond?.reason ? ` (${cond.reason})` : ''}`;
    }
    const warnings = warningsFor(
      ns.events,
      (e) => (e.involvedKind === 'Deployment' && e.involvedName === d.name) || (e.involvedKind === 'ReplicaSet' && e.involvedName.startsWith(`${d.name}-`)),
    );
    return { namespace: ns.namespace, name: d.name, replicas: d.replicas, readyReplicas: d.readyReplicas, ready, reason, warnings };
  });

  const pods: PodInfra[] = ns.pods.map((p) => {
    const owner = ns.deployments.find(
      (d) =>
        labelsMatch(d.matchLabels, p.labels) ||
        p.owners.some((o) => o.kind === 'ReplicaSet' && p.labels['pod-template-hash'] && o.name === `${d.name}-${p.labels['pod-template-hash']}`),
    );
    const r = podReadiness(p);
    const execution = p.owners.some((o) => EXECUTION_OWNERS.has(o.kind));
    return {
      namespace: ns.namespace,
      name: p.name,
      phase: p.phase ?? 'Unknown',
      readyCondition: r.readyCondition,
      readyReason: r.readyReason,
      ready: r.ready,
      restarts: p.containers.reduce((n, c) => n + c.restartCount, 0),
      deployment: owner ? owner.name : null,
      // Finished pods, pods being deleted and execution pods do not make the installation unready.
      counted: !execution && !p.terminating && p.phase !== 'Succeeded',
      warnings: warningsFor(ns.events, (e) => e.involvedKind === 'Pod' && e.involvedName === p.name),
    };
  });

  for (const d of deployments) {
    if (d.reason) {
      const w = d.warnings[0];
      reasons.push({
        scope: 'deployment',
        item: `deployment ${d.namespace}/${d.name}`,
        message: `${d.reason}${w ? `; latest warning ${w.reason}: ${w.message.slice(0, 200)}` : ''}`,
        deployment: `${d.namespace}/${d.name}`,
      });
    }
  }
  pods.forEach((p, i) => {
    if (!p.counted || p.ready) return;
    const raw = ns.pods[i];
    const waiting = raw?.containers.find((c) => !c.ready && c.stateReason)?.stateReason ?? null;
    reasons.push({
      scope: 'pod',
      item: `pod ${p.namespace}/${p.name}`,
      message: describePod(p, waiting),
      ...(p.deployment ? { deployment: `${p.namespace}/${p.deployment}` } : {}),
    });
  });
  return { name: ns.namespace, deployments, pods };
}

function assessCrd(c: InfraInput['crds'][number], reasons: InfraReason[]): CrdInfra {
  const label = REQUIRED_CRDS.find((r) => r.name === c.name)?.label ?? c.name;
  if ('error' in c) {
    reasons.push({ scope: 'kubernetes', item: `CRD ${c.name}`, message: `could not be read: ${c.error}` });
    return { name: c.name, label, installed: false, established: false, reason: c.error };
  }
  const est = condition(c.conditions, 'Established');
  const established = c.installed && !c.terminating && est?.status === 'True';
  let reason: string | null = null;
  if (!c.installed) reason = 'is not installed';
  else if (c.terminating) reason = 'is being deleted';
  else if (!established) reason = `is not Established${est?.reason ? ` (${est.reason}${est.message ? `: ${est.message}` : ''})` : ''}`;
  if (reason) reasons.push({ scope: 'crd', item: `CRD ${c.name} (${label})`, message: reason });
  return { name: c.name, label, installed: c.installed, established, reason };
}

/** Turns what was read into the snapshot and its gate. Pure: unit-tested on hand-made input. */
export function assessInfrastructure(input: InfraInput, now: Date = new Date()): InfrastructureSnapshot {
  const reasons: InfraReason[] = [];
  const namespaces: NamespaceInfra[] = input.namespaces.map((ns) => {
    if (ns.error !== undefined) {
      reasons.push({ scope: 'kubernetes', item: `namespace ${ns.namespace}`, message: `could not be read: ${ns.error}` });
      return { name: ns.namespace, deployments: [], pods: [] };
    }
    return assessNamespace(ns, reasons);
  });
  const crds = input.crds.map((c) => assessCrd(c, reasons));
  if (!input.dataStorage.ready) {
    reasons.push({ scope: 'datastorage', item: 'Data Storage', message: `is not ready: ${input.dataStorage.message ?? 'no answer'}` });
  }
  return { checkedAt: now.toISOString(), ready: reasons.length === 0, reasons, namespaces, crds, dataStorage: input.dataStorage };
}

function safeMessage(err: unknown): string {
  return err instanceof AppError ? err.message : 'unexpected error (logged on the server)';
}

/** Reads the installation's state now, as `identity`, and assesses it. Never throws for an unreachable upstream: that is a red item. */
export async function checkInfrastructure(identity: RequestIdentity): Promise<InfrastructureSnapshot> {
  const e = env();
  const [namespaces, crds, dataStorage] = await Promise.all([
    Promise.all(
      e.READINESS_NAMESPACES.map((namespace) =>
        readNamespaceInfra(identity, namespace).catch((err: unknown) => {
          log.warn('readiness: namespace read failed', { namespace, err });
          return { namespace, error: safeMessage(err) };
        }),
      ),
    ),
    Promise.all(
      REQUIRED_CRDS.map((c) =>
        readCrd(identity, c.name).catch((err: unknown) => {
          log.warn('readiness: CRD read failed', { crd: c.name, err });
          return { name: c.name, error: safeMessage(err) };
        }),
      ),
    ),
    pingDataStorage(identity).then(
      () => ({ ready: true, message: null }),
      (err: unknown) => ({ ready: false, message: safeMessage(err) }),
    ),
  ]);
  return assessInfrastructure({ namespaces, crds, dataStorage });
}

// ---------------------------------------------------------------------------
// Shared snapshot: one check serves every request and the live stream.

interface Cached {
  snapshot: InfrastructureSnapshot;
  at: number;
}

let cached: Cached | undefined;
let inflight: Promise<InfrastructureSnapshot> | undefined;
const listeners = new Set<(s: InfrastructureSnapshot) => void>();

/** Default age after which a request triggers a fresh check. */
export const INFRA_MAX_AGE_MS = 5_000;

/**
 * The latest snapshot, refreshed when older than `maxAgeMs` (with `allowStale`, an older
 * one is returned at once while a refresh runs). Concurrent callers share one check. Uses
 * Flightdeck's own identity: the snapshot is the same for every reader.
 */
export async function getInfrastructure(options: { maxAgeMs?: number; allowStale?: boolean } = {}): Promise<InfrastructureSnapshot> {
  const maxAge = options.maxAgeMs ?? INFRA_MAX_AGE_MS;
  if (cached && Date.now() - cached.at <= maxAge) return cached.snapshot;
  if (cached && options.allowStale) {
    // Answer now with the last snapshot and refresh behind it; listeners get the new one.
    refreshInfrastructure().catch((err: unknown) => log.warn('readiness: infrastructure check failed', { err }));
    return cached.snapshot;
  }
  return refreshInfrastructure();
}

/** The last snapshot without checking again, if there is one. */
export function cachedInfrastructure(): InfrastructureSnapshot | undefined {
  return cached?.snapshot;
}

/** Runs a check now (joining one already under way) and notifies subscribers when the result changed. */
export function refreshInfrastructure(): Promise<InfrastructureSnapshot> {
  inflight ??= checkInfrastructure(systemIdentity())
    .then((snapshot) => {
      const changed = !cached || fingerprint(cached.snapshot) !== fingerprint(snapshot);
      cached = { snapshot, at: Date.now() };
      if (changed) for (const l of listeners) safeCall(l, snapshot);
      return snapshot;
    })
    .finally(() => {
      inflight = undefined;
    });
  return inflight;
}

function safeCall(l: (s: InfrastructureSnapshot) => void, s: InfrastructureSnapshot): void {
  try {
    l(s);
  } catch (err) {
    log.warn('readiness: infrastructure listener failed', { err });
  }
}

/** What changed between two snapshots, ignoring the time of the check. */
function fingerprint(s: InfrastructureSnapshot): string {
  return JSON.stringify({ ...s, checkedAt: undefined });
}

/** Calls `listener` with every snapshot that differs from the one before; returns the unsubscribe function. */
export function onInfrastructureChange(listener: (s: InfrastructureSnapshot) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Forgets the cached snapshot (tests). */
export function resetInfrastructureCacheForTests(): void {
  cached = undefined;
}
