// Everything the stack runs but does not keep in the repo: Debian packages, and Go
// binaries cached under ~/.cache/flightdeck/bin with stamps so warm runs skip builds.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cfg, controllersEnabled } from './config';
import { StackError, log, mkdirp, run, secondsSince, which } from './util';

const GO_FALLBACK_DIRS = ['/usr/local/go/bin', path.join(os.homedir(), 'go', 'bin')];
// Only the PostgreSQL driver is needed; the others pull in large dependency trees.
const GOOSE_TAGS = 'no_clickhouse no_libsql no_mssql no_mysql no_sqlite3 no_vertica no_ydb';

export function findPgBin(): string | null {
  if (process.env.STACK_PG_BIN) return process.env.STACK_PG_BIN;
  const root = '/usr/lib/postgresql';
  let versions: string[] = [];
  try {
    versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')));
  } catch {
    // not installed
  }
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions[0]) return path.join(root, versions[0], 'bin');
  const initdb = which('initdb');
  return initdb ? path.dirname(initdb) : null;
}

/**
 * Installs missing Debian packages in one apt-get run. Chromium is not used by the stack
 * itself but by the browser tests that run against it, so a fresh machine gets it too
 * (unless STACK_SKIP_BROWSER=1: `npm run demo` opens no browser).
 */
export function ensureSystemPackages(): void {
  const wanted = [
    { pkg: 'postgresql', present: () => findPgBin() },
    { pkg: 'redis-server', present: () => which('redis-server', ['/usr/bin']) },
    { pkg: 'openssl', present: () => which('openssl', ['/usr/bin']) },
    { pkg: 'chromium', present: () => which('chromium', ['/usr/bin']) },
  ].filter((w) => w.pkg !== 'chromium' || process.env.STACK_SKIP_BROWSER !== '1');
  const missing = wanted.filter((w) => !w.present()).map((w) => w.pkg);
  if (!missing.length) return;
  if (process.env.STACK_SKIP_APT === '1') {
    throw new StackError('packages', `missing Debian packages: ${missing.join(' ')} (STACK_SKIP_APT=1 is set)`);
  }
  const start = Date.now();
  log(`packages: installing ${missing.join(' ')} with apt-get`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const exec = (args: string[]) => {
    const [cmd = '', ...rest] = [...sudo, ...args];
    const res = spawnSync(cmd, rest, { stdio: 'inherit', env });
    if (res.status !== 0) throw new StackError('packages', `${args.join(' ')} failed (exit ${res.status})`);
  };
  exec(['apt-get', 'update']);
  exec(['apt-get', 'install', '-y', '--no-install-recommends', ...missing]);
  const still = wanted.filter((w) => missing.includes(w.pkg) && !w.present()).map((w) => w.pkg);
  if (still.length) throw new StackError('packages', `still missing after apt-get: ${still.join(' ')}`);
  log(`packages: installed in ${secondsSince(start)}`);
}

let goInfo: { bin: string; modcache: string; version: string } | undefined;
/** Locates the Go toolchain once; puts it on PATH so child builds find it too. */
export function go(): { bin: string; modcache: string; version: string } {
  if (goInfo) return goInfo;
  const bin = which('go', GO_FALLBACK_DIRS);
  if (!bin) throw new StackError('go', 'Go (1.26) is required to build kubestack/Data Storage: install it to /usr/local/go');
  const dir = path.dirname(bin);
  if (!(process.env.PATH || '').split(path.delimiter).includes(dir)) {
    process.env.PATH = `${process.env.PATH}${path.delimiter}${dir}`;
  }
  const [modcache = '', version = ''] = run('go', bin, ['env', 'GOMODCACHE', 'GOVERSION'], { cwd: os.tmpdir() }).trim().split('\n');
  goInfo = { bin, modcache, version };
  return goInfo;
}

const stampFile = (name: string): string => path.join(cfg.binDir, `${name}.stamp`);
const readStamp = (name: string): string | null => {
  try {
    return fs.readFileSync(stampFile(name), 'utf8').trim();
  } catch {
    return null;
  }
};

/**
 * Release builds of Kubernetes stamp their version with -ldflags; a module build would
 * otherwise report v0.0.0-master, which Flightdeck shows as the server's version.
 */
function kubestackLdflags(): string {
  const gomod = fs.readFileSync(path.join(cfg.kubestackSrc, 'go.mod'), 'utf8');
  const version = /^\s*k8s\.io\/kubernetes\s+(v\d+\.(\d+)\.\d+)/m.exec(gomod);
  if (!version) return '';
  const pkg = 'k8s.io/component-base/version';
  return `-X ${pkg}.gitVersion=${version[1]} -X ${pkg}.gitMajor=1 -X ${pkg}.gitMinor=${version[2]} -X ${pkg}.gitTreeState=clean`;
}

/** Hash of a Go main package's sources, link flags and toolchain: any change means a rebuild. */
function sourceHash(srcDir: string, ldflags: string): string {
  const h = crypto.createHash('sha256');
  h.update(`${go().version} ${process.platform}/${process.arch} ${ldflags}\n`);
  const files = fs
    .readdirSync(srcDir)
    .filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum')
    .sort();
  for (const f of files) {
    h.update(`${f}\0`);
    h.update(fs.readFileSync(path.join(srcDir, f)));
    h.update('\0');
  }
  return h.digest('hex');
}

/**
 * Runs a Go build asynchronously with a heartbeat, since a cold kube-apiserver build
 * takes many minutes and silence would look like a hang. Output goes to a build log.
 */
async function goBuild(name: string, args: string[], { cwd, env, logPath }: { cwd: string; env?: Record<string, string>; logPath: string }): Promise<void> {
  mkdirp(path.dirname(logPath));
  const out = fs.openSync(logPath, 'w');
  fs.writeSync(out, `$ go ${args.join(' ')}\n`);
  const start = Date.now();
  const child = spawn(go().bin, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const timer = setInterval(() => {
    let pkgs = 0;
    try {
      pkgs = fs.readFileSync(logPath, 'utf8').split('\n').length - 2;
    } catch {
      // ignore
    }
    log(`${name}: still building (${secondsSince(start)}, ${pkgs} packages so far; log ${logPath})`);
  }, 30000);
  const code = await new Promise<number | null>((resolve) => {
    child.on('exit', (c) => resolve(c));
    child.on('error', () => resolve(-1));
  });
  clearInterval(timer);
  if (code !== 0) {
    throw new StackError(name, `go ${args.join(' ')} failed (exit ${code})`, { logFile: logPath });
  }
}

/** Builds a Go main package kept in this repository into the bin cache when its sources changed. */
async function ensureSourceBuild(
  name: string,
  srcDir: string,
  { ldflags = '', logsDir, coldNote }: { ldflags?: string; logsDir: string; coldNote: string },
): Promise<{ bin: string; built: boolean }> {
  const bin = path.join(cfg.binDir, name);
  const hash = sourceHash(srcDir, ldflags);
  if (fs.existsSync(bin) && readStamp(name) === hash) return { bin, built: false };
  const start = Date.now();
  log(`${name}: sources changed or no cached binary, running go build (${coldNote})…`);
  mkdirp(cfg.binDir);
  // Building straight to the final path lets `go build` skip the link when the cached
  // binary is already up to date (it compares build IDs).
  const env = { GOPROXY: `file://${path.join(go().modcache, 'cache', 'download')},https://proxy.golang.org` };
  await goBuild(name, ['build', '-v', ...(ldflags ? ['-ldflags', ldflags] : []), '-o', bin, '.'], {
    cwd: srcDir,
    env,
    logPath: path.join(logsDir, `build-${name}.log`),
  });
  fs.writeFileSync(stampFile(name), `${hash}\n`);
  log(`${name}: built in ${secondsSince(start)}`);
  return { bin, built: true };
}

/** `go version -m` tells which module version a binary was built from (stamp fallback). */
function binaryModuleVersion(bin: string, module: string): string | null {
  const res = spawnSync(go().bin, ['version', '-m', bin], { encoding: 'utf8' });
  if (res.status !== 0) return null;
  const line = res.stdout.split('\n').find((l) => l.trim().startsWith(`mod\t${module}\t`));
  return line?.trim().split('\t')[2] ?? null;
}

/**
 * `go install module/cmd@version` of a tool into the bin cache. The module is downloaded
 * first and served from the local module cache because a plain install fetches the
 * module's version list for deprecation info, which the proxy answers with 403 here.
 */
async function ensureGoTool(
  name: string,
  module: string,
  pkg: string,
  version: string,
  { tags, ldflags, logsDir, coldNote }: { tags?: string; ldflags?: (moduleDir: string) => string; logsDir: string; coldNote: string },
): Promise<string> {
  const bin = path.join(cfg.binDir, name);
  const stamp = `${pkg}@${version}${tags ? ` tags=${tags}` : ''}${ldflags ? ' release-ldflags' : ''}`;
  if (fs.existsSync(bin)) {
    if (readStamp(name) === stamp) return bin;
    if (binaryModuleVersion(bin, module) === version) {
      fs.writeFileSync(stampFile(name), `${stamp}\n`);
      return bin;
    }
  }
  const start = Date.now();
  log(`${name}: building ${pkg}@${version} (first run only, ${coldNote})…`);
  mkdirp(cfg.binDir);
  run(name, go().bin, ['mod', 'download', `${module}@${version}`], { cwd: os.tmpdir() });
  const env = {
    GOPROXY: `file://${path.join(go().modcache, 'cache', 'download')},https://proxy.golang.org`,
    GOBIN: cfg.binDir,
  };
  const flags = ldflags?.(path.join(go().modcache, `${module}@${version}`));
  const args = ['install', '-v', ...(tags ? ['-tags', tags] : []), ...(flags ? ['-ldflags', flags] : []), `${pkg}@${version}`];
  await goBuild(name, args, { cwd: os.tmpdir(), env, logPath: path.join(logsDir, `build-${name}.log`) });
  fs.writeFileSync(stampFile(name), `${stamp}\n`);
  log(`${name}: built in ${secondsSince(start)}`);
  return bin;
}

/**
 * The link flags of Helm's release Makefile: its version, and the Kubernetes version it
 * assumes for `helm template`/`lint` (the client-go minor + 1.0, as `make build` derives
 * it); without them Helm reports v3.x-dev and assumes Kubernetes 1.20.
 */
function helmLdflags(version: string): (moduleDir: string) => string {
  return (moduleDir) => {
    const gomod = fs.readFileSync(path.join(moduleDir, 'go.mod'), 'utf8');
    const clientGo = /^\s*k8s\.io\/client-go\s+v0\.(\d+)\.\d+/m.exec(gomod);
    const minor = clientGo?.[1] ?? '0';
    const v = 'helm.sh/helm/v3/internal/version';
    return [
      `-X ${v}.version=${version}`,
      `-X ${v}.gitTreeState=clean`,
      ...['pkg/lint/rules', 'pkg/chartutil'].flatMap((p) => [`-X helm.sh/helm/v3/${p}.k8sVersionMajor=1`, `-X helm.sh/helm/v3/${p}.k8sVersionMinor=${minor}`]),
    ].join(' ');
  };
}

/** The Kubernaut module's source tree in the Go module cache (CRDs, migrations). */
export function kubernautDir(): string {
  const dir = path.join(go().modcache, `${cfg.kubernautModule}@${cfg.kubernautVersion}`);
  if (!fs.existsSync(path.join(dir, 'go.mod'))) {
    log(`kubernaut: downloading ${cfg.kubernautModule}@${cfg.kubernautVersion} into the module cache`);
    run('kubernaut', go().bin, ['mod', 'download', `${cfg.kubernautModule}@${cfg.kubernautVersion}`], { cwd: os.tmpdir() });
  }
  return dir;
}

/** Paths of the Go binaries the stack runs, from the bin cache. */
export interface Binaries {
  kubestack: string;
  kubestackRebuilt: boolean;
  datastorage: string;
  goose: string;
  /** Absent when STACK_CONTROLLERS=0. */
  workflowexecution?: string;
  authwebhook?: string;
}

export async function ensureBinaries(logsDir: string): Promise<Binaries> {
  const kubestack = await ensureSourceBuild('kubestack', cfg.kubestackSrc, { ldflags: kubestackLdflags(), logsDir, coldNote: '~3-4 min on 2 cores' });
  const datastorage = await ensureGoTool(
    'datastorage',
    cfg.kubernautModule,
    `${cfg.kubernautModule}/cmd/datastorage`,
    cfg.kubernautVersion,
    { logsDir, coldNote: '~1.5 min on 2 cores after kube-apiserver' },
  );
  const goose = await ensureGoTool('goose', 'github.com/pressly/goose/v3', 'github.com/pressly/goose/v3/cmd/goose', cfg.gooseVersion, {
    tags: GOOSE_TAGS,
    logsDir,
    coldNote: 'seconds after Data Storage',
  });
  const bins: Binaries = { kubestack: kubestack.bin, kubestackRebuilt: kubestack.built, datastorage, goose };
  if (controllersEnabled()) {
    // The controller pulls Tekton and Knative modules: ~4.5 min cold on 2 busy cores; the
    // webhook then takes seconds, sharing the build cache.
    for (const name of ['workflowexecution', 'authwebhook'] as const) {
      const coldNote = name === 'workflowexecution' ? '~40 s after Data Storage' : 'seconds after the controller';
      bins[name] = await ensureGoTool(name, cfg.kubernautModule, `${cfg.kubernautModule}/cmd/${name}`, cfg.kubernautVersion, { logsDir, coldNote });
    }
  }
  return bins;
}

/** The sign-in test pair: the real oauth2-proxy and a real OpenID provider (loopback only). */
export interface SignInBinaries {
  oauth2Proxy: string;
  oidcProvider: string;
}

/**
 * Builds (or reuses) oauth2-proxy from its module and the OpenID provider from
 * tools/oidc-provider (zitadel/oidc's example OP). Only the sign-in tests need them, so
 * `stack up` does not build them; cold builds take about 2.5 min and 1 min on 2 cores.
 */
export async function ensureSignInBinaries(logsDir: string): Promise<SignInBinaries> {
  const oauth2Proxy = await ensureGoTool('oauth2-proxy', 'github.com/oauth2-proxy/oauth2-proxy/v7', 'github.com/oauth2-proxy/oauth2-proxy/v7', cfg.oauth2ProxyVersion, { logsDir, coldNote: '~2.5 min on 2 cores' });
  const provider = await ensureSourceBuild('oidc-provider', cfg.oidcProviderSrc, { logsDir, coldNote: '~1 min on 2 cores' });
  return { oauth2Proxy, oidcProvider: provider.bin };
}

/**
 * Builds (or reuses) Helm. Only the chart tests use it, so `stack up` (and the demo) do
 * not build it: `stack.ts helm-binary` does, on demand (~3 min cold on 2 cores).
 */
export async function ensureHelmBinary(logsDir: string): Promise<string> {
  return ensureGoTool('helm', 'helm.sh/helm/v3', 'helm.sh/helm/v3/cmd/helm', cfg.helmVersion, { ldflags: helmLdflags(cfg.helmVersion), logsDir, coldNote: '~3 min on 2 cores' });
}
