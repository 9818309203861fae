import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

/** One registry per server, so servers sharing a process (tests) never mix their figures. */
export interface Metrics {
  registry: Registry;
  /** Every SQL statement a subgraph sends, by origin (request or background work); tests and benchmarks diff it per request. */
  sqlStatements: Counter<"origin">;
  httpRequests: Counter<"route" | "status">;
  httpDuration: Histogram<"route">;
}

export function createMetrics(service: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    sqlStatements: new Counter({
      name: "sql_statements_total",
      help: "SQL statements sent to this service's database, by origin: request or background.",
      labelNames: ["origin"],
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: "http_requests_total",
      help: "HTTP requests served, by route and status.",
      labelNames: ["route", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "Time to serve an HTTP request, by route.",
      labelNames: ["route"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}
