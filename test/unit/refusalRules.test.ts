import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../common/paths.js";

describe("a subgraph's refusals", () => {
  it.each(["partners", "customers", "billing", "incentives"])(
    "%s: all go through refuse(), whose rule names are one typed union (rules.ts)",
    (subgraph) => {
      const root = join(PROJECT_ROOT, "subgraphs", subgraph);
      const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter(
        (f) => f.endsWith(".ts") && f !== "rules.ts",
      );
      const direct = files.filter((f) => readFileSync(join(root, f), "utf8").includes("preconditionFailed("));
      expect(files.length).toBeGreaterThan(10);
      expect(direct).toEqual([]);
    },
  );
});
