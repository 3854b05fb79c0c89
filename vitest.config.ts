import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql module instance for test code, Mesh and yoga alike, or schema
    // objects built in one realm are rejected by another ("another module or realm").
    alias: { graphql: require.resolve('graphql/index.js').replace(/index\.js$/, '') },
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    server: { deps: { inline: [] } },
  },
});
