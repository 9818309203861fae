import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startGraphProcess } from "./graphProcess.js";
import { subscriptionFanOut } from "./subscriptionFanOut.js";

/**
 * `npm run bench -- [--subscribers 1000] [--events 10] [--customers 2000]`: runs the graph as
 * `npm start` does (production mode, one process per service) and measures it from this
 * process. Prints a table and writes test-results/bench.json.
 */
const { values } = parseArgs({ options: { subscribers: { type: "string", default: "1000" }, events: { type: "string", default: "10" }, customers: { type: "string", default: "2000" } } });
const customers = Number(values.customers);
console.log(`Starting the graph (${customers} customers) ...`);
const graph = await startGraphProcess({ customers, months: 3 });
try {
  console.log(`Subscription fan-out: ${values.subscribers} subscribers, ${values.events} events ...`);
  const fanOut = await subscriptionFanOut(graph, Number(values.subscribers), Number(values.events), customers);
  console.table([{ scenario: "approval-result fan-out", subscribers: fanOut.subscribers, events: fanOut.events, "delivered to all": fanOut.eventsDeliveredToAll, "connect all (ms)": fanOut.connectAllMs, ...Object.fromEntries(Object.entries(fanOut.latencyMs).map(([k, v]) => [`${k}${k === "count" ? "" : " (ms)"}`, v])) }]);
  mkdirSync("test-results", { recursive: true });
  writeFileSync("test-results/bench.json", `${JSON.stringify({ at: new Date().toISOString(), node: process.version, subscriptionFanOut: fanOut }, null, 2)}\n`);
  console.log("Results written to test-results/bench.json");
} finally {
  await graph.stop();
}
