import { GraphQLError } from "graphql";
import { isRefusal } from "../common/errors.js";
import type { Context as Trace } from "@opentelemetry/api";
import { injectTraceContext, traceSubgraphCall } from "../common/tracing.js";
import type { Actor } from "../common/actor.js";
import type { SubgraphRequest, SubgraphResult } from "./engine/execute.js";
import { timedOut, type SubgraphAnswer, type SubgraphFetch, type SubgraphMetrics } from "./subgraphFetcher.js";
import { holdsDataAlone, plainlyDataAlone } from "./unchangedAnswers.js";

/** What the gateway knows of one request or socket operation while it runs. */
export interface GatewayContext {
  actor: Actor;
  /** The id that finds this request in every service's log. */
  requestId: string;
  /** Its place in its trace: subgraph calls continue it. */
  trace: Trace;
  /** The graph's origin as the client reached it: subgraphs make download links to it. */
  origin: string;
  /**
   * The token subgraphs trust, signed once per request and only if a subgraph is called;
   * `fresh` signs a new one (a subscription outlives the 60-second token it started with).
   */
  subgraphToken(fresh?: boolean): Promise<string>;
}

/** Calls a subgraph with the gateway's own token instead of the client's: the JSON body out, the parsed answer back. */
export class SubgraphDataSource {
  constructor(
    private readonly serviceName: string,
    private readonly url: string,
    private readonly fetch: SubgraphFetch,
    private readonly metrics: SubgraphMetrics,
  ) {}

  /**
   * A subgraph that cannot be reached is named, never located: no URL or socket error reaches
   * clients. `verbatim`: an answer that plainly holds data alone comes back as its bytes, unparsed.
   */
  call(
    request: SubgraphRequest,
    readOnly: boolean,
    context: GatewayContext,
    verbatim = false,
  ): Promise<SubgraphResult> {
    return traceSubgraphCall(this.serviceName, context.trace, (trace) =>
      this.send(request, readOnly, context, trace, verbatim),
    );
  }

  private async send(
    request: SubgraphRequest,
    readOnly: boolean,
    context: GatewayContext,
    trace: Trace,
    verbatim: boolean,
  ): Promise<SubgraphResult> {
    const started = performance.now();
    try {
      // Only a query (readOnly) may be shared with identical calls in flight or tried again.
      const body = JSON.stringify(request);
      const headers = await this.headers(context, trace);
      const answer = await this.fetch(this.url, { headers, body }, readOnly);
      const response = this.responseOf(answer, verbatim);
      this.metrics.requests.inc({ subgraph: this.serviceName, outcome: response.errors?.length ? "error" : "ok" });
      return response;
    } catch (error) {
      throw this.failure(error);
    } finally {
      // Not prom-client's startTimer: its labels copy and hrtime pairs cost 1 % of the gateway's profile.
      this.metrics.duration.observe({ subgraph: this.serviceName }, (performance.now() - started) / 1000);
    }
  }

  private failure(error: unknown): GraphQLError {
    const late = timedOut(error);
    const outcome = error instanceof GraphQLError ? "error" : late ? "timeout" : "unreachable";
    this.metrics.requests.inc({ subgraph: this.serviceName, outcome });
    if (error instanceof GraphQLError) return error;
    const message = late
      ? `The ${this.serviceName} service did not answer in time; try again shortly.`
      : `The ${this.serviceName} service is not reachable; try again shortly.`;
    return new GraphQLError(message, { extensions: { code: "INTERNAL_SERVER_ERROR", serviceName: this.serviceName } });
  }

  private async headers(context: GatewayContext, trace: Trace): Promise<Record<string, string>> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (context.subgraphToken) headers.authorization = `Bearer ${await context.subgraphToken()}`;
    // One request id across the services' logs.
    if (context.requestId) headers["x-request-id"] = context.requestId;
    if (context.origin) headers["x-graph-origin"] = context.origin;
    // W3C trace context: the subgraph's work joins the client's trace.
    injectTraceContext(headers, trace);
    return headers;
  }

  /**
   * A subgraph's refusal (HTTP 4xx) reaches the client as its coded error, never with the
   * subgraph's URL. A verbatim call's answer of plain data stays bytes, unparsed.
   */
  private responseOf(answer: SubgraphAnswer, verbatim: boolean): SubgraphResult {
    const ok = answer.status >= 200 && answer.status < 300;
    if (ok && verbatim && plainlyDataAlone(answer.bytes)) return { unparsed: answer.bytes };
    const body = parseJson(answer.bytes.toString("utf8")) as
      (SubgraphResult & { errors?: { message?: unknown; extensions?: Record<string, unknown> }[] }) | null;
    if (ok && body && typeof body === "object") {
      // An answer of data alone may reach the client as it came (unchangedAnswers.ts).
      return holdsDataAlone(body) ? { data: body.data, bytes: answer.bytes } : body;
    }
    const first = body?.errors?.[0];
    const code = first?.extensions?.code;
    if (typeof first?.message === "string" && isRefusal(code)) {
      const { http: _http, stacktrace: _stacktrace, ...extensions } = first.extensions!;
      throw new GraphQLError(first.message, { extensions: { ...extensions, serviceName: this.serviceName } });
    }
    throw new GraphQLError(
      `The ${this.serviceName} service could not answer (HTTP ${answer.status}); try again shortly.`,
      { extensions: { code: "INTERNAL_SERVER_ERROR", serviceName: this.serviceName } },
    );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
