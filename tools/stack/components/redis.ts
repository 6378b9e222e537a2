// Redis for Data Storage's dead-letter queue; nothing worth persisting between runs.
import { cfg, paths } from '../config';
import { childEnv, mkdirp, redisPing } from '../util';
import type { ProcessComponent } from './component';

const { host, ports } = cfg;

export const redis: ProcessComponent = {
  kind: 'process',
  name: 'redis',
  exe: 'redis-server',
  ports: [ports.redis],
  needs: [],
  endpoint: `${host}:${ports.redis}`,
  reuseWaitMs: 10000,
  startTimeoutMs: 20000,
  stopOpts: { sig: 'SIGTERM', graceMs: 10000 },
  healthy: () => redisPing(ports.redis, host),
  prepare: () => {
    mkdirp(paths.redis, 0o700);
  },
  command: () => ({
    cmd: 'redis-server',
    cwd: paths.redis,
    env: childEnv(),
    args: ['--bind', host, '--port', String(ports.redis), '--save', '', '--appendonly', 'no', '--dir', paths.redis, '--daemonize', 'no', '--protected-mode', 'yes', '--logfile', ''],
  }),
};
