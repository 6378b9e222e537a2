/**
 * The processes the sign-in specs put around a production build, all on 127.0.0.1: the
 * OpenID provider (zitadel/oidc's example OP, tools/oidc-provider), the real oauth2-proxy
 * in front of a Flightdeck in proxy mode, and a Flightdeck in token mode. Binaries come
 * from the stack's bin cache (`stack.ts sign-in-binaries` builds them once).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stackCliArgs } from '../../tools/stack/cli-args';

export const PORTS = { provider: 19998, proxy: 14180, flightdeckProxy: 13101, flightdeckToken: 13102 } as const;
export const ISSUER = `http://127.0.0.1:${PORTS.provider}/`;
export const PROXY_URL = `http://127.0.0.1:${PORTS.proxy}`;
export const PROXY_MODE_URL = `http://127.0.0.1:${PORTS.flightdeckProxy}`;
export const TOKEN_MODE_URL = `http://127.0.0.1:${PORTS.flightdeckToken}`;

/** People at the provider; `email` is the Kubernetes user name (OIDC_USERNAME_CLAIM=email). */
export const PEOPLE = {
  alice: { password: 'alice-password', email: 'alice@example.com' },
  bob: { password: 'bob-password', email: 'bob@example.com' },
} as const;

function usersFile(dir: string): string {
  const users = Object.fromEntries(
    Object.entries(PEOPLE).map(([id, p]) => [
      id,
      { ID: id, Username: id, Password: p.password, FirstName: id, LastName: 'Test', Email: p.email, EmailVerified: true, PreferredLanguage: 'en', Groups: [] },
    ]),
  );
  const file = path.join(dir, 'users.json');
  fs.writeFileSync(file, JSON.stringify(users));
  return file;
}

async function waitFor(url: string, what: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2_000) });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs} ms`);
}

export class SignInServers {
  private readonly children: ChildProcess[] = [];
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flightdeck-sign-in-'));
  readonly logs: string[] = [];

  private start(what: string, cmd: string, args: string[], env: Record<string, string> = {}): ChildProcess {
    const log = fs.openSync(path.join(this.dir, `${what}.log`), 'w');
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.logs.push(path.join(this.dir, `${what}.log`));
    this.children.push(child);
    return child;
  }

  /** A standalone production server (as `npm start`), on loopback. */
  private flightdeck(what: string, port: number, env: Record<string, string>): ChildProcess {
    return this.start(what, process.execPath, ['--import', 'tsx', 'tools/with-stack-env.ts', 'node', '.next/standalone/server.js'], {
      ...env,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
    });
  }

  /** Starts everything and waits until each answers. `watchNamespaces` keeps the servers' caches small. */
  async up(watchNamespaces: string[]): Promise<void> {
    const built = spawnSync(process.execPath, stackCliArgs('sign-in-binaries'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (built.status !== 0) throw new Error(`sign-in-binaries failed (exit ${built.status})`);
    const bins = JSON.parse(built.stdout.trim().split('\n').pop() ?? '{}') as { oauth2Proxy: string; oidcProvider: string };
    const clientSecret = randomBytes(16).toString('hex');

    const provider = this.start('oidc-provider', bins.oidcProvider, [
      '-addr', `127.0.0.1:${PORTS.provider}`,
      '-users', usersFile(this.dir),
      '-client-id', 'flightdeck',
      '-client-secret', clientSecret,
      '-redirect-uri', `${PROXY_URL}/oauth2/callback`,
    ]);
    await waitFor(`${ISSUER}.well-known/openid-configuration`, 'the OpenID provider', provider);

    const common = { WATCH_NAMESPACES: watchNamespaces.join(','), AUTH_CACHE_TTL_SECONDS: '2', LOG_LEVEL: 'warn' };
    const fdProxy = this.flightdeck('flightdeck-proxy-mode', PORTS.flightdeckProxy, {
      ...common,
      AUTH_MODE: 'proxy',
      OIDC_ISSUER_URL: ISSUER,
      OIDC_CLIENT_ID: 'flightdeck',
      OIDC_USERNAME_CLAIM: 'email',
    });
    const fdToken = this.flightdeck('flightdeck-token-mode', PORTS.flightdeckToken, {
      ...common,
      AUTH_MODE: 'token',
      SESSION_SECRET: randomBytes(24).toString('hex'),
    });

    const proxy = this.start('oauth2-proxy', bins.oauth2Proxy, [
      `--http-address=127.0.0.1:${PORTS.proxy}`,
      `--upstream=${PROXY_MODE_URL}/`,
      '--provider=oidc',
      `--oidc-issuer-url=${ISSUER}`,
      '--client-id=flightdeck',
      `--client-secret=${clientSecret}`,
      `--redirect-url=${PROXY_URL}/oauth2/callback`,
      '--scope=openid email profile groups',
      '--email-domain=*',
      `--cookie-secret=${randomBytes(16).toString('hex')}`,
      '--cookie-secure=false',
      '--pass-authorization-header=true',
      '--set-xauthrequest=true',
      '--skip-provider-button=true',
      '--code-challenge-method=S256',
    ]);
    await Promise.all([
      waitFor(`${PROXY_MODE_URL}/api/healthz`, 'Flightdeck (proxy mode)', fdProxy),
      waitFor(`${TOKEN_MODE_URL}/api/healthz`, 'Flightdeck (token mode)', fdToken),
      waitFor(`${PROXY_URL}/ping`, 'oauth2-proxy', proxy),
    ]);
  }

  async down(): Promise<void> {
    await Promise.all(
      this.children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
            setTimeout(() => c.kill('SIGKILL'), 5_000).unref();
          }),
      ),
    );
    // The logs are kept when a spec failed (their paths are in `logs`); the users file goes.
    fs.rmSync(path.join(this.dir, 'users.json'), { force: true });
  }
}
