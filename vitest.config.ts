import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships ESM (.mjs) and CommonJS side by side. Node resolves the packages in
    // node_modules to the CommonJS build; our sources must load the very same module, or
    // graphql-js refuses the mix ("Duplicate graphql modules").
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // Scenario and CLI tests start the whole sample city (66 systems); CI machines are shared.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Test files start real servers on random loopback ports; two cores are enough for two at a time.
    maxWorkers: 2,
  },
});
