import { defineConfig, defineProject } from "vitest/config";

/** One layer of the suite: `npm test -- --project unit` runs just that layer. */
const layer = (name: string, testTimeout = 30_000, globalSetup: string[] = ["test/helpers/build.ts"]) =>
  defineProject({
    // One copy of graphql for type-graphql (ESM) and Apollo (CJS): two copies fail with
    // "Cannot use GraphQLObjectType from another module or realm".
    resolve: { alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }] },
    test: {
      name,
      include: [`test/${name}/**/*.test.ts`],
      // Decorators read metadata as modules load: the polyfill comes before anything else.
      setupFiles: ["reflect-metadata"],
      testTimeout,
      hookTimeout: 120_000,
      // `npm run build` (which type-checks everything) once per run, for the projects that need dist/.
      globalSetup,
      pool: "forks",
      env: { NODE_ENV: "test", BACKGROUND_INTERVAL_MS: "100", APOLLO_TELEMETRY_DISABLED: "true" },
    },
  });

export default defineConfig({
  test: {
    projects: [
      // Pure functions: no server, no database; seconds.
      layer("unit", 30_000, []),
      // The real graph on loopback ports with real clients.
      layer("integration"),
      // Federation semantics on small subgraphs of their own, through the gateway from source.
      layer("federation", 30_000, []),
      // The commands a user types and the pages a browser opens.
      layer("e2e", 60_000),
      // Formatting, lint and the gateway's module boundaries.
      layer("static", 120_000),
    ],
  },
});
