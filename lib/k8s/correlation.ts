/**
 * The RemediationRequest of a correlation, read straight from the API: its name is the
 * correlation id, and the executions cache only knows RemediationRequests that some
 * WorkflowExecution references. One field-selector LIST (metadata.name is selectable on
 * every resource) per watched namespace, or one cluster-wide.
 */
import 'server-only';
import { env } from '../env';
import type { RequestIdentity } from '../identity';
import type { CorrelationRemediationRequest } from '../schemas/audit';
import { isObjectName } from '../schemas/names';
import { kubeConfigFor, kubeError } from './client';
import { KubeHttpError, kubeGetJson } from './http';

const GROUP_PATH = '/apis/kubernaut.ai/v1alpha1';

function s(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

/** Renders spec.targetResource ({kind, name, namespace}) as "namespace/Kind/name". */
function targetOf(t: unknown): string | null {
  if (!t || typeof t !== 'object') return s(t);
  const o = t as Record<string, unknown>;
  const parts = [s(o.namespace), s(o.kind), s(o.name)].filter(Boolean);
  return parts.length ? parts.join('/') : null;
}

/** Reshapes a RemediationRequest object into the correlation view's summary. */
export function toCorrelationRemediation(raw: unknown): CorrelationRemediationRequest | null {
  const o = (raw ?? {}) as { metadata?: Record<string, unknown>; spec?: Record<string, unknown>; status?: Record<string, unknown> };
  const namespace = s(o.metadata?.namespace);
  const name = s(o.metadata?.name);
  if (!namespace || !name) return null;
  return {
    namespace,
    name,
    overallPhase: s(o.status?.overallPhase),
    outcome: s(o.status?.outcome),
    signalName: s(o.spec?.signalName),
    severity: s(o.spec?.severity),
    targetResource: targetOf(o.spec?.targetResource),
  };
}

/**
 * Finds the RemediationRequest named `correlationId` in the watched namespaces. Returns
 * null when there is none (or the id cannot be an object name); throws an AppError when
 * Kubernetes cannot be read.
 */
export async function findRemediationRequest(identity: RequestIdentity, correlationId: string): Promise<CorrelationRemediationRequest | null> {
  if (!isObjectName(correlationId)) return null;
  const e = env();
  const kc = kubeConfigFor(identity);
  const scopes = e.WATCH_NAMESPACES.length ? e.WATCH_NAMESPACES.map((ns) => `${GROUP_PATH}/namespaces/${encodeURIComponent(ns)}/remediationrequests`) : [`${GROUP_PATH}/remediationrequests`];
  const lists = await Promise.all(
    scopes.map(async (path) => {
      try {
        return await kubeGetJson<{ items?: unknown[] }>(kc, path, { fieldSelector: `metadata.name=${correlationId}`, limit: 10 }, { timeoutMs: e.KUBE_REQUEST_TIMEOUT_MS });
      } catch (err) {
        if (err instanceof KubeHttpError && err.code === 404) return { items: [] };
        throw kubeError(err, 'RemediationRequests');
      }
    }),
  );
  for (const list of lists) {
    for (const item of list.items ?? []) {
      const rr = toCorrelationRemediation(item);
      if (rr) return rr;
    }
  }
  return null;
}
