import { defineConfig } from "vitest/config";

export default defineConfig({
  // One copy of graphql for type-graphql (ESM) and Apollo (CJS); see STACK.md.
  resolve: { alias: { graphql: "graphql/index.js" } },
  test: {
    include: ["test/**/*.test.ts"],
    env: { NODE_ENV: "test" },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
