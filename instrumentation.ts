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
    // Test-readiness retention runs at start and daily (it opens the database lazily and
    // only logs when it cannot).
    const { startReadinessBackground } = await import('./lib/readiness/service');
    startReadinessBackground();
  }
}
