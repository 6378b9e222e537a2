/**
 * Loads the Kubernetes client configuration and builds API clients. The only module
 * family that imports @kubernetes/client-node.
 */
import 'server-only';
import { existsSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import { AppError } from '../errors';
import { env, runsInCluster } from '../env';
import type { RequestIdentity } from '../identity';

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

let base: k8s.KubeConfig | undefined;

/**
 * In-cluster config when running in a Pod and no KUBECONFIG is set; otherwise
 * KUBECONFIG or ~/.kube/config, with KUBE_CONTEXT selecting a context.
 */
export function loadKubeConfig(): k8s.KubeConfig {
  if (base) return base;
  const e = env();
  const kc = new k8s.KubeConfig();
  try {
    if (!e.KUBECONFIG && runsInCluster() && existsSync(IN_CLUSTER_TOKEN)) {
      kc.loadFromCluster();
    } else if (e.KUBECONFIG) {
      kc.loadFromFile(e.KUBECONFIG);
    } else {
      kc.loadFromDefault();
    }
    if (e.KUBE_CONTEXT) kc.setCurrentContext(e.KUBE_CONTEXT);
  } catch (err) {
    throw new AppError('unavailable:kubernetes', 'Kubernetes client configuration could not be loaded.', { cause: err });
  }
  if (!kc.getCurrentCluster()) {
    throw new AppError('unavailable:kubernetes', 'No Kubernetes cluster is configured (set KUBECONFIG or run in a cluster).');
  }
  base = kc;
  return kc;
}

/** The config a call for this identity should use (impersonation plugs in here). */
export function kubeConfigFor(_identity: RequestIdentity): k8s.KubeConfig {
  return loadKubeConfig();
}

export function apiClient<T extends k8s.ApiType>(identity: RequestIdentity, api: k8s.ApiConstructor<T>): T {
  return kubeConfigFor(identity).makeApiClient(api);
}

/** Cheap liveness probe of the API server: GET /version. */
export async function pingKubernetes(identity: RequestIdentity): Promise<{ version: string }> {
  const timeout = env().KUBE_REQUEST_TIMEOUT_MS;
  const call = apiClient(identity, k8s.VersionApi).getCode();
  const info = await withTimeout(call, timeout, 'Kubernetes API');
  return { version: info.gitVersion };
}

/** Rejects after `ms` with a 504 AppError; the client library has no request timeout of its own. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new AppError('timeout:kubernetes', `${what} did not answer within ${ms} ms.`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Maps a client-node error to an AppError without copying its message, which embeds
 * request headers (and so tokens).
 */
export function kubeError(err: unknown, what: string): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown })?.code;
  if (code === 401) return new AppError('unavailable:kubernetes', `Kubernetes rejected Flightdeck's credentials while reading ${what}.`, { cause: err });
  if (code === 403) return new AppError('forbidden:kubernetes', `Flightdeck's ServiceAccount may not read ${what}.`, { cause: err });
  if (code === 404) return new AppError('not_found:kubernetes', `${what} was not found.`, { cause: err });
  if (typeof code === 'number' && code >= 500) return new AppError('upstream:kubernetes', `Kubernetes failed while reading ${what} (HTTP ${code}).`, { cause: err });
  return new AppError('unavailable:kubernetes', `The Kubernetes API could not be reached while reading ${what}.`, { cause: err });
}

/** Resets the cached configuration (tests). */
export function resetKubeConfigForTests(): void {
  base = undefined;
}
