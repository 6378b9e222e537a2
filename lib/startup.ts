/**
 * Start-up checks, run once from instrumentation.ts in the Node.js runtime (kept out of
 * instrumentation.ts itself so the Edge bundle never sees process.exit).
 */
import { authMode } from './auth/mode';
import { sessionKey } from './auth/session';
import { env, EnvError } from './env';
import { log } from './log';

/**
 * Validates the configuration. On a bad variable, prints which one and what it expects,
 * then exits with status 1: a crash-looping Pod with a clear log line beats a server that
 * starts and fails on the first request.
 */
export function checkConfigurationOrExit(): void {
  try {
    const e = env();
    const mode = authMode(e);
    // Token mode reads SESSION_SECRET_FILE now, so a missing or short file stops start-up.
    if (mode === 'token') {
      try {
        sessionKey();
      } catch (err) {
        throw new EnvError([`SESSION_SECRET_FILE: ${(err as Error).message}`]);
      }
    }
    log.info('configuration loaded', {
      authMode: mode,
      ...(mode === 'proxy' ? { oidcIssuer: e.OIDC_ISSUER_URL, oidcClientId: e.OIDC_CLIENT_ID } : {}),
      datastorageUrl: e.DATASTORAGE_URL,
      datastorageRequired: e.DATASTORAGE_REQUIRED,
      kubeconfig: e.KUBECONFIG ?? '(in-cluster or ~/.kube/config)',
      kubeContext: e.KUBE_CONTEXT,
      watchNamespaces: e.WATCH_NAMESPACES.length > 0 ? e.WATCH_NAMESPACES : 'all',
      database: e.DATABASE_URL ? 'postgres' : `pglite in ${e.FLIGHTDECK_DATA_DIR}`,
    });
  } catch (err) {
    if (err instanceof EnvError) {
      // Plain text on stderr: read by a person looking at a failed start.
      console.error(`Flightdeck cannot start. ${err.message}\nSee .env.example for every variable and its format.`);
      process.exit(1);
    }
    throw err;
  }
}
