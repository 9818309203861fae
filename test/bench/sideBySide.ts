import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { load, requestsFor } from "./load.js";
import { scenarios } from "./scenarios.js";
import { Credentials, startGateway, startSubgraphs, type System } from "./systems.js";

/**
 * `node dist/test/bench/sideBySide.js <other checkout> [--rounds 6] [--duration 8] [--customers 2000]
 * [--only "single subgraph,customer page"]`
 *
 * This gateway's CPU per request against another build of it (a checkout with its own `dist/`,
 * say `git worktree add ../before HEAD~1 && (cd ../before && npm run build)`), both on the same
 * subgraphs, rounds alternating which goes first. A change of a few per cent in the gateway
 * alone shows here; the bench's runs vary by ten.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: "string", default: "6" },
    duration: { type: "string", default: "8" },
    customers: { type: "string", default: "2000" },
    only: { type: "string", default: "single subgraph,customer page" },
  },
});
const other = positionals[0];
if (!other) {
  console.error("usage: node dist/test/bench/sideBySide.js <other checkout with dist/> [--rounds 6] [--only …]");
  process.exit(2);
}
const theirs = (await import(
  pathToFileURL(resolve(other, "dist/test/bench/systems.js")).href
)) as typeof import("./systems.js");
const seed = { customers: Number(values.customers), months: 3, largestCustomer: 0 };
const subgraphs = await startSubgraphs(seed);
const builds: Record<string, System> = {
  [`before (${other})`]: await theirs.startGateway("this gateway", subgraphs),
  "this checkout": await startGateway("this gateway", subgraphs),
};
const credentials = new Credentials();
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
try {
  for (const scenario of scenarios(seed, { lastPageCursors: [] }).filter((s) =>
    values.only.split(",").includes(s.name),
  )) {
    const next = await requestsFor(scenario, "this gateway", credentials);
    const run = (system: System, seconds: number) =>
      load({
        url: system.url,
        pid: system.pid,
        durationSeconds: seconds,
        connections: 32,
        next,
        cpuOf: { gateway: system.pid },
      });
    for (const system of Object.values(builds)) await run(system, 6);
    const cpu = new Map<string, number[]>(Object.keys(builds).map((name) => [name, []]));
    for (let round = 0; round < Number(values.rounds); round++) {
      const order = round % 2 ? Object.keys(builds).reverse() : Object.keys(builds);
      for (const name of order) {
        const result = await run(builds[name]!, Number(values.duration));
        cpu.get(name)!.push(result.cpuMsPerRequest.gateway!);
        console.log(
          `${scenario.name}, ${name}: ${result.requestsPerSecond} req/s, gateway CPU ${result.cpuMsPerRequest.gateway} ms/req, failures ${result.failures}`,
        );
      }
    }
    const [before, now] = [...cpu.values()].map(mean) as [number, number];
    console.log(
      `${scenario.name}: gateway CPU ms/req ${before.toFixed(3)} before, ${now.toFixed(3)} now: ${(now / before).toFixed(3)} ×\n`,
    );
  }
} finally {
  for (const system of Object.values(builds)) await system.stop();
  await subgraphs.stop();
}
