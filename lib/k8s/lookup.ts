/**
 * Direct reads of named objects, for what the watched caches do not hold: one
 * field-selector LIST (metadata.name is selectable on every resource) per watched
 * namespace, or one cluster-wide.
 */
import 'server-only';
import { env } from '../env';
import type { RequestIdentity } from '../identity';
import { isObjectName } from '../schemas/names';
import { kubeConfigFor } from './client';
import { kubeError } from './errors';
import { KubeHttpError, kubeGetJson } from './http';
import { collectionPath, listPageSchema, type ResourceRef } from './objects';

/**
 * The raw objects named `name` in the watched namespaces (WATCH_NAMESPACES, or the whole
 * cluster), for the caller to parse with its schema. Empty when there is none, when the
 * resource is not served, or when `name` cannot be an object name; throws an AppError
 * when Kubernetes cannot be read.
 */
export async function findNamed(identity: RequestIdentity, resource: ResourceRef, name: string): Promise<unknown[]> {
  if (!isObjectName(name)) return [];
  const e = env();
  const kc = kubeConfigFor(identity);
  const scopes = e.WATCH_NAMESPACES.length ? e.WATCH_NAMESPACES : ['*'];
  const pages = await Promise.all(
    scopes.map(async (ns) => {
      try {
        const raw = await kubeGetJson(kc, collectionPath(resource, ns), { fieldSelector: `metadata.name=${name}`, limit: 10 }, { timeoutMs: e.KUBE_REQUEST_TIMEOUT_MS });
        return listPageSchema.parse(raw).items ?? [];
      } catch (err) {
        if (err instanceof KubeHttpError && err.code === 404) return [];
        throw kubeError(err, resource.title);
      }
    }),
  );
  return pages.flat();
}
