// What Kubernaut's WorkflowExecution controller and AuthWebhook share on the stack: a
// working directory each, a kubeconfig acting as their own ServiceAccount, and that
// ServiceAccount's token at the fixed in-cluster path Kubernaut reads for Data Storage.
import fs from 'node:fs';
import path from 'node:path';
import { certFiles, type CertName } from '../certs';
import { cfg, paths } from '../config';
import type { IdentityId } from '../manifests';
import { livePid, runsReplacedBinary, type SpawnSpec } from '../proc';
import { StackError, httpRequest, mkdirp, writeIfChanged } from '../util';
import { kubeconfig, tokenPath } from './identities';

/** Where Kubernaut reads the token it sends to Data Storage (pkg/shared/auth/transport.go); no override exists. */
const IN_CLUSTER_SA_DIR = 'secrets/kubernetes.io/serviceaccount';

export const controllerDir = (name: string): string => path.join(paths.controllers, name);

/**
 * Writes the process's kubeconfig (tokenFile: client-go re-reads it) and the directory
 * mounted as /var/run/secrets/kubernetes.io/serviceaccount (token, namespace, ca.crt),
 * refreshed from the token `up` re-mints. Returns whether the kubeconfig changed.
 */
export function writeIdentityFiles(name: string, id: IdentityId): boolean {
  const dir = controllerDir(name);
  const saDir = path.join(dir, 'serviceaccount');
  mkdirp(saDir, 0o700);
  let token: string;
  try {
    token = fs.readFileSync(tokenPath(id), 'utf8').trim();
  } catch {
    throw new StackError(name, 'no ServiceAccount token yet: run `npm run stack:up`');
  }
  writeIfChanged(path.join(saDir, 'token'), token, 0o600);
  writeIfChanged(path.join(saDir, 'namespace'), cfg.systemNamespace, 0o644);
  writeIfChanged(path.join(saDir, 'ca.crt'), fs.readFileSync(certFiles.caCrt, 'utf8'), 0o644);
  return writeIfChanged(
    path.join(dir, 'kubeconfig'),
    kubeconfig({ context: `stack-${name}`, namespace: cfg.systemNamespace, user: { tokenFile: path.join(saDir, 'token') } }),
    0o600,
  );
}

/**
 * The command line that runs `bin` with its ServiceAccount directory at the in-cluster
 * path, for its process only: `unshare --mount` gives it a private mount namespace, in
 * which a tmpfs covers /var/run and the directory is bind-mounted; the machine's own
 * /var/run is never written. `unshare` and the shell exec, so the pid stays the binary's.
 */
export function withPrivateServiceAccount(name: string, bin: string, args: string[], env: NodeJS.ProcessEnv): SpawnSpec {
  if (process.getuid?.() !== 0) {
    throw new StackError(name, 'needs root to give the process a private mount namespace (unshare --mount); run as root, or set STACK_CONTROLLERS=0 to run the stack without Kubernaut’s controllers');
  }
  // /var/run is usually a symlink to /run: mount on the real directory.
  const runDir = fs.realpathSync('/var/run');
  const script = 'mount -n -t tmpfs -o size=1m,mode=755 tmpfs "$1" && mkdir -p "$1/$3" && mount -n --bind "$2" "$1/$3" && shift 3 && exec "$@"';
  return {
    cmd: 'unshare',
    exe: bin,
    args: ['--mount', '--propagation', 'private', '--', '/bin/sh', '-c', script, 'sh', runDir, path.join(controllerDir(name), 'serviceaccount'), IN_CLUSTER_SA_DIR, bin, ...args],
    cwd: controllerDir(name),
    env,
  };
}

/** controller-runtime's readiness probe. */
export async function readyz(port: number): Promise<boolean> {
  try {
    const res = await httpRequest(`http://${cfg.host}:${port}/readyz`, { timeoutMs: 3000 });
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * Why a running controller must restart to see what `up` changed (its config, identity or
 * certificate, a new CA or ServiceAccount signing key, a rebuilt binary), or null.
 */
export function restartReason(name: string, configChanged: boolean, changedCerts: ReadonlySet<CertName>): string | null {
  if (configChanged || (['ca', 'sa'] as const).some((c) => changedCerts.has(c))) return 'configuration, identity or certificate changed';
  const pid = livePid(name, name);
  if (pid && runsReplacedBinary(pid)) return 'its binary was rebuilt';
  return null;
}
