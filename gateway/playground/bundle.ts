import { build } from "esbuild";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../common/paths.js";

/**
 * Builds the playground (GraphiQL and its explorer, React, graphql-ws) from installed
 * packages into dist/playground: the page loads nothing from a CDN and works offline.
 */
await build({
  entryPoints: [join(PROJECT_ROOT, "gateway", "playground", "app", "main.tsx")],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  jsx: "automatic",
  outdir: join(PROJECT_ROOT, "dist", "playground"),
  entryNames: "main",
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
});
