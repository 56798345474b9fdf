import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Three projects, so the inner loop stays fast: `npm run test:unit` (the city model,
 * governance and the audit store: no server but SQLite, seconds), `npm run test:connectors`
 * (each source kind and department against its own simulated system) and `npm run test:e2e`
 * (the hub over HTTP, scenarios, security, CLI, browser). `npm test` runs all three; a test
 * file belongs to exactly one project (end-to-end takes whatever the other two do not).
 */
const UNIT = ['tests/schema/**/*.test.ts', 'tests/governance/**/*.test.ts'];
const CONNECTORS = ['tests/connectors/**/*.test.ts'];

export default defineConfig({
  resolve: {
    // graphql 16 ships ESM (.mjs) and CommonJS side by side. Node resolves the packages in
    // node_modules to the CommonJS build; our sources must load the very same module, or
    // graphql-js refuses the mix ("Duplicate graphql modules").
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    // Scenario and CLI tests start real systems; CI machines are shared.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Test files start real servers on random loopback ports; two cores are enough for two at a time.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      { extends: true, test: { name: 'connectors', include: CONNECTORS } },
      {
        extends: true,
        // The browser tests open the console at /console: build it first when its sources changed.
        test: { name: 'e2e', include: ['tests/**/*.test.ts'], exclude: [...UNIT, ...CONNECTORS, '**/node_modules/**'], globalSetup: ['tests/support/build-console-setup.ts'] },
      },
    ],
  },
});
