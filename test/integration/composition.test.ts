import { describe, expect, it } from "vitest";
import { compose, staleFiles } from "../../schema/compose.js";

describe("composition", () => {
  it("matches the committed schema files (run `npm run compose` after changing a subgraph)", async () => {
    const composition = await compose();
    expect(Object.keys(composition.files).sort()).toEqual([
      "api.graphql",
      "billing.graphql",
      "customers.graphql",
      "incentives.graphql",
      "partners.graphql",
      "supergraph.graphql",
      "trusted-documents.json",
    ]);
    expect(staleFiles(composition)).toEqual([]);
  });

  it("composes a federation-2 supergraph of the four subgraphs", async () => {
    const { files } = await compose();
    expect(files["supergraph.graphql"]).toContain('@link(url: "https://specs.apollo.dev/join/v0.');
    for (const name of ["PARTNERS", "CUSTOMERS", "BILLING", "INCENTIVES"])
      expect(files["supergraph.graphql"]).toMatch(new RegExp(`${name} @join__graph\\(name: "${name.toLowerCase()}"`));
  });

  it("writes the client-facing schema with every description and nothing of federation's", async () => {
    const { files } = await compose();
    const api = files["api.graphql"]!;
    expect(api).not.toMatch(/join__|@inaccessible|@link|_entities|_Service/);
    expect(api).toMatch(/"""[^"]+"""\ntype Customer /);
    expect(api).toContain("consumptionDashboard(");
  });
});
