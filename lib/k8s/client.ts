/**
 * Loads the Kubernetes client configuration (KubeConfig: server, TLS, credentials). The
 * only module family that imports @kubernetes/client-node; requests go through
 * lib/k8s/http.ts with that configuration.
 */
import 'server-only';
import { existsSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import { z } from 'zod';
import { AppError } from '../errors';
import { env, runsInCluster } from '../env';
import type { RequestIdentity } from '../identity';
import { kubeGetJson } from './http';

/** The connection settings of one identity (server, TLS, credentials); opaque outside lib/k8s. */
export type KubeConfig = k8s.KubeConfig;

const versionSchema = z.looseObject({ gitVersion: z.string() });

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

/** Cheap liveness probe of the API server: GET /version. */
export async function pingKubernetes(identity: RequestIdentity): Promise<{ version: string }> {
  const info = versionSchema.parse(await kubeGetJson(kubeConfigFor(identity), '/version', {}, { timeoutMs: env().KUBE_REQUEST_TIMEOUT_MS }));
  return { version: info.gitVersion };
}

/** Resets the cached configuration (tests). */
export function resetKubeConfigForTests(): void {
  base = undefined;
}
