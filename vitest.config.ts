import { defineConfig } from "vitest/config";

export default defineConfig({
  // One copy of graphql for type-graphql (ESM) and Apollo (CJS); see STACK.md.
  resolve: { alias: { graphql: "graphql/index.js" } },
  test: {
    include: ["test/**/*.test.ts"],
    // Decorators read metadata as modules load: the polyfill comes before anything else.
    setupFiles: ["reflect-metadata"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    env: { NODE_ENV: "test", BACKGROUND_INTERVAL_MS: "100" },
  },
});
