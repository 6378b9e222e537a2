/**
 * E2E tests: the standalone server that `npm run build` produced (the file the container
 * image runs, see the Dockerfile) against the local Kubernaut stack, driven by Debian's
 * Chromium.
 * Never `npx playwright install`: the closed network has no browser downloads.
 */
import { defineConfig, devices } from '@playwright/test';

const PORT = 3100;
const baseURL = `http://127.0.0.1:${PORT}`;
const CI = Boolean(process.env.CI);
// Report ingest is off without a token; readiness specs upload with this one (fixed test value).
process.env.READINESS_INGEST_TOKEN ??= 'e2e-readiness-ingest-token-0001';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // Runs after the web server has started (Playwright starts plugins first), so the
  // server command brings the stack up itself; this still exports the stack's
  // environment (admin kubeconfig, writer token) to specs that arrange state.
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results/e2e-artifacts',
  // Two cores: the server, the stack and the browser share them.
  workers: CI ? 1 : 2,
  fullyParallel: false,
  forbidOnly: CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['junit', { outputFile: 'test-results/e2e-junit.xml' }]],
  use: {
    ...devices['Desktop Chrome'],
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    // `stack up` is a no-op when the stack runs; it writes the .stack/env that
    // with-stack-env hands to the server.
    command: 'node --import tsx tools/stack/stack.ts up && node --import tsx tools/with-stack-env.ts node .next/standalone/server.js',
    url: `${baseURL}/api/healthz`,
    reuseExistingServer: !CI,
    // A cold stack builds and starts real components: allow for it.
    timeout: 600_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      // server.js reads PORT and HOSTNAME (HOSTNAME defaults to every interface).
      PORT: String(PORT),
      HOSTNAME: '127.0.0.1',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      READINESS_INGEST_TOKEN: process.env.READINESS_INGEST_TOKEN,
    },
  },
});
