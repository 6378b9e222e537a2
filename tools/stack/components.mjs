// The stack's components and how to bring each one up, check it and stop it.
// Order: certs -> kube-apiserver (+etcd) -> CRDs -> PostgreSQL -> Redis -> databases
// -> identities -> Data Storage -> env files.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findPgBin, kubernautDir } from './build.mjs';
import { certFiles } from './certs.mjs';
import { cfg, kubeUrl, paths } from './config.mjs';
import { KubeClient } from './kube.mjs';
import { IDENTITIES, identityManifests } from './manifests.mjs';
import { findOrphan, isRunning, livePid, logFile, readPid, realExe, spawnDetached, stopProcess, writePidFile } from './proc.mjs';
import {
  StackError,
  httpRequest,
  log,
  mkdirp,
  portInUse,
  readJson,
  redisPing,
  run,
  secondsSince,
  shellValue,
  sleep,
  writeIfChanged,
} from './util.mjs';

const { ports, host } = cfg;

// ---------------------------------------------------------------- shared state

function readState() {
  return readJson(paths.state, {});
}
function writeState(patch) {
  const next = { ...readState(), ...patch };
  writeIfChanged(paths.state, `${JSON.stringify(next, null, 2)}\n`, 0o600);
}

/** Database passwords, generated once per stack directory. Hex keeps them DSN-safe. */
function secrets() {
  let s = readJson(paths.secrets, null);
  if (!s?.slmUser || !s?.flightdeck) {
    s = { slmUser: crypto.randomBytes(18).toString('hex'), flightdeck: crypto.randomBytes(18).toString('hex') };
    writeIfChanged(paths.secrets, `${JSON.stringify(s, null, 2)}\n`, 0o600);
  }
  return s;
}

/** A minimal environment for children, so the caller's KUBECONFIG, PG*, TLS_CA_FILE... never leak in. */
function childEnv(extra = {}) {
  return { PATH: process.env.PATH, HOME: process.env.HOME || os.homedir(), LANG: 'C.UTF-8', TZ: 'UTC', ...extra };
}

// ---------------------------------------------------------------- process lifecycle

/**
 * Reuses a healthy running process, waits a little for one that is still starting,
 * replaces one that is unhealthy, and otherwise starts it and waits for health.
 * A process that exits while we wait fails with its log.
 */
async function ensureProcess(def) {
  try {
    return await ensureProcessUnwrapped(def);
  } catch (err) {
    if (err instanceof StackError) throw err;
    throw new StackError(def.name, err.message, { logFile: logFile(def.name), cause: err });
  }
}

async function ensureProcessUnwrapped(def) {
  const start = Date.now();
  const pid = livePid(def.name, def.exe) ?? adopt(def);
  if (pid) {
    if (await def.healthy()) {
      log(`${def.name}: already running (pid ${pid}), healthy`);
      return { pid, started: false };
    }
    log(`${def.name}: running (pid ${pid}) but not healthy yet, waiting up to ${def.reuseWaitMs / 1000}s`);
    if (await waitHealthy(def, () => livePid(def.name, def.exe) === pid, def.reuseWaitMs)) {
      log(`${def.name}: healthy (pid ${pid}) after ${secondsSince(start)}`);
      return { pid, started: false };
    }
    log(`${def.name}: pid ${pid} stayed unhealthy, restarting it`);
    await stopProcess(def.name, def.exe, def.stopOpts);
  }
  for (const p of def.ports) {
    if (await portInUse(p)) {
      throw new StackError(
        def.name,
        `port ${host}:${p} is in use by a process this stack did not start (find it with: ss -ltnp 'sport = :${p}')`,
        { logFile: logFile(def.name) },
      );
    }
  }
  await def.prepare?.();
  const { cmd, args, env, uid, gid, cwd } = def.command();
  const child = spawnDetached(def.name, cmd, args, { env, uid, gid, cwd });
  if (!child.pid) throw new StackError(def.name, `could not start ${cmd}`, { logFile: logFile(def.name) });
  const ok = await waitHealthy(def, () => !child.exited.done, def.startTimeoutMs);
  if (!ok) {
    const why = child.exited.done
      ? `exited during start-up (${child.exited.code !== null ? `exit code ${child.exited.code}` : child.exited.signal})`
      : `not healthy after ${def.startTimeoutMs / 1000}s`;
    if (!child.exited.done) await stopProcess(def.name, def.exe, def.stopOpts);
    throw new StackError(def.name, why, { logFile: logFile(def.name) });
  }
  log(`${def.name}: started (pid ${child.pid}), healthy in ${secondsSince(start)}`);
  return { pid: child.pid, started: true };
}

/** Re-tracks a component process whose pid file was lost, so `up` neither duplicates nor fails on it. */
function adopt(def) {
  let pid = def.adopt?.() ?? null;
  if (!pid) {
    const { cmd, cwd } = def.command();
    pid = findOrphan(cmd, cwd);
    if (pid) writePidFile(def.name, pid, realExe(cmd));
  }
  if (pid) log(`${def.name}: found running pid ${pid} without a pid file, adopting it`);
  return pid;
}

async function waitHealthy(def, alive, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) return false;
    if (await def.healthy()) return true;
    await sleep(250);
  }
  return false;
}

// ---------------------------------------------------------------- kube-apiserver + etcd

function kubeDef(kubestackBin) {
  return {
    name: 'kube-apiserver',
    exe: 'kubestack',
    ports: [ports.kube, ports.etcd, ports.etcd + 1],
    reuseWaitMs: 30000,
    startTimeoutMs: 180000,
    stopOpts: { sig: 'SIGTERM', graceMs: 30000 },
    healthy: () => new KubeClient().readyz(),
    prepare: () => mkdirp(paths.etcd, 0o700),
    command: () => ({
      cmd: kubestackBin,
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
}

// ---------------------------------------------------------------- CRDs

function crdFiles() {
  const dir = kubernautDir();
  const bases = path.join(dir, 'config', 'crd', 'bases');
  const files = fs
    .readdirSync(bases)
    .filter((f) => f.startsWith('kubernaut.ai_') && f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(bases, f));
  files.push(
    path.join(dir, 'config', 'crd', 'tekton', 'pipelineruns_tekton_dev.yaml'),
    path.join(dir, 'config', 'crd', 'tekton', 'taskruns_tekton_dev.yaml'),
  );
  return files.map((file) => {
    const yaml = fs.readFileSync(file, 'utf8');
    const m = /^metadata:[ \t]*\n(?:[ \t]+.*\n)*?  name:[ \t]*["']?([a-z0-9.-]+)/m.exec(yaml);
    if (!m) throw new StackError('crds', `no metadata.name found in ${file}`);
    return { file, name: m[1], yaml };
  });
}

function established(crd) {
  const conds = crd?.status?.conditions || [];
  return conds.some((c) => c.type === 'Established' && c.status === 'True') && conds.some((c) => c.type === 'NamesAccepted' && c.status === 'True');
}

async function crdStatus(kube, names) {
  const list = await kube.must('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
  const byName = new Map((list.items || []).map((c) => [c.metadata.name, c]));
  const ready = names.filter((n) => established(byName.get(n)));
  return { ready, missing: names.filter((n) => !ready.includes(n)), byName };
}

/**
 * The apiserver builds a custom resource's storage and watch cache lazily, on the first
 * request, and answers 429 "storage is (re)initializing" until it is ready. Clients such
 * as @kubernetes/client-node do not retry that, so touch every CRD once here.
 */
async function warmCustomResources(kube, crds) {
  const deadline = Date.now() + 60000;
  await Promise.all(
    crds.map(async (crd) => {
      const version = crd.spec.versions.find((v) => v.storage)?.name ?? crd.spec.versions[0].name;
      const url = `/apis/${crd.spec.group}/${version}/${crd.spec.names.plural}?limit=1`;
      for (;;) {
        const res = await kube.request('GET', url);
        if (res.status === 200) return;
        if (res.status !== 429 || Date.now() > deadline) {
          throw new StackError('crds', `GET ${url}: HTTP ${res.status}: ${res.json?.message ?? res.body.slice(0, 200)}`);
        }
        await sleep(200);
      }
    }),
  );
}

async function ensureCrds() {
  const start = Date.now();
  const kube = new KubeClient({ component: 'crds' });
  const crds = crdFiles();
  const names = crds.map((c) => c.name);
  const hash = crypto.createHash('sha256').update(crds.map((c) => c.yaml).join('\0')).digest('hex');
  const before = await crdStatus(kube, names);
  if (readState().crdHash === hash && before.missing.length === 0) {
    await warmCustomResources(kube, names.map((n) => before.byName.get(n)));
    log(`crds: ${names.length} already established and serving (${secondsSince(start)})`);
    return;
  }
  // Server-side apply takes the manifests as YAML, so no YAML parser is needed here.
  await Promise.all(crds.map((c) => kube.apply(null, { yaml: c.yaml, apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: c.name })));
  const deadline = Date.now() + 60000;
  let after;
  for (;;) {
    after = await crdStatus(kube, names);
    if (!after.missing.length) break;
    if (Date.now() > deadline) throw new StackError('crds', `not Established after 60s: ${after.missing.join(', ')}`);
    await sleep(200);
  }
  await warmCustomResources(kube, names.map((n) => after.byName.get(n)));
  writeState({ crdHash: hash });
  log(`crds: applied ${names.length} (${names.join(', ')}), established and serving in ${secondsSince(start)}`);
}

// ---------------------------------------------------------------- PostgreSQL

function pgBin(tool) {
  const dir = findPgBin();
  if (!dir) throw new StackError('postgres', 'PostgreSQL binaries not found (apt-get install postgresql)');
  return path.join(dir, tool);
}

/** initdb and postgres refuse to run as root: use the postgres OS user then. */
function pgOsUser() {
  if (process.getuid?.() !== 0) return null;
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new StackError('postgres', 'running as root needs the "postgres" OS user (created by the postgresql package)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Unix sockets have a ~107 byte path limit; fall back to /tmp when STACK_DIR is deep. */
function pgSocketDir() {
  if (`${paths.run}/.s.PGSQL.${ports.postgres}.lock`.length < 100) return paths.run;
  return path.join(os.tmpdir(), `flightdeck-stack-${crypto.createHash('sha256').update(cfg.stackDir).digest('hex').slice(0, 10)}`);
}

/** The postgres OS user must be able to reach its data directory through every parent. */
function assertTraversable(dir, owner) {
  if (!owner) return;
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    const st = fs.statSync(d);
    const ok = st.mode & 0o001 || (st.uid === owner.uid && st.mode & 0o100) || (st.gid === owner.gid && st.mode & 0o010);
    if (!ok) {
      throw new StackError('postgres', `the postgres OS user cannot enter ${d} (mode ${(st.mode & 0o777).toString(8)}); set STACK_DIR to a directory it can reach`);
    }
    if (d === path.dirname(d)) return;
  }
}

function chownTree(dir, owner) {
  if (!owner) return;
  fs.chownSync(dir, owner.uid, owner.gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(p, owner);
    else fs.lchownSync(p, owner.uid, owner.gid);
  }
}

function pgIsReady() {
  const res = spawnSync(pgBin('pg_isready'), ['-q', '-h', host, '-p', String(ports.postgres), '-t', '2'], { env: childEnv() });
  return res.status === 0;
}

function postgresDef() {
  const owner = pgOsUser();
  const sock = pgSocketDir();
  return {
    name: 'postgres',
    exe: 'postgres',
    ports: [ports.postgres],
    reuseWaitMs: 20000,
    startTimeoutMs: 60000,
    // SIGINT is PostgreSQL's "fast" shutdown; SIGTERM ("smart") would wait for every
    // client, e.g. a dev server's connection pool, to disconnect on its own.
    stopOpts: { sig: 'SIGINT', graceMs: 30000 },
    healthy: async () => pgIsReady(),
    // A postmaster whose pid file we lost (e.g. .stack/pids removed) is still ours.
    adopt: () => {
      try {
        const pid = Number(fs.readFileSync(path.join(paths.postgres, 'postmaster.pid'), 'utf8').split('\n')[0]);
        if (isRunning(pid, pgBin('postgres'))) {
          writePidFile('postgres', pid, fs.realpathSync(pgBin('postgres')));
          return pid;
        }
      } catch {
        // no running cluster
      }
      return null;
    },
    prepare: () => {
      // After a SIGKILL (or a host crash) postmaster.pid stays behind, and PostgreSQL
      // refuses to start while its pid exists, even as an unreaped zombie. adopt() ran
      // first, so no live postmaster uses this directory.
      const lock = path.join(paths.postgres, 'postmaster.pid');
      try {
        const stale = Number(fs.readFileSync(lock, 'utf8').split('\n')[0]);
        if (!isRunning(stale, pgBin('postgres'))) fs.rmSync(lock, { force: true });
      } catch {
        // no lock file
      }
      mkdirp(paths.postgres, 0o700);
      mkdirp(sock, 0o700);
      assertTraversable(paths.postgres, owner);
      assertTraversable(sock, owner);
      fs.chmodSync(paths.postgres, 0o700);
      chownTree(paths.postgres, owner);
      chownTree(sock, owner);
      if (!fs.existsSync(path.join(paths.postgres, 'PG_VERSION'))) {
        const start = Date.now();
        run('postgres', pgBin('initdb'), [
          '-D', paths.postgres, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256',
          '-E', 'UTF8', '--no-locale', '--no-instructions',
        ], { env: childEnv(), cwd: '/', ...(owner || {}) });
        log(`postgres: initdb done in ${secondsSince(start)}`);
      }
    },
    command: () => ({
      cmd: pgBin('postgres'),
      cwd: '/',
      env: childEnv(),
      ...(owner || {}),
      args: [
        '-D', paths.postgres,
        '-c', `listen_addresses=${host}`,
        '-c', `port=${ports.postgres}`,
        '-c', `unix_socket_directories=${sock}`,
        '-c', 'unix_socket_permissions=0700',
        '-c', 'max_connections=200',
        // Test data: losing the last few commits on a crash is fine; corruption is not,
        // so fsync stays on and only commit waits are relaxed.
        '-c', 'synchronous_commit=off',
        '-c', 'logging_collector=off',
      ],
    }),
  };
}

/** Runs SQL as the superuser over the Unix socket (local connections are trusted). */
function psql(sql, db = 'postgres') {
  return run('postgres', pgBin('psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', pgSocketDir(), '-p', String(ports.postgres), '-U', 'postgres', '-d', db, '-f', '-'], {
    input: sql,
    env: childEnv(),
  });
}

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

function dsDatabaseUrl() {
  return `postgres://slm_user:${secrets().slmUser}@${host}:${ports.postgres}/action_history?sslmode=disable`;
}
function flightdeckDatabaseUrl() {
  return `postgres://flightdeck:${secrets().flightdeck}@${host}:${ports.postgres}/flightdeck?sslmode=disable`;
}

/**
 * Roles and databases (idempotent), the extensions Data Storage's schema needs (created
 * as superuser since the app role is not one), then Kubernaut's goose migrations as the
 * database owner, exactly as its Helm migration job runs them.
 */
async function ensureDatabases(gooseBin) {
  const start = Date.now();
  const s = secrets();
  const role = (name, pw) => `
SELECT format('CREATE ROLE %I LOGIN', ${q(name)}) WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${q(name)}) \\gexec
ALTER ROLE ${name} WITH LOGIN NOSUPERUSER PASSWORD ${q(pw)};`;
  const db = (name, ownerRole) => `
SELECT format('CREATE DATABASE %I OWNER %I', ${q(name)}, ${q(ownerRole)}) WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = ${q(name)}) \\gexec`;
  psql(`${role('slm_user', s.slmUser)}${role('flightdeck', s.flightdeck)}${db('action_history', 'slm_user')}${db('flightdeck', 'flightdeck')}\n`);
  psql('CREATE EXTENSION IF NOT EXISTS "uuid-ossp";\nCREATE EXTENSION IF NOT EXISTS pgcrypto;\n', 'action_history');

  const migrations = path.join(kubernautDir(), 'migrations');
  const out = run('databases', gooseBin, ['-dir', migrations, 'postgres', dsDatabaseUrl(), 'up'], {
    env: childEnv({ NO_COLOR: '1' }),
    cwd: cfg.stackDir,
    combine: true,
  });
  fs.appendFileSync(path.join(paths.logs, 'migrate.log'), `\n===== ${new Date().toISOString()} goose up\n${out}`);
  const version = run('databases', gooseBin, ['-dir', migrations, 'postgres', dsDatabaseUrl(), 'version'], { env: childEnv({ NO_COLOR: '1' }), combine: true });
  const applied = (out.match(/OK\s/g) || []).length;
  const at = /version:? (\d+)/.exec(version)?.[1] ?? '?';
  log(`databases: action_history + flightdeck ready, ${applied ? `${applied} migrations applied` : 'no pending migrations'}, schema at goose version ${at} (${secondsSince(start)})`);
}

// ---------------------------------------------------------------- Redis

function redisDef() {
  return {
    name: 'redis',
    exe: 'redis-server',
    ports: [ports.redis],
    reuseWaitMs: 10000,
    startTimeoutMs: 20000,
    stopOpts: { sig: 'SIGTERM', graceMs: 10000 },
    healthy: () => redisPing(ports.redis, host),
    prepare: () => mkdirp(paths.redis, 0o700),
    command: () => ({
      cmd: 'redis-server',
      cwd: paths.redis,
      env: childEnv(),
      // Data Storage's dead-letter queue only; nothing worth persisting between runs.
      args: ['--bind', host, '--port', String(ports.redis), '--save', '', '--appendonly', 'no', '--dir', paths.redis, '--daemonize', 'no', '--protected-mode', 'yes', '--logfile', ''],
    }),
  };
}

// ---------------------------------------------------------------- identities, tokens, kubeconfigs

export const tokenPath = (id) => path.join(paths.tokens, IDENTITIES[id].tokenFile);

function kubeconfig({ context, user, namespace }) {
  const ca = fs.readFileSync(certFiles.caCrt).toString('base64');
  const userLines = Object.entries(user).map(([k, v]) => `    ${k}: ${v}`).join('\n');
  return `apiVersion: v1
kind: Config
clusters:
- name: flightdeck-stack
  cluster:
    server: ${kubeUrl}
    certificate-authority-data: ${ca}
users:
- name: ${context}
  user:
${userLines}
contexts:
- name: ${context}
  context:
    cluster: flightdeck-stack
    user: ${context}
    namespace: ${namespace}
current-context: ${context}
`;
}

/**
 * Applies namespaces, ServiceAccounts, the Data Storage Service and RBAC, then makes sure
 * each identity has a token that still authenticates and is younger than the refresh age.
 * Returns the identities whose token was re-minted.
 */
async function ensureIdentities() {
  const start = Date.now();
  const kube = new KubeClient({ component: 'identities' });
  const manifests = identityManifests();
  const first = manifests.filter((m) => m.kind === 'Namespace');
  for (const m of first) await kube.apply(m);
  await Promise.all(manifests.filter((m) => m.kind !== 'Namespace').map((m) => kube.apply(m)));

  mkdirp(paths.tokens, 0o700);
  const state = readState();
  const tokens = { ...(state.tokens || {}) };
  const minted = [];
  await Promise.all(
    Object.entries(IDENTITIES).map(async ([id, { serviceAccount }]) => {
      const file = tokenPath(id);
      const expected = `system:serviceaccount:${cfg.systemNamespace}:${serviceAccount}`;
      const issuedAt = tokens[id]?.issuedAt ? Date.parse(tokens[id].issuedAt) : 0;
      let current = null;
      try {
        current = fs.readFileSync(file, 'utf8').trim();
      } catch {
        // none yet
      }
      const fresh = Date.now() - issuedAt < cfg.tokenRefreshAfterMs;
      // TokenReview catches tokens from a wiped etcd or a regenerated signing key.
      if (current && fresh && (await kube.tokenUser(current)) === expected) return;
      const { token, expiresAt } = await kube.createToken(cfg.systemNamespace, serviceAccount, cfg.tokenTtlSeconds);
      writeIfChanged(file, token, 0o600);
      tokens[id] = { issuedAt: new Date().toISOString(), expiresAt };
      minted.push(id);
    }),
  );
  writeState({ tokens });

  const adminCfg = kubeconfig({
    context: 'stack-admin',
    namespace: cfg.systemNamespace,
    user: {
      'client-certificate-data': fs.readFileSync(certFiles.adminCrt).toString('base64'),
      'client-key-data': fs.readFileSync(certFiles.adminKey).toString('base64'),
    },
  });
  writeIfChanged(paths.kubeconfigAdmin, adminCfg, 0o600);
  // Flightdeck's kubeconfig embeds the token: @kubernetes/client-node does not read the
  // standard tokenFile field. A refreshed token stays valid 36h past the refresh anyway.
  writeIfChanged(
    paths.kubeconfigFlightdeck,
    kubeconfig({ context: 'stack-flightdeck', namespace: cfg.systemNamespace, user: { token: fs.readFileSync(tokenPath('flightdeck'), 'utf8').trim() } }),
    0o600,
  );
  // Data Storage (client-go) re-reads tokenFile, so token refreshes need no restart.
  writeIfChanged(
    paths.kubeconfigDatastorage,
    kubeconfig({ context: 'stack-datastorage', namespace: cfg.systemNamespace, user: { tokenFile: tokenPath('datastorage') } }),
    0o600,
  );
  log(`identities: ${manifests.length} objects applied, tokens ${minted.length ? `minted for ${minted.sort().join(', ')}` : 'still valid'} (${secondsSince(start)})`);
  return minted;
}

// ---------------------------------------------------------------- Data Storage

/** Writes Data Storage's config and secret files; returns whether any changed. */
function writeDataStorageConfig() {
  mkdirp(paths.datastorage, 0o700);
  const dbSecrets = path.join(paths.datastorage, 'db-secrets.yaml');
  const redisSecrets = path.join(paths.datastorage, 'redis-secrets.yaml');
  const config = `# Generated by tools/stack. Keys follow pkg/datastorage/config/config.go (Kubernaut ${cfg.kubernautVersion}).
server:
  host: ${host}
  port: ${ports.datastorage}
  healthPort: ${ports.datastorageHealth}
  metricsPort: ${ports.datastorageMetrics}
  signerCertDir: ${paths.signer}
  disableProfiling: true
  readTimeout: 30s
  writeTimeout: 30s
  # Tests stop Data Storage mid-run: keep its graceful shutdown short (30s is its minimum).
  shutdownTimeout: 30s
  endpointPropagationDelay: 1s
logging:
  level: info
database:
  host: ${host}
  port: ${ports.postgres}
  name: action_history
  user: slm_user
  sslMode: disable
  maxOpenConns: 25
  maxIdleConns: 5
  connMaxLifetime: 30m
  connMaxIdleTime: 10m
  secretsFile: ${dbSecrets}
  usernameKey: username
  passwordKey: password
redis:
  addr: ${host}:${ports.redis}
  secretsFile: ${redisSecrets}
  passwordKey: password
`;
  const changed = [
    writeIfChanged(path.join(paths.datastorage, 'config.yaml'), config, 0o600),
    writeIfChanged(dbSecrets, `username: slm_user\npassword: "${secrets().slmUser}"\n`, 0o600),
    writeIfChanged(redisSecrets, 'password: ""\n', 0o600),
  ];
  return changed.some(Boolean);
}

async function dataStorageHealthy() {
  try {
    const res = await httpRequest(`http://${host}:${ports.datastorageHealth}/readyz`, { timeoutMs: 3000 });
    return res.status === 200;
  } catch {
    return false;
  }
}

function dataStorageDef(bin) {
  return {
    name: 'datastorage',
    exe: 'datastorage',
    ports: [ports.datastorage, ports.datastorageHealth, ports.datastorageMetrics],
    reuseWaitMs: 20000,
    // It retries PostgreSQL/Redis 10 times, 2s apart, before giving up.
    startTimeoutMs: 60000,
    stopOpts: { sig: 'SIGTERM', graceMs: 40000 },
    healthy: dataStorageHealthy,
    prepare: () => {
      writeDataStorageConfig();
      if (!fs.existsSync(tokenPath('datastorage'))) {
        throw new StackError('datastorage', 'no Data Storage token yet: run `node tools/stack/stack.mjs up`');
      }
    },
    command: () => ({
      cmd: bin,
      cwd: paths.datastorage,
      env: childEnv({
        CONFIG_PATH: path.join(paths.datastorage, 'config.yaml'),
        KUBECONFIG: paths.kubeconfigDatastorage,
        POD_NAMESPACE: cfg.systemNamespace,
      }),
      args: [],
    }),
  };
}

// ---------------------------------------------------------------- env files

export function stackEnv() {
  return {
    STACK_DIR: cfg.stackDir,
    KUBECONFIG: paths.kubeconfigFlightdeck,
    STACK_ADMIN_KUBECONFIG: paths.kubeconfigAdmin,
    STACK_DATASTORAGE_KUBECONFIG: paths.kubeconfigDatastorage,
    STACK_KUBE_SERVER: kubeUrl,
    STACK_CA_FILE: certFiles.caCrt,
    STACK_FLIGHTDECK_TOKEN_FILE: tokenPath('flightdeck'),
    DATASTORAGE_URL: `http://${host}:${ports.datastorage}`,
    DATASTORAGE_TOKEN_FILE: tokenPath('flightdeck'),
    STACK_DATASTORAGE_WRITER_TOKEN_FILE: tokenPath('writer'),
    STACK_NOREADER_TOKEN_FILE: tokenPath('noreader'),
    STACK_DATASTORAGE_HEALTH_URL: `http://${host}:${ports.datastorageHealth}`,
    STACK_DATASTORAGE_METRICS_URL: `http://${host}:${ports.datastorageMetrics}`,
    STACK_DATASTORAGE_PID_FILE: path.join(paths.pids, 'datastorage.pid'),
    DATABASE_URL: flightdeckDatabaseUrl(),
    STACK_DATASTORAGE_DATABASE_URL: dsDatabaseUrl(),
    STACK_REDIS_URL: `redis://${host}:${ports.redis}`,
  };
}

function writeEnvFiles() {
  const env = stackEnv();
  const lines = Object.entries(env).map(([k, v]) => `${k}=${shellValue(v)}`);
  writeIfChanged(paths.env, `# Generated by tools/stack (node tools/stack/stack.mjs up). Source it or use tools/with-stack-env.mjs.\n${lines.join('\n')}\n`, 0o600);
  writeIfChanged(paths.envJson, `${JSON.stringify(env, null, 2)}\n`, 0o600);
  return env;
}

// ---------------------------------------------------------------- exported component table

export function processDefs(bins = {}) {
  return {
    'kube-apiserver': kubeDef(bins.kubestack ?? path.join(cfg.binDir, 'kubestack')),
    postgres: postgresDef(),
    redis: redisDef(),
    datastorage: dataStorageDef(bins.datastorage ?? path.join(cfg.binDir, 'datastorage')),
  };
}

/** Stop order is the reverse of start order. */
export const PROCESS_ORDER = ['kube-apiserver', 'postgres', 'redis', 'datastorage'];

export { ensureProcess, ensureCrds, ensureDatabases, ensureIdentities, writeDataStorageConfig, writeEnvFiles };

/** Graceful stop by default; `kill: true` simulates a crash (SIGKILL, no shutdown path). */
export async function stopByName(name, { kill = false } = {}) {
  const def = processDefs()[name];
  if (!def) throw new Error(`unknown component ${name} (one of ${PROCESS_ORDER.join(', ')})`);
  const start = Date.now();
  const pid = readPid(name);
  const stopped = await stopProcess(name, def.exe, kill ? { sig: 'SIGKILL', graceMs: 5000 } : def.stopOpts);
  log(stopped ? `${name}: ${kill ? 'killed' : 'stopped'} (pid ${pid}) in ${secondsSince(start)}` : `${name}: was not running`);
  return stopped;
}

/** One line per component for `status`; ok=false when anything is down. */
export async function statusLines() {
  const defs = processDefs();
  const lines = [];
  let ok = true;
  const row = (name, up, detail) => {
    if (!up) ok = false;
    lines.push(`${name.padEnd(15)} ${(up ? 'up' : 'DOWN').padEnd(5)} ${detail}`);
  };
  const endpoints = {
    'kube-apiserver': `${kubeUrl} (readyz)`,
    postgres: `${host}:${ports.postgres}`,
    redis: `${host}:${ports.redis}`,
    datastorage: `http://${host}:${ports.datastorage} (readyz on :${ports.datastorageHealth})`,
  };
  const health = {};
  for (const name of PROCESS_ORDER) {
    const def = defs[name];
    const pid = livePid(name, def.exe);
    const healthy = fs.existsSync(certFiles.adminCrt) ? await def.healthy() : false;
    health[name] = Boolean(pid && healthy);
    if (pid && healthy) row(name, true, `pid ${pid}  ${endpoints[name]}`);
    else if (pid) row(name, false, `pid ${pid} running but not healthy  ${endpoints[name]}  (log: ${logFile(name)})`);
    else if (healthy) row(name, false, `answers on ${endpoints[name]} but not started by this stack (no live pid file)`);
    else row(name, false, `not running  (log: ${logFile(name)})`);
  }
  if (health['kube-apiserver']) {
    try {
      const kube = new KubeClient();
      const names = crdFiles().map((c) => c.name);
      const s = await crdStatus(kube, names);
      row('crds', !s.missing.length, `${s.ready.length}/${names.length} established${s.missing.length ? `, missing: ${s.missing.join(', ')}` : ''}`);
      const valid = [];
      for (const [id, { serviceAccount }] of Object.entries(IDENTITIES)) {
        try {
          const user = await kube.tokenUser(fs.readFileSync(tokenPath(id), 'utf8').trim());
          if (user === `system:serviceaccount:${cfg.systemNamespace}:${serviceAccount}`) valid.push(id);
        } catch {
          // missing file
        }
      }
      row('tokens', valid.length === Object.keys(IDENTITIES).length, `${valid.length}/${Object.keys(IDENTITIES).length} authenticate (${paths.tokens})`);
    } catch (err) {
      row('crds', false, `check failed: ${err.message}`);
    }
  } else {
    row('crds', false, 'unknown (kube-apiserver down)');
  }
  return { ok, lines };
}
