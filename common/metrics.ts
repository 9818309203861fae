import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

/** One registry per server, so servers sharing a process (tests) never mix their figures. */
export interface Metrics {
  registry: Registry;
  /** Every SQL statement a subgraph sends, by origin (request or background work); tests and benchmarks diff it per request. */
  sqlStatements: Counter<"origin">;
  httpRequests: Counter<"route" | "status">;
  httpDuration: Histogram<"route">;
  /** GraphQL operations by name (bounded: see `operationLabel`) and outcome (ok, error). */
  operations: Counter<"operation" | "outcome">;
  operationDuration: Histogram<"operation">;
}

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MOST_OPERATION_NAMES = 200;

/**
 * The label of an operation name: clients choose names, so a label is kept only for a
 * well-formed name among the first 200 seen; the rest count as "other" (and no name as "anonymous").
 */
export function operationLabel(seen: Set<string>, name: string | null | undefined): string {
  if (!name) return "anonymous";
  if (seen.has(name)) return name;
  if (!OPERATION_NAME.test(name) || seen.size >= MOST_OPERATION_NAMES) return "other";
  seen.add(name);
  return name;
}

export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

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
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    operations: new Counter({
      name: "graphql_operations_total",
      help: "GraphQL operations answered, by operation name and outcome (ok, or error when the answer carried errors).",
      labelNames: ["operation", "outcome"],
      registers: [registry],
    }),
    operationDuration: new Histogram({
      name: "graphql_operation_duration_seconds",
      help: "Time to answer a GraphQL operation, by operation name.",
      labelNames: ["operation"],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
  };
}
