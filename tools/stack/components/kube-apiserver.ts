// kube-apiserver with embedded etcd, in one process (tools/kubestack), with RBAC and
// ServiceAccount tokens signed by the stack's keys.
import path from 'node:path';
import { certFiles } from '../certs';
import { binPath, cfg, kubeUrl, paths } from '../config';
import { KubeClient } from '../kube';
import { livePid, runsReplacedBinary } from '../proc';
import { childEnv, mkdirp } from '../util';
import type { ProcessComponent } from './component';
import { ensureCrds } from './crds';

const { host, ports } = cfg;

export const kubeApiserver: ProcessComponent = {
  kind: 'process',
  name: 'kube-apiserver',
  aliases: ['kubestack', 'etcd', 'apiserver'],
  exe: 'kubestack',
  ports: [ports.kube, ports.etcd, ports.etcd + 1],
  needs: [],
  endpoint: `${kubeUrl} (readyz)`,
  reuseWaitMs: 30000,
  startTimeoutMs: 180000,
  stopOpts: { sig: 'SIGTERM', graceMs: 30000 },
  healthy: () => new KubeClient().readyz(),
  prepare: () => {
    mkdirp(paths.etcd, 0o700);
  },
  outdated: ({ changedCerts }) => {
    // It loaded the CA, serving cert and SA keys at start.
    if ((['ca', 'apiserver', 'sa'] as const).some((c) => changedCerts.has(c))) return 'certificates changed';
    // A rebuilt binary replaces the file; the running process keeps the old one. Restart
    // so the stack always matches the sources (etcd data is kept).
    const pid = livePid('kube-apiserver', 'kubestack');
    if (pid && runsReplacedBinary(pid)) return 'its binary was rebuilt';
    return null;
  },
  // A fresh apiserver serves 429 for custom resources until first touched; warm them.
  afterStart: () => ensureCrds(),
  command: () => ({
    cmd: binPath('kubestack'),
    cwd: cfg.stackDir,
    env: childEnv(),
    args: [
      `--data-dir=${paths.etcd}`,
      `--etcd-port=${ports.etcd}`,
      '--',
      `--bind-address=${host}`,
      `--advertise-address=${host}`,
      `--secure-port=${ports.kube}`,
      `--cert-dir=${path.join(paths.certs, 'apiserver-generated')}`,
      `--tls-cert-file=${certFiles.apiserverCrt}`,
      `--tls-private-key-file=${certFiles.apiserverKey}`,
      `--client-ca-file=${certFiles.caCrt}`,
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${certFiles.saPub}`,
      `--service-account-signing-key-file=${certFiles.saKey}`,
      '--service-cluster-ip-range=10.96.0.0/16',
      // No controller-manager runs, so the default ServiceAccount never appears and the
      // ServiceAccount admission plugin would reject every pod.
      '--disable-admission-plugins=ServiceAccount',
      // No real node network: do not publish 127.0.0.1 as the kubernetes Service endpoint.
      '--endpoint-reconciler-type=none',
      '--allow-privileged=true',
      '--profiling=false',
    ],
  }),
};
