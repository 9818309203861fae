import { execFile, spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../common/paths.js";

/** `npm run codegen`, as a frontend developer runs it. */
function codegen(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "-s", "codegen"], { cwd: PROJECT_ROOT });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => resolve({ code, output }));
  });
}

const dir = join(PROJECT_ROOT, "test-results", "codegen");

/** Type-checks one file of a frontend against the generated documents, as its build would. */
async function typeCheck(name: string, source: string): Promise<string> {
  writeFileSync(join(dir, `${name}.ts`), source);
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "ESNext",
      moduleResolution: "Bundler",
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      lib: ["ES2023", "DOM"],
    },
    files: [`${name}.ts`],
  };
  writeFileSync(join(dir, `tsconfig.${name}.json`), JSON.stringify(tsconfig));
  const tsc = join(PROJECT_ROOT, "node_modules", ".bin", "tsc");
  return promisify(execFile)(tsc, ["-p", join(dir, `tsconfig.${name}.json`)], { cwd: dir }).then(
    () => "",
    (error: { stdout?: string }) => error.stdout ?? "failed",
  );
}

const call = (variables: string) => `
import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { useFragment } from "../../schema/generated/fragment-masking";
import { CustomerListDocument, CustomerRowFragmentDoc } from "../../schema/generated/graphql";

const client = new ApolloClient({ link: new HttpLink({ uri: "http://127.0.0.1:4000/graphql" }), cache: new InMemoryCache() });

export async function firstCustomers(): Promise<{ id: string; balance: string }[]> {
  const { data } = await client.query({ query: CustomerListDocument, variables: ${variables} });
  return (data?.customers.edges ?? []).map((edge) => {
    const row = useFragment(CustomerRowFragmentDoc, edge.node);
    return { id: row.id, balance: row.balance?.amount ?? "0.00" };
  });
}
`;

beforeAll(() => mkdirSync(dir, { recursive: true }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run codegen", () => {
  it("types the console's operations, so a frontend's call type-checks and a wrong one does not", async () => {
    const { code, output } = await codegen();
    expect(code, output).toBe(0);
    expect(await typeCheck("typed", call(`{ first: 5, filter: { associationType: "RESALE" } }`))).toBe("");
    const wrong = await typeCheck("wrong", call(`{ first: "five" }`));
    expect(wrong).toMatch(/wrong\.ts\(9,\d+\): error TS\d+/);
    expect(wrong).toMatch(/Type 'string' is not assignable to type 'number'/);
  }, 60_000);
});
