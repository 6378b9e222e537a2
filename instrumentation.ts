/**
 * Runs once when the server starts, before it serves a request. A bad configuration
 * stops start-up here with a message naming the variable, instead of surfacing later as
 * a confusing 500 on the first page that reads it.
 */
export async function register(): Promise<void> {
  // Only the Node.js runtime reads this configuration; the Edge runtime has no
  // process.exit, and this condition lets the bundler drop the import there.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkConfigurationOrExit } = await import('./lib/startup');
    checkConfigurationOrExit();
    // SIGTERM: readiness false, stop accepting, close live streams with a retry hint,
    // let requests in flight finish, exit (lib/lifecycle.ts).
    const { env } = await import('./lib/env');
    // Before anything opens the embedded store: it compiles PGlite's WebAssembly.
    const { applyMemoryProfile } = await import('./lib/memory-profile');
    const v8Flags = applyMemoryProfile(env().MEMORY_PROFILE, env().DATABASE_URL);
    if (v8Flags.length > 0) {
      const { log } = await import('./lib/log');
      log.info('memory profile: small', { v8Flags });
    }
    const { installGracefulShutdown } = await import('./lib/lifecycle');
    installGracefulShutdown({ delayMs: env().SHUTDOWN_DELAY_MS, timeoutMs: env().SHUTDOWN_TIMEOUT_MS });
    // Prometheus metrics on their own port (lib/metrics.ts).
    const { startMetricsServer } = await import('./lib/metrics');
    startMetricsServer(env().METRICS_PORT);
    // Test-readiness retention runs at start and daily (it opens the database lazily and
    // only logs when it cannot).
    const { startReadinessBackground } = await import('./lib/readiness/service');
    startReadinessBackground();
    // Replicas tell each other about stored test runs (PostgreSQL LISTEN/NOTIFY).
    const { startRunNotifications } = await import('./lib/readiness/live');
    startRunNotifications();
  }
}
