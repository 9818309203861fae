import autocannon from "autocannon";
import type { Scenario } from "./scenarios.js";
import { cpuMs, residentMb, type Credentials } from "./systems.js";

/** One request of a scenario: built fresh for every request, so variables vary. */
export interface BenchRequest {
  body: string;
  headers: Record<string, string>;
}

/** Never reset: fund allocations take it as their idempotency key, unique across systems and rounds. */
let counter = 0;

/** A scenario's requests for one system, with the Authorization that system takes. */
export async function requestsFor(
  scenario: Scenario,
  system: string,
  credentials: Credentials,
): Promise<() => BenchRequest> {
  const authorize = () => Promise.all(scenario.actors.map((actor) => credentials.authorization(system, actor)));
  let authorizations = await authorize();
  const refresh = setInterval(async () => (authorizations = await authorize()), 10_000);
  refresh.unref();
  return () => {
    const { actor, query, variables } = scenario.operation(counter++);
    return { body: JSON.stringify({ query, variables }), headers: { authorization: authorizations[actor]! } };
  };
}

export interface LoadOptions {
  url: string;
  /** The process whose memory is watched. */
  pid: number;
  durationSeconds: number;
  connections: number;
  /** Requests per second offered in all (autocannon's overallRate); unset, each connection sends its next request on the last answer. */
  rate?: number;
  next(): BenchRequest;
  /** Processes whose CPU time per request is reported (the system under test and the subgraphs behind it). */
  cpuOf: Record<string, number>;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  peakMb: number;
  requests: number;
  /** Transport errors, timeouts and non-2xx answers. */
  failures: number;
  /** 2xx answers that carried GraphQL errors. */
  graphqlErrors: number;
  /** CPU milliseconds each watched process spent per request answered. */
  cpuMsPerRequest: Record<string, number>;
}

/** Runs autocannon against one system while sampling its memory every 100 ms. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  let peakMb = residentMb(options.pid);
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, residentMb(options.pid))), 100);
  let graphqlErrors = 0;
  const cpuBefore = Object.fromEntries(Object.entries(options.cpuOf).map(([name, pid]) => [name, cpuMs(pid)]));
  try {
    const result = await autocannon({
      url: options.url,
      connections: options.connections,
      duration: options.durationSeconds,
      ...(options.rate ? { overallRate: options.rate } : {}),
      requests: [
        {
          method: "POST",
          setupRequest: (request) => {
            const { body, headers } = options.next();
            return {
              ...request,
              body,
              headers: { ...request.headers, "content-type": "application/json", ...headers },
            };
          },
          onResponse: (_status, body) => {
            if (body.startsWith('{"errors"') || body.includes('"errors":[')) graphqlErrors++;
          },
        },
      ],
    });
    return {
      requestsPerSecond: Math.round(result.requests.average),
      p50: result.latency.p50,
      p99: result.latency.p99,
      peakMb,
      requests: result.requests.total,
      failures: result.errors + result.timeouts + result.non2xx,
      graphqlErrors,
      cpuMsPerRequest: Object.fromEntries(
        Object.entries(options.cpuOf).map(([name, pid]) => [
          name,
          Math.round(((cpuMs(pid) - cpuBefore[name]!) / Math.max(1, result.requests.total)) * 100) / 100,
        ]),
      ),
    };
  } finally {
    clearInterval(sampler);
  }
}

/** Sends one request with fetch and fails loudly on GraphQL errors: a benchmark of errors measures nothing. */
export async function check(url: string, request: BenchRequest, label: string): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...request.headers },
    body: request.body,
  });
  const json = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (response.status !== 200 || json.errors)
    throw new Error(`${label}: ${response.status} ${JSON.stringify(json).slice(0, 500)}`);
  return json.data;
}
