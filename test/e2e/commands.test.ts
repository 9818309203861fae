import Database from "better-sqlite3";
import { decodeJwt } from "jose";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { demoPartners } from "../../common/demo.js";
import { PROJECT_ROOT } from "../../common/paths.js";
import { mintDemoToken } from "../../gateway/devTokens.js";
import { CLIENT_SECRET, post } from "../helpers/graph.js";
import { freePort, runScript, startScript } from "../helpers/processes.js";
import { eventually } from "../helpers/wait.js";

/** Runs an npm command in the project, as a user types it. */
function npm(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", args, { cwd: PROJECT_ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "partner-graph-e2e-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("npm run token", () => {
  it("lists the demo ids as JSON", async () => {
    const { code, stdout } = await runScript("gateway/cli/token.js", ["--list"]);
    expect(code).toBe(0);
    const { partners } = JSON.parse(stdout);
    expect(partners).toHaveLength(3);
    for (const partner of partners) {
      expect(Object.keys(partner).sort()).toEqual(["customers", "id", "name", "staff", "type"]);
      expect(partner.staff.map((s: { role: string }) => s.role).sort()).toEqual([
        "admin",
        "analyst",
        "manager",
        "manager",
        "manager",
        "manager",
        "manager",
        "manager",
        "supervisor",
        "supervisor",
      ]);
      expect(Object.keys(partner.staff[0]).sort()).toEqual(["id", "name", "role"]);
      expect(partner.customers).toHaveLength(5);
    }
  });

  it("prints a token for a role, defaulting to the first partner and one of its staff", async () => {
    const { code, stdout } = await runScript("gateway/cli/token.js", ["--role", "manager"]);
    expect(code).toBe(0);
    const claims = decodeJwt(stdout.trim());
    const partner = demoPartners(1)[0]!;
    expect(claims).toMatchObject({ role: "manager", partner_id: partner.id });
    expect(partner.staff.find((s) => s.id === claims.staff_id)?.role).toBe("manager");
    const other = demoPartners(1)[2]!;
    const customer = decodeJwt(
      (await runScript("gateway/cli/token.js", ["--role", "customer", "--partner", other.id])).stdout.trim(),
    );
    expect(customer).toMatchObject({ role: "customer", customer_id: expect.any(String) });
  });

  it("prints its usage for --help, and for an option it does not know with exit code 2", async () => {
    const help = await npm(["run", "-s", "token", "--", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run token -- \[options\]/);
    expect(help.stdout).toMatch(/--role ROLE +admin, supervisor, manager, analyst, customer, platform/);
    const unknown = await npm(["run", "-s", "token", "--", "--rol", "admin"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--rol'/);
    expect(unknown.stderr).toMatch(/Usage: npm run token/);
    expect(unknown.stderr).not.toMatch(/^\s+at /m);
  });

  it("builds only when a source is newer than its last build", async () => {
    const stamp = join(PROJECT_ROOT, "dist", ".built-by-fresh");
    expect((await npm(["run", "-s", "token"])).code).toBe(0); // builds if anything changed since
    const built = statSync(stamp).mtimeMs;
    const again = await npm(["run", "-s", "token", "--", "--role", "analyst"]);
    expect(decodeJwt(again.stdout.trim())).toMatchObject({ role: "analyst" });
    expect(statSync(stamp).mtimeMs).toBe(built);
  });

  it("refuses an unknown role, partner or span with a message that names it", async () => {
    for (const [args, message] of [
      [
        ["--role", "root"],
        `--role must be one of admin, supervisor, manager, analyst, customer, platform; got "root".`,
      ],
      [["--role", "manager", "--partner", "nope"], 'No demo partner has the id "nope" (see --list).'],
      [["--role", "customer", "--partner", "nope"], 'No demo partner has the id "nope" (see --list).'],
      [["--expires", "soon"], '--expires takes a span such as 30m, 12h or 7d, not "soon".'],
    ] as const) {
      const { code, stderr } = await runScript("gateway/cli/token.js", [...args]);
      expect([code, stderr.trim()]).toEqual([2, message]);
    }
  });
});

describe("npm run seed", () => {
  const ids = (dir: string) => {
    const db = new Database(join(dir, "billing.sqlite"), { readonly: true });
    const rows = db.prepare("SELECT id FROM consumption_records ORDER BY id").all() as { id: string }[];
    db.close();
    return rows.map((r) => r.id);
  };

  it("seeds every database with progress output, and the same seed gives the same ids", async () => {
    const [one, two] = [tempDir(), tempDir()];
    const first = await runScript("subgraphs/seed.js", ["--customers", "40", "--months", "3"], { DATA_DIR: one });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/partners: 3 partners, 30 staff/);
    expect(first.stdout).toMatch(/customers: customers 40\/40/);
    expect(first.stdout).toMatch(/billing: \d+ consumption records, 40 balances/);
    expect(first.stdout).toMatch(/incentives: \d+ incentive notices/);
    await runScript("subgraphs/seed.js", ["--customers", "40", "--months", "3"], { DATA_DIR: two });
    const seeded = ids(one);
    expect(seeded.length).toBeGreaterThan(100);
    expect(ids(two)).toEqual(seeded);
    // Seeding again replaces the data rather than adding to it.
    await runScript("subgraphs/seed.js", ["--customers", "40", "--months", "3", "--only", "billing"], {
      DATA_DIR: one,
    });
    expect(ids(one)).toEqual(seeded);
  });

  it("refuses a bad size", async () => {
    const { code, stderr } = await runScript("subgraphs/seed.js", ["--customers", "0"], { DATA_DIR: tempDir() });
    expect(code).toBe(2);
    expect(stderr).toContain("--customers must be an integer of at least 1");
  });
});

describe("npm start", () => {
  it("seeds, starts the whole graph, prints URL, token and an example, and stops cleanly on Ctrl-C", async () => {
    const ports = {
      GATEWAY_PORT: await freePort(),
      PARTNERS_PORT: await freePort(),
      CUSTOMERS_PORT: await freePort(),
      BILLING_PORT: await freePort(),
      INCENTIVES_PORT: await freePort(),
    };
    const env = {
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      DATA_DIR: tempDir(),
      SEED_CUSTOMERS: "60",
      SEED_MONTHS: "3",
      // What a terminal gets: readable lines (a test reads a pipe, which gets JSON unless asked).
      LOG_FORMAT: "pretty",
      LOG_LEVEL: "info", // tests run with NODE_ENV=test, which silences logs
    };
    const { child, output } = await startScript("gateway/cli/start.js", env, /Ctrl-C stops everything/);
    try {
      const base = `http://127.0.0.1:${ports.GATEWAY_PORT}`;
      const url = `${base}/graphql`;
      const [startUp, banner] = output().split("Partner center graph is up.") as [string, string];
      expect(banner).toContain(`GraphQL:     ${url}`);
      expect(banner).toContain(`Playground:  ${base}/playground`);
      // Start-up: readable lines of every service in time order, no retries while a peer seeds.
      expect(startUp).toMatch(/INFO: billing: seeded in/);
      expect(startUp).toMatch(/INFO: gateway: serving/);
      expect(startUp).not.toMatch(/retry|"level"/);
      const times = [...startUp.matchAll(/^\[(\d\d:\d\d:\d\d)\]/gm)].map((m) => m[1]!);
      expect(times).toEqual([...times].sort());
      const token = /\n(eyJ[\w-]+\.[\w-]+\.[\w-]+)\n/.exec(banner)![1]!;
      const { data, errors } = await post(
        url,
        {
          query: `query FirstPage { customers(first: 5) { totalCount edges { node { id balance { amount } consumption(from: "2026-08-01", to: "2026-10-31") { total { amount } } } } } }`,
        },
        { authorization: `Bearer ${token}` },
      );
      expect(errors).toBeUndefined();
      expect(data!.customers.edges).toHaveLength(5);
      // After the banner, one line per request: the gateway's.
      await eventually(async () => (output().includes("gateway: FirstPage") ? true : undefined));
      const afterBanner = output().split("Ctrl-C stops everything.")[1]!;
      expect(afterBanner.trim().split("\n")).toEqual([expect.stringMatching(/INFO: gateway: FirstPage [\d.]+ ms$/)]);

      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGINT");
      expect(await exited).toBe(0);
      for (const port of Object.values(ports)) {
        expect(
          await fetch(`http://127.0.0.1:${port}/health`).then(
            () => "open",
            () => "closed",
          ),
        ).toBe("closed");
      }
    } finally {
      // A failed expectation must not leave the graph running: it would load every later test.
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
    }
  }, 120_000);
});

describe("npm run serve", () => {
  it("starts what dist/ holds and fills no database unless asked: migrated, empty, serving", async () => {
    const ports = Object.fromEntries(
      await Promise.all(
        ["GATEWAY_PORT", "PARTNERS_PORT", "CUSTOMERS_PORT", "BILLING_PORT", "INCENTIVES_PORT"].map(
          async (name) => [name, String(await freePort())] as const,
        ),
      ),
    );
    const dataDir = tempDir();
    const child = spawn("npm", ["run", "serve"], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...ports, DATA_DIR: dataDir, LOG_LEVEL: "info" },
      // npm, the supervisor and the services: one group, stopped together.
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      await eventually(async () => (output.includes("Partner center graph is up") ? true : undefined), 90_000);
      expect(output).not.toContain("seeding");
      // No development token is minted: in production the keys are the operator's.
      expect(output).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
      const token = await mintDemoToken({ role: "admin" }, CLIENT_SECRET);
      const { data, errors } = await post(
        `http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`,
        { query: `{ customers(first: 1) { totalCount } }` },
        { authorization: `Bearer ${token}` },
      );
      expect(errors).toBeUndefined();
      expect(data!.customers.totalCount).toBe(0);
      const customers = new Database(join(dataDir, "customers.sqlite"), { readonly: true });
      expect(customers.prepare("SELECT COUNT(*) AS n FROM customers").get()).toEqual({ n: 0 });
      customers.close();
    } finally {
      process.kill(-child.pid!, "SIGINT");
    }
    await exited;
    for (const port of Object.values(ports))
      await eventually(() =>
        fetch(`http://127.0.0.1:${port}/health`).then(
          () => undefined,
          () => "closed",
        ),
      );
  }, 120_000);
});
