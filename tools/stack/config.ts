// Paths, ports and versions of the local stack. Everything is derived from the
// environment once, at import time, so every module sees the same layout.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1024 || n > 65535) {
    throw new Error(`${name}=${raw} is not a usable port (1024-65535)`);
  }
  return n;
}

const stackDir = path.resolve(process.env.STACK_DIR || path.join(REPO_ROOT, '.stack'));
const cacheDir = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'flightdeck');

export const cfg = Object.freeze({
  repoRoot: REPO_ROOT,
  stackDir,
  cacheDir,
  binDir: path.join(cacheDir, 'bin'),
  kubestackSrc: path.join(REPO_ROOT, 'tools', 'kubestack'),
  oidcProviderSrc: path.join(REPO_ROOT, 'tools', 'oidc-provider'),

  kubernautModule: 'github.com/jordigilh/kubernaut',
  kubernautVersion: process.env.STACK_KUBERNAUT_VERSION || 'v1.5.7',
  // The version Kubernaut's own go.mod pins, so migrations run with the goose they were written for.
  gooseVersion: process.env.STACK_GOOSE_VERSION || 'v3.27.3',
  // The chart tests render and lint charts/flightdeck with the real Helm.
  helmVersion: process.env.STACK_HELM_VERSION || 'v3.22.0',
  // The auth proxy the sign-in tests put in front of Flightdeck.
  oauth2ProxyVersion: process.env.STACK_OAUTH2_PROXY_VERSION || 'v7.15.6',

  host: '127.0.0.1',
  ports: Object.freeze({
    etcd: port('STACK_ETCD_PORT', 23790),
    kube: port('STACK_KUBE_PORT', 16443),
    postgres: port('STACK_POSTGRES_PORT', 15432),
    redis: port('STACK_REDIS_PORT', 16379),
    datastorage: port('STACK_DATASTORAGE_PORT', 18090),
    datastorageHealth: port('STACK_DATASTORAGE_HEALTH_PORT', 18091),
    datastorageMetrics: port('STACK_DATASTORAGE_METRICS_PORT', 19090),
    // Kubernaut's controllers default to :9090/:8081 (Data Storage's): set every port.
    workflowexecutionHealth: port('STACK_WORKFLOWEXECUTION_HEALTH_PORT', 18191),
    workflowexecutionMetrics: port('STACK_WORKFLOWEXECUTION_METRICS_PORT', 19190),
    authwebhook: port('STACK_AUTHWEBHOOK_PORT', 19443),
    authwebhookHealth: port('STACK_AUTHWEBHOOK_HEALTH_PORT', 18192),
  }),

  systemNamespace: 'kubernaut-system',
  workflowNamespace: 'kubernaut-workflows',
  dataStorageService: 'data-storage-service',
  /** Kubernaut's chart default is 1m; the cooldown blocks a second execution for a target. */
  cooldownPeriod: process.env.STACK_COOLDOWN_PERIOD || '1m',

  // TokenRequest lifetime, and the age after which `up` mints a fresh one, so a token
  // handed to a long-running dev server stays valid for at least a day and a half.
  tokenTtlSeconds: 48 * 3600,
  tokenRefreshAfterMs: 12 * 3600 * 1000,
});

export const paths = Object.freeze({
  pids: path.join(stackDir, 'pids'),
  logs: path.join(stackDir, 'logs'),
  certs: path.join(stackDir, 'certs'),
  signer: path.join(stackDir, 'certs', 'ds-signer'),
  tokens: path.join(stackDir, 'tokens'),
  etcd: path.join(stackDir, 'etcd'),
  postgres: path.join(stackDir, 'postgres'),
  run: path.join(stackDir, 'run'),
  redis: path.join(stackDir, 'redis'),
  datastorage: path.join(stackDir, 'datastorage'),
  /** Config, certificates and ServiceAccount token directories of Kubernaut's controllers. */
  controllers: path.join(stackDir, 'controllers'),
  secrets: path.join(stackDir, 'secrets.json'),
  state: path.join(stackDir, 'state.json'),
  lock: path.join(stackDir, 'stack.lock'),
  env: path.join(stackDir, 'env'),
  envJson: path.join(stackDir, 'env.json'),
  kubeconfigAdmin: path.join(stackDir, 'kubeconfig-admin'),
  kubeconfigFlightdeck: path.join(stackDir, 'kubeconfig-flightdeck'),
  kubeconfigDatastorage: path.join(stackDir, 'kubeconfig-datastorage'),
});

export const kubeUrl = `https://${cfg.host}:${cfg.ports.kube}`;

/** A Go binary of the bin cache (built by build.ts, which installs every tool there). */
export const binPath = (name: 'kubestack' | 'datastorage' | 'goose' | 'workflowexecution' | 'authwebhook'): string => path.join(cfg.binDir, name);

/**
 * Whether `up` runs Kubernaut's WorkflowExecution controller and AuthWebhook.
 * STACK_CONTROLLERS=0 brings the stack up without them (and stops them if they run), for
 * tests that arrange WorkflowExecution status by hand in kubernaut-system.
 */
export const controllersEnabled = (): boolean => process.env.STACK_CONTROLLERS !== '0';
