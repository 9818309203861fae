import type { Fetcher, FetcherRequestInit, FetcherResponse } from "@apollo/utils.fetcher";
import { Counter, Histogram, type Registry } from "prom-client";
import { Agent, Headers, request } from "undici";
import { LATENCY_BUCKETS } from "../subgraphs/common/metrics.js";

/**
 * How the gateway calls subgraphs: undici over kept-alive connections. Apollo Gateway's
 * default (make-fetch-happen) costs more CPU per call than the gateway's own work on a small
 * request. Connections idle out after 60 s, before the subgraphs' 65 s (`listen`), so a
 * request never goes out on a socket the server is closing.
 */
const agent = new Agent({ keepAliveTimeout: 60_000, keepAliveMaxTimeout: 60_000, connections: 128 });

class Fetched implements FetcherResponse {
  readonly redirected = false;
  readonly statusText = "";
  bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: Headers,
    private readonly body: string,
  ) {}

  get ok() {
    return this.status >= 200 && this.status < 300;
  }

  async text() {
    this.bodyUsed = true;
    return this.body;
  }

  async json() {
    return JSON.parse(await this.text());
  }

  async arrayBuffer() {
    const bytes = new TextEncoder().encode(await this.text());
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  clone() {
    return new Fetched(this.url, this.status, this.headers, this.body);
  }
}

/** What a subgraph call may take, and how often a query is tried again when it could not be sent. */
export interface SubgraphCallOptions {
  timeoutMs: number;
  retries: number;
}

export const DEFAULT_SUBGRAPH_CALLS: SubgraphCallOptions = { timeoutMs: 10_000, retries: 1 };

export function subgraphCallsFromEnv(env = process.env): SubgraphCallOptions {
  return { timeoutMs: Number(env.SUBGRAPH_TIMEOUT_MS ?? DEFAULT_SUBGRAPH_CALLS.timeoutMs), retries: Number(env.SUBGRAPH_RETRIES ?? DEFAULT_SUBGRAPH_CALLS.retries) };
}

async function call(url: string, init: FetcherRequestInit, timeoutMs: number): Promise<Fetched> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal as AbortSignal, timeout]) : timeout;
  const response = await request(url, { method: (init.method ?? "POST") as "POST", headers: init.headers, body: init.body, signal, dispatcher: agent });
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  return new Fetched(url, response.statusCode, headers, await response.body.text());
}

/** The connection failed before the subgraph could have acted on the request (restart, closed socket). */
function notSent(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === "ECONNREFUSED" || code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "UND_ERR_CONNECT_TIMEOUT";
}

/** A query is tried again, after 100 ms, 200 ms, …, when it could not be sent; a mutation never. */
async function queryCall(url: string, init: FetcherRequestInit, options: SubgraphCallOptions): Promise<Fetched> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call(url, init, options.timeoutMs);
    } catch (error) {
      if (attempt >= options.retries || !notSent(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}

/**
 * Identical queries in flight at the same moment (same subgraph, same actor's token, same
 * text and variables) share one call, and each caller parses its own copy of the answer.
 * Mutations never share and are never retried: Apollo Gateway puts the operation text first
 * in the body, so only a body that starts as a query qualifies.
 */
export function createSubgraphFetcher(options: SubgraphCallOptions = DEFAULT_SUBGRAPH_CALLS): Fetcher {
  const inFlight = new Map<string, Promise<Fetched>>();
  return async (url, init = {}) => {
    const body = typeof init.body === "string" ? init.body : undefined;
    if (!body?.startsWith('{"query":"query')) return call(url, init, options.timeoutMs);
    const key = `${url}\n${init.headers?.authorization ?? ""}\n${body}`;
    let shared = inFlight.get(key);
    if (!shared) {
      shared = queryCall(url, init, options).finally(() => inFlight.delete(key));
      inFlight.set(key, shared);
    }
    return (await shared).clone();
  };
}

/** Calls to each subgraph: how many, how they ended (ok, error, timeout, unreachable), how long. */
export interface SubgraphMetrics {
  requests: Counter<"subgraph" | "outcome">;
  duration: Histogram<"subgraph">;
}

export function createSubgraphMetrics(registry: Registry): SubgraphMetrics {
  return {
    requests: new Counter({
      name: "subgraph_requests_total",
      help: "Calls to subgraphs, by subgraph and outcome: ok, error (the answer carried errors), timeout, unreachable.",
      labelNames: ["subgraph", "outcome"],
      registers: [registry],
    }),
    duration: new Histogram({ name: "subgraph_request_duration_seconds", help: "Time a subgraph call took, by subgraph.", labelNames: ["subgraph"], buckets: LATENCY_BUCKETS, registers: [registry] }),
  };
}
