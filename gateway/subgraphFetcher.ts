import { Counter, Histogram, type Registry } from "prom-client";
import { Pool } from "undici";
import { LATENCY_BUCKETS } from "../common/metrics.js";
import { readSettings } from "../common/settings.js";

/**
 * How the gateway calls subgraphs: one undici pool of kept-alive connections per subgraph
 * origin. Apollo Gateway's default (make-fetch-happen) costs more CPU per call than the
 * gateway's own work on a small request, and a pool asked directly skips the URL parsing,
 * origin lookup and redirect handling of undici's `request()` (a fifth of undici's CPU per
 * call). Connections idle out after 60 s, before the subgraphs' 65 s (`listen`), so a request
 * never goes out on a socket the server is closing.
 */
const pools = new Map<string, Pool>();
const targets = new Map<string, { pool: Pool; path: string }>();
function targetOf(url: string): { pool: Pool; path: string } {
  let target = targets.get(url);
  if (!target) {
    const { origin, pathname, search } = new URL(url);
    if (!pools.has(origin))
      pools.set(origin, new Pool(origin, { keepAliveTimeout: 60_000, keepAliveMaxTimeout: 60_000, connections: 128 }));
    target = { pool: pools.get(origin)!, path: pathname + search };
    targets.set(url, target);
  }
  return target;
}

/** A GraphQL request to a subgraph: its headers and JSON body. */
export interface SubgraphRequest {
  headers: Record<string, string>;
  body: string;
}

/**
 * A subgraph's answer as it came: HTTP status and body bytes (each caller decodes and parses its
 * own copy; an answer passed on unchanged is written as these bytes). Not the text: the answer
 * of a shared call outlives its callers (why, not found: 90 % of the texts survived a young-
 * generation collection when calls were shared, 25 % when not), and the text was a third of what
 * those collections copied on single-subgraph requests (2026-12-01); bytes sit off the heap.
 */
export interface SubgraphAnswer {
  status: number;
  bytes: Buffer;
}

/** What a subgraph call may take, and how often a query is tried again when it could not be sent. */
export interface SubgraphCallOptions {
  timeoutMs: number;
  retries: number;
}

export const DEFAULT_SUBGRAPH_CALLS: SubgraphCallOptions = { timeoutMs: 10_000, retries: 1 };

export function subgraphCallsFromEnv(env = process.env): SubgraphCallOptions {
  const settings = readSettings(env);
  return {
    timeoutMs: settings.SUBGRAPH_TIMEOUT_MS ?? DEFAULT_SUBGRAPH_CALLS.timeoutMs,
    retries: settings.SUBGRAPH_RETRIES ?? DEFAULT_SUBGRAPH_CALLS.retries,
  };
}

/**
 * One POST. The time limit is undici's own (until the answer's headers, then between its
 * chunks), not a timer and an AbortSignal per call: a subgraph answers GraphQL in one piece.
 * undici checks its limits about every half second, which is precise enough for limits of seconds.
 *
 * The call goes through undici's dispatch API with a handler that keeps the answer's chunks:
 * `request()` wraps every answer in a Readable stream (and `.text()` consumes it through stream
 * events), which was 5 % of the gateway's profile on single-subgraph requests (2026-12-01).
 */
function call(url: string, { headers, body }: SubgraphRequest, timeoutMs: number): Promise<SubgraphAnswer> {
  const { pool, path } = targetOf(url);
  return new Promise((resolve, reject) => {
    let status = 0;
    const chunks: Buffer[] = [];
    const options = { path, method: "POST" as const, headers, body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
    pool.dispatch(options, {
      onConnect: () => {},
      // 1xx (informational) answers come before the real one.
      onHeaders: (statusCode) => {
        if (statusCode >= 200) status = statusCode;
        return true;
      },
      onData: (chunk) => {
        chunks.push(chunk);
        return true;
      },
      onComplete: () => resolve({ status, bytes: Buffer.concat(chunks) }),
      onError: reject,
    });
  });
}

/** undici's time limits, and an abort by time (`AbortSignal.timeout`). */
export function timedOut(error: unknown): boolean {
  const { name, code } = error as { name?: string; code?: string };
  return name === "TimeoutError" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT";
}

/** The connection failed before the subgraph could have acted on the request (restart, closed socket). */
function notSent(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return (
    code === "ECONNREFUSED" || code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "UND_ERR_CONNECT_TIMEOUT"
  );
}

/** How a request goes out: one HTTP call (replaced in unit tests). */
export type Send = (url: string, request: SubgraphRequest, timeoutMs: number) => Promise<SubgraphAnswer>;

/** A query is tried again, after 100 ms, 200 ms, …, when it could not be sent; a mutation never. */
async function queryCall(
  send: Send,
  url: string,
  subgraphRequest: SubgraphRequest,
  options: SubgraphCallOptions,
): Promise<SubgraphAnswer> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send(url, subgraphRequest, options.timeoutMs);
    } catch (error) {
      if (attempt >= options.retries || !notSent(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}

/**
 * Calls a subgraph. A query (`readOnly`, as its parsed operation says) is tried again when it
 * could not be sent, and identical queries in flight at the same moment (same subgraph, same
 * actor's token, same text and variables) share one call; each caller parses its own copy of
 * the answer. A mutation is sent once and shared with no one.
 */
export function createSubgraphFetcher(options: SubgraphCallOptions = DEFAULT_SUBGRAPH_CALLS, send: Send = call) {
  const inFlight = new Map<string, Promise<SubgraphAnswer>>();
  return (url: string, subgraphRequest: SubgraphRequest, readOnly: boolean): Promise<SubgraphAnswer> => {
    if (!readOnly) return send(url, subgraphRequest, options.timeoutMs);
    const key = `${url}\n${subgraphRequest.headers.authorization ?? ""}\n${subgraphRequest.body}`;
    let shared = inFlight.get(key);
    if (!shared) {
      shared = queryCall(send, url, subgraphRequest, options).finally(() => inFlight.delete(key));
      inFlight.set(key, shared);
    }
    return shared;
  };
}

export type SubgraphFetch = ReturnType<typeof createSubgraphFetcher>;

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
    duration: new Histogram({
      name: "subgraph_request_duration_seconds",
      help: "Time a subgraph call took, by subgraph.",
      labelNames: ["subgraph"],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
  };
}
