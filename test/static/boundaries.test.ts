import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../common/paths.js";

/** The subgraphs' stack: none of it may load into the gateway's process. */
const SUBGRAPH_STACK = ["typeorm", "type-graphql", "@apollo/subgraph", "better-sqlite3", "pg", "class-validator"];

/** Starts the built gateway, waits until it serves, stops it, and returns every module it loaded. */
async function modulesOfGatewayProcess(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "gateway-modules-"));
  const record = join(dir, "modules.json");
  try {
    const child = spawn(
      process.execPath,
      [
        "--import",
        join(PROJECT_ROOT, "test", "static", "recordModules.mjs"),
        join(PROJECT_ROOT, "dist", "gateway", "index.js"),
      ],
      {
        env: { ...process.env, GATEWAY_PORT: "0", LOG_LEVEL: "info", RECORD_MODULES_TO: record },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    await new Promise<void>((resolve, reject) => {
      const seen = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("gateway: serving")) resolve();
      };
      child.stdout.on("data", seen);
      child.stderr.on("data", seen);
      child.once("exit", (code) => reject(new Error(`the gateway exited (${code}) before serving:\n${output}`)));
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
    return JSON.parse(readFileSync(record, "utf8")) as string[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("module boundaries", () => {
  it("keep the subgraphs' code and stack out of the gateway's process", async () => {
    const modules = (await modulesOfGatewayProcess()).map((m) => m.replace(/^file:\/\//, ""));
    expect(modules.some((m) => m.includes("/dist/gateway/createGateway.js"))).toBe(true);
    expect(modules.filter((m) => m.includes(`${PROJECT_ROOT}/dist/subgraphs/`))).toEqual([]);
    for (const name of SUBGRAPH_STACK) {
      expect(modules.filter((m) => m.includes(`/node_modules/${name}/`))).toEqual([]);
    }
  });

  it("have no import cycle, a light common/, and no way from the gateway to the subgraphs (dependency-cruiser)", async () => {
    const cruise = join(PROJECT_ROOT, "node_modules", ".bin", "depcruise");
    const args = [
      "--config",
      ".dependency-cruiser.cjs",
      "--output-type",
      "err",
      "common",
      "gateway",
      "subgraphs",
      "schema",
      "test",
    ];
    const result = await promisify(execFile)(cruise, args, { cwd: PROJECT_ROOT }).then(
      ({ stdout }) => ({ code: 0, output: stdout }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: error.code ?? 1,
        output: `${error.stdout ?? ""}${error.stderr ?? ""}`,
      }),
    );
    expect(result.output).toMatch(/no dependency violations found/);
    expect(result.code).toBe(0);
  });
});
