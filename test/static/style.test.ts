import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../common/paths.js";

const run = promisify(execFile);

/** Runs a tool of node_modules/.bin in the project; its exit code and what it printed. */
async function tool(name: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(join(PROJECT_ROOT, "node_modules", ".bin", name), args, {
      cwd: PROJECT_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

describe("style", () => {
  it("is formatted by Prettier (`npx prettier --write .` fixes it)", async () => {
    const { code, output } = await tool("prettier", ["--check", "."]);
    expect(output, output).not.toMatch(/\[warn\]/);
    expect(code).toBe(0);
  });

  it("passes ESLint: typescript-eslint's recommended rules and no floating promises", async () => {
    const { code, output } = await tool("eslint", ["--max-warnings", "0", "."]);
    expect(output.trim(), output).toBe("");
    expect(code).toBe(0);
  });
});
