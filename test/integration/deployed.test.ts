import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintDemoToken } from "../../gateway/devTokens.js";
import { SUBGRAPH_NAMES, type SubgraphName } from "../../common/services.js";
import { customersOf, partners } from "../helpers/demo.js";
import { processDeployment, type ProcessDeployment } from "../helpers/deployment.js";
import { post } from "../helpers/graph.js";
import { freePort } from "../helpers/processes.js";
import { eventually } from "../helpers/wait.js";

/**
 * The graph as an operator runs it: every service its own process in production mode, with
 * `/metrics` on ports of their own and traces exported over OTLP/HTTP to a receiver here.
 */
const JWT_SECRET = "deployed-client-secret";
let graph: ProcessDeployment;
let gateway: string;
const metricsPorts = {} as Record<SubgraphName | "gateway", number>;
const partner = partners[0]!;
const token = () => mintDemoToken({ role: "admin", partner: partner.id }, new TextEncoder().encode(JWT_SECRET));

/** A span as OTLP/HTTP JSON carries it, with the service that sent it. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}
interface KeyValue {
  key: string;
  value: { stringValue?: string };
}
const spans: ReceivedSpan[] = [];
/** Every body the receiver was sent, as text: what must never carry a secret or a name. */
const exported: string[] = [];
let receiver: Server;

/** An OTLP/HTTP receiver, as a collector's: POST /v1/traces with JSON `resourceSpans`. */
async function startReceiver(): Promise<string> {
  receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      if (request.method !== "POST" || request.url !== "/v1/traces") return void response.writeHead(404).end();
      exported.push(body);
      const { resourceSpans } = JSON.parse(body) as {
        resourceSpans: {
          resource: { attributes: KeyValue[] };
          scopeSpans: { spans: Omit<ReceivedSpan, "service">[] }[];
        }[];
      };
      for (const { resource, scopeSpans } of resourceSpans) {
        const service = resource.attributes.find((a) => a.key === "service.name")!.value.stringValue!;
        for (const scope of scopeSpans) for (const span of scope.spans) spans.push({ service, ...span });
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => receiver.listen(port, "127.0.0.1", resolve));
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  const otlp = await startReceiver();
  for (const name of [...SUBGRAPH_NAMES, "gateway"] as const) metricsPorts[name] = await freePort();
  graph = await processDeployment({
    NODE_ENV: "production",
    JWT_SECRET,
    GATEWAY_TOKEN_SECRET: "deployed-gateway-secret",
    // A production database is left empty unless asked.
    SEED_ON_START: "true",
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
    // Batches leave every 100 ms instead of 5 s.
    OTEL_BSP_SCHEDULE_DELAY: "100",
    ...Object.fromEntries(
      SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_METRICS_PORT`, String(metricsPorts[name])]),
    ),
  });
  for (const name of SUBGRAPH_NAMES) await graph.startSubgraph(name);
  const port = await freePort();
  await graph.start("gateway/index.js", { GATEWAY_PORT: String(port), METRICS_PORT: String(metricsPorts.gateway) });
  gateway = `http://127.0.0.1:${port}`;
}, 180_000);
afterAll(async () => {
  await graph?.stop();
  receiver?.close();
});

describe("metrics apart", () => {
  it("are served on each service's metrics port, and not on its public port in production", async () => {
    const answer = await post(
      `${gateway}/graphql`,
      { query: `query CustomerPage { customers(first: 3) { totalCount edges { node { balance { amount } } } } }` },
      { authorization: `Bearer ${await token()}` },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.customers.totalCount).toBeGreaterThan(0);

    const publicUrls = [gateway, ...SUBGRAPH_NAMES.map((name) => graph.urls[name])];
    for (const url of publicUrls) expect((await fetch(new URL("/metrics", url))).status).toBe(404);

    const metricsOf = async (name: SubgraphName | "gateway") => {
      const response = await fetch(`http://127.0.0.1:${metricsPorts[name]}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/plain");
      return response.text();
    };
    expect(await metricsOf("gateway")).toMatch(
      /graphql_operations_total\{operation="CustomerPage",outcome="ok",service="gateway"\} 1\n/,
    );
    for (const name of ["customers", "billing"] as const)
      expect(await metricsOf(name)).toMatch(
        new RegExp(`sql_statements_total\\{origin="request",service="${name}"\\} [1-9]\\d*`),
      );
    for (const name of ["partners", "incentives"] as const)
      expect(await metricsOf(name)).toContain(`process_cpu_seconds_total{service="${name}"}`);
    // The metrics port serves nothing else.
    const other = await fetch(`http://127.0.0.1:${metricsPorts.gateway}/graphql`, { method: "POST" });
    expect(other.status).toBe(404);
  });
});

describe("traces exported", () => {
  const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  const CALLER_SPAN = "00f067aa0ba902b7";

  it("one request: spans of the gateway and of every subgraph it called, in the caller's trace, with their parents, and no secret or name", async () => {
    const bearer = await token();
    // First a request whose caller did not sample its trace: the default sampler follows its parent.
    const UNSAMPLED = "5bf92f3577b34da6a3ce929d0e0e4737";
    const unsampled = await post(
      `${gateway}/graphql`,
      { query: `query Unsampled { customers(first: 1) { edges { node { balance { amount } } } } }` },
      { authorization: `Bearer ${bearer}`, traceparent: `00-${UNSAMPLED}-${CALLER_SPAN}-00` },
    );
    expect(unsampled.errors).toBeUndefined();
    const answer = await post(
      `${gateway}/graphql`,
      {
        query: `query Traced { customers(first: 3) { edges { node { name balance { amount } manager { name } } } } }`,
      },
      { authorization: `Bearer ${bearer}`, traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` },
    );
    expect(answer.errors).toBeUndefined();
    const called = ["gateway", "customers", "billing", "partners"];
    const trace = await eventually(async () => {
      const mine = spans.filter((s) => s.traceId === TRACE_ID);
      return called.every((service) => mine.some((s) => s.service === service && s.kind === 2)) ? mine : undefined;
    });
    // Each service exported under its own name, and only the services the request reached.
    expect(new Set(trace.map((s) => s.service))).toEqual(new Set(called));
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    // The gateway's server span continues the caller's; a client span per subgraph call of the plan hangs below it.
    const [root, ...others] = trace.filter((s) => s.service === "gateway" && s.kind === 2);
    expect(others).toEqual([]);
    expect(root!.parentSpanId).toBe(CALLER_SPAN);
    const fetches = trace.filter((s) => s.service === "gateway" && s.name.startsWith("fetch ") && s.kind === 3);
    expect(fetches.length).toBeGreaterThanOrEqual(3);
    const ancestry = (span: ReceivedSpan): ReceivedSpan[] => {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      return parent ? [parent, ...ancestry(parent)] : [];
    };
    for (const fetch of fetches) expect(ancestry(fetch)).toContain(root);
    // Every subgraph's server span is the child of one of the gateway's fetches.
    for (const service of ["customers", "billing", "partners"]) {
      const served = trace.filter((s) => s.service === service && s.kind === 2);
      expect(served.length).toBeGreaterThanOrEqual(1);
      for (const span of served) expect(fetches.map((f) => f.spanId)).toContain(span.parentSpanId);
    }
    // Every process sent its spans of the earlier, unsampled request before these, had it recorded any.
    expect(spans.filter((s) => s.traceId === UNSAMPLED)).toEqual([]);
    // The resource says which service and graph each span comes from.
    const body = exported.find((text) => text.includes(TRACE_ID))!;
    expect(body).toContain('"service.namespace"');

    const text = exported.join("\n");
    expect(text).not.toContain(bearer);
    expect(text).not.toMatch(/Bearer|deployed-(client|gateway)-secret/);
    for (const customer of customersOf(partner)) expect(text).not.toContain(customer.realName);
    for (const edge of answer.data!.customers.edges) {
      expect(text).not.toContain(edge.node.name);
      expect(text).not.toContain(edge.node.manager.name);
    }
  });
});
