import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, runScript } from "../helpers/processes.js";

/** What a process that cannot start prints: its own lines, never a stack. */
function expectOneLineFailure(run: { code: number | null; stderr: string }, ...expected: RegExp[]) {
  expect(run.code).toBe(1);
  const lines = run.stderr.trim().split("\n");
  expect(lines).toHaveLength(expected.length);
  expected.forEach((pattern, i) => expect(lines[i]).toMatch(pattern));
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

const servers: Server[] = [];
const dataDir = mkdtempSync(join(tmpdir(), "partner-graph-settings-"));
afterAll(() => {
  servers.forEach((server) => server.close());
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a setting a process cannot use stops it at start, with one line naming it", () => {
  it.each([
    ["SUBGRAPH_TIMEOUT_MS", "abc", /^gateway: SUBGRAPH_TIMEOUT_MS="abc" must be a positive integer\.$/],
    ["LOG_LEVEL", "loud", /^gateway: LOG_LEVEL="loud" must be one of fatal, error/],
    ["JWKS_URL", "idp.example.com", /^gateway: JWKS_URL="idp.example.com" must be a URL/],
    [
      "SUPERGRAPH_PATH",
      "/nowhere/supergraph.graphql",
      /^gateway: SUPERGRAPH_PATH="\/nowhere\/supergraph.graphql" cannot be read \(ENOENT\)\.$/,
    ],
    ["METRICS_PORT", "metrics", /^gateway: METRICS_PORT="metrics" must be a port number from 0 to 65535\.$/],
    [
      "TRUSTED_DOCUMENTS",
      "/nowhere/manifest.json",
      /^gateway: TRUSTED_DOCUMENTS="\/nowhere\/manifest.json" cannot be read \(ENOENT\)\.$/,
    ],
  ])("the gateway with %s=%s", async (name, value, line) => {
    expectOneLineFailure(await runScript("gateway/index.js", [], { GATEWAY_PORT: "0", [name]: value }), line);
  });

  it("lists every bad variable, one line each", async () => {
    const run = await runScript("gateway/index.js", [], {
      GATEWAY_PORT: "0",
      LIMIT_DEPTH: "deep",
      RATE_LIMIT_BURST: "0",
    });
    expectOneLineFailure(run, /^gateway: LIMIT_DEPTH="deep" must be/, /^gateway: RATE_LIMIT_BURST="0" must be/);
  });

  it("refuses development secrets in production, naming the variables", async () => {
    const run = await runScript("gateway/index.js", [], { GATEWAY_PORT: "0", NODE_ENV: "production" });
    expectOneLineFailure(run, /^gateway: JWT_SECRET and JWKS_URL are both unset/);
  });

  it("refuses any origin (CORS_ORIGINS=*) in production", async () => {
    const production = { NODE_ENV: "production", JWT_SECRET: "s3cret", GATEWAY_TOKEN_SECRET: "an0ther" };
    const run = await runScript("gateway/index.js", [], { GATEWAY_PORT: "0", ...production, CORS_ORIGINS: "*" });
    expectOneLineFailure(
      run,
      /^gateway: CORS_ORIGINS="\*" is refused in production: list the origins of your frontends\.$/,
    );
  });

  it("stops a subgraph the same way, before it opens its database", async () => {
    const run = await runScript("subgraphs/partners/index.js", [], {
      PARTNERS_PORT: "port",
      DATABASE_URL: "/nowhere/x",
    });
    expectOneLineFailure(run, /^partners: PARTNERS_PORT="port" must be a port number/);
  });

  it.each([
    ["gateway/index.js", "GATEWAY_PORT", "gateway"],
    ["gateway/index.js", "METRICS_PORT", "gateway"],
    ["subgraphs/partners/index.js", "PARTNERS_METRICS_PORT", "partners"],
  ])(
    "names a port another process holds, and the variable that sets it: %s with %s",
    async (script, variable, name) => {
      const port = await freePort();
      const holder = createServer();
      servers.push(holder);
      await new Promise<void>((resolve) => holder.listen(port, "127.0.0.1", resolve));
      const others = { GATEWAY_PORT: "0", PARTNERS_PORT: "0", DATA_DIR: dataDir, SEED_CUSTOMERS: "10" };
      const run = await runScript(script, [], { ...others, [variable]: String(port) });
      expectOneLineFailure(
        run,
        new RegExp(
          `^${name}: port ${port} on 127\\.0\\.0\\.1 is in use by another process: stop it, or set ${variable} to a free port\\.$`,
        ),
      );
    },
  );
});
