/**
 * Which authentication mode the server runs in, decided once at start-up. Unset
 * `AUTH_MODE` falls back to `serviceaccount` only on a loopback listener: anyone who can
 * reach a wider address would otherwise act as Flightdeck's own ServiceAccount (the
 * Kubernetes Dashboard's skip-login hole, CVE-2018-18264).
 */
import { isIP } from 'node:net';
import { EnvError, listenHints, type Env } from '../env';

export type AuthMode = 'proxy' | 'token' | 'serviceaccount' | 'none';

/**
 * The address the HTTP server binds, or undefined when unknown (Next.js then binds every
 * interface). `next start -H <host>` runs the server in this process; `next dev` serves
 * from a forked child that only learns the host over IPC, and records it afterwards in
 * __NEXT_PRIVATE_ORIGIN (where "localhost" also stands for 0.0.0.0, so only a 127.x
 * origin counts); the standalone server.js reads HOSTNAME.
 */
export function listenHostOf(argv: readonly string[], environment: Record<string, string | undefined>): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-H' || arg === '--hostname') return argv[i + 1];
    if (arg.startsWith('--hostname=')) return arg.slice('--hostname='.length);
  }
  if (environment.__NEXT_DEV_SERVER === '1') {
    try {
      const host = new URL(environment.__NEXT_PRIVATE_ORIGIN ?? '').hostname;
      return /^127\.\d+\.\d+\.\d+$/.test(host) ? host : undefined;
    } catch {
      return undefined;
    }
  }
  const script = argv[1] ?? '';
  if (/(^|\/)server\.js$/.test(script) && !script.endsWith('start-server.js')) return environment.HOSTNAME || undefined;
  return undefined;
}

/** Whether a listen host reaches only this machine. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1';
  return false;
}

/**
 * The effective mode, or a list of problems naming the variables to set. Pure: the
 * caller passes the parsed environment and the listen host.
 */
export function resolveAuthMode(e: Env, listenHost: string | undefined): { mode: AuthMode } | { problems: string[] } {
  const problems: string[] = [];
  let mode = e.AUTH_MODE;
  if (!mode) {
    if (!isLoopbackHost(listenHost)) {
      problems.push(
        `AUTH_MODE: must be set (proxy, token, serviceaccount or none) because the server listens on ${listenHost ?? 'every interface'}, not loopback; unset it serves as Flightdeck's own ServiceAccount only on 127.0.0.1 or ::1`,
      );
      return { problems };
    }
    mode = 'serviceaccount';
  }
  if (mode === 'token' && !e.SESSION_SECRET && !e.SESSION_SECRET_FILE) {
    problems.push('SESSION_SECRET: token mode needs SESSION_SECRET (at least 32 characters) or SESSION_SECRET_FILE');
  }
  if (mode === 'proxy') {
    if (!e.OIDC_ISSUER_URL) problems.push('OIDC_ISSUER_URL: proxy mode needs the issuer URL of the OpenID Connect provider');
    if (!e.OIDC_CLIENT_ID) problems.push('OIDC_CLIENT_ID: proxy mode needs the client id the ID tokens are issued to (their audience)');
  }
  return problems.length ? { problems } : { mode };
}

let resolved: AuthMode | undefined;

/**
 * The mode of this server process (resolved once). Throws when the configuration does not
 * allow one; start-up (lib/startup.ts) reports that and exits before any request.
 */
export function authMode(e: Env): AuthMode {
  if (resolved) return resolved;
  const { argv, environment } = listenHints();
  const result = resolveAuthMode(e, listenHostOf(argv, environment));
  if ('problems' in result) throw new EnvError(result.problems);
  resolved = result.mode;
  return resolved;
}

/** Forgets the resolved mode (tests). */
export function resetAuthModeForTests(): void {
  resolved = undefined;
}

/** The resolved mode, or null when the configuration allows none (pages use it to pick a sign-in path). */
export function authModeOrNull(e: Env): AuthMode | null {
  try {
    return authMode(e);
  } catch {
    return null;
  }
}
