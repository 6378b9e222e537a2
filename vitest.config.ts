import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@': root,
      // 'server-only' throws outside a React Server Components bundle; tests run lib code directly.
      'server-only': fileURLToPath(new URL('./tools/test/server-only-stub.ts', import.meta.url)),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'components/**/*.test.ts', 'hooks/**/*.test.ts', 'tools/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // Component tests render React into happy-dom; everything else stays on node.
        extends: true,
        test: {
          name: 'dom',
          include: ['components/**/*.test.tsx', 'hooks/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['components/dom-test-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
