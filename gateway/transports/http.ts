import type { Express } from "express";
import type { FormattedExecutionResult } from "graphql";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { badUserInput } from "../../common/errors.js";
import { pathOf } from "../../common/httpApp.js";
import { sendGraphQLError } from "../../common/httpErrors.js";
import { readJsonBody } from "../../common/requestBody.js";
import { startTracing } from "../../common/tracing.js";
import { Refused, type OperationRequest } from "../admission.js";
import { arrivalOf } from "./arrival.js";
import type { OperationLimits } from "../limits.js";
import type { Pipeline } from "../pipeline.js";
import { EVENT_STREAM, EVENT_STREAM_PATH, streamFormatOf, writeStream } from "./streams.js";
import { unchangedBytes } from "../unchangedAnswers.js";

/** Content types a browser may send cross-site without a preflight (a form, a beacon). */
const SIMPLE_CONTENT_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];
/**
 * Headers a browser sends cross-site only after a preflight the CORS allow-list answered:
 * Apollo's names, which its clients send, and `authorization`, which every signed-in client sends.
 */
const PREFLIGHT_HEADERS = ["x-apollo-operation-name", "apollo-require-preflight", "authorization"];

/** A request with its parsed JSON body (POST) once it has been read. */
type Request = IncomingMessage & { body?: unknown };
/** Connect-style middleware (cors, compression, the body's reading), run on Node's own request and response. */
export type Middleware = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/** Where GraphQL is served over HTTP: the graph's path, and its event streams (`EVENT_STREAM_PATH`). */
export const GRAPHQL_PATHS = ["/graphql", EVENT_STREAM_PATH];

/**
 * GraphQL over HTTP at /graphql: POST with a JSON object or a batch (a JSON array), and GET with
 * the parameters in the query string; the same at `EVENT_STREAM_PATH`, answered as Server-Sent
 * Events. It only frames: every operation goes through the pipeline, which decides; the
 * answer's status is the pipeline's, and a refusal is a JSON answer before any stream opens.
 *
 * POST, the hot path, is served on Node's own request and response (the listener returned), as the
 * subgraphs serve theirs: through Express's router and the request and response prototypes it
 * swaps in, it cost 0.1 ms per request (BENCHMARKS.md). `before` runs first, as on every route:
 * the request id and count, compression, CORS. GET and the other methods stay on `app`.
 */
export function serveGraphQLOverHttp(
  app: Express,
  pipeline: Pipeline,
  limits: OperationLimits,
  before: Middleware[],
): RequestListener {
  const handle = async (request: Request, response: ServerResponse) => {
    // At EVENT_STREAM_PATH every answer is an event stream, whatever the client accepts.
    const eventsOnly = pathOf(request) === EVENT_STREAM_PATH;
    const refusal = framingRefusal(request, limits, eventsOnly);
    if (refusal) return send(response, request, refusal.status, refusal.result);
    const batch = Array.isArray(request.body);
    // A subscription streams to a client that asks for a stream: Apollo's multipart parts or SSE.
    const format = batch ? null : eventsOnly ? EVENT_STREAM : streamFormatOf(request);
    const operations = (batch ? request.body : [paramsOf(request)]) as OperationRequest[];
    const arrival = arrivalOf(request, response, { transport: "http", streams: format !== null }, pipeline.publicUrl);
    let context;
    try {
      context = await pipeline.caller(arrival, operations.length);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      const { status, result } = pipeline.refusal(error, arrival.requestId);
      return send(response, request, status, result);
    }
    if (batch) {
      const outcomes = await Promise.all(operations.map((operation) => pipeline.run(operation, context, arrival)));
      return send(
        response,
        request,
        200,
        outcomes.map((outcome) => ("result" in outcome ? outcome.result : {})),
      );
    }
    const outcome = await pipeline.run(operations[0]!, context, arrival);
    // Only a door that streams (a format asked for) gets a stream from the pipeline.
    if ("stream" in outcome) return writeStream(request, response, outcome.stream, format!);
    // graphql-sse's clients read a query's answer as events too.
    if (outcome.status === 200 && eventsOnly)
      return writeStream(request, response, eventsOf(outcome.result), EVENT_STREAM);
    send(response, request, outcome.status, outcome.result);
  };
  const answer = (request: Request, response: ServerResponse) =>
    void handle(request, response).catch((error: unknown) => {
      const { status, result } = pipeline.failure(error, String(request.headers["x-request-id"]));
      if (!response.headersSent) send(response, request, status, result);
      else response.end();
    });
  startTracing("gateway");
  app.get(GRAPHQL_PATHS, answer);
  app.all(GRAPHQL_PATHS, (_request, response) => {
    response.setHeader("allow", "GET, POST");
    sendGraphQLError(response, 405, badUserInput("method", "GraphQL over HTTP takes GET and POST only."));
  });
  const steps = [...before, readJsonBody(limits.maxBodyBytes)];
  return (request, response) => {
    const next = (index: number) => (error?: unknown) => {
      if (error) return void response.writeHead(500).end();
      if (index < steps.length) return steps[index]!(request, response, next(index + 1));
      answer(request, response);
    };
    next(0)();
  };
}

/** What is wrong with the HTTP request itself, before any operation in it is looked at. */
function framingRefusal(request: Request, limits: OperationLimits, eventsOnly: boolean) {
  const refuse = (status: number, argument: string, message: string) => ({
    status,
    result: { errors: [{ message, extensions: { code: "BAD_USER_INPUT", argument } }] },
  });
  const contentType = request.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  if (
    (!contentType || SIMPLE_CONTENT_TYPES.includes(contentType)) &&
    !PREFLIGHT_HEADERS.some((h) => request.headers[h])
  ) {
    return refuse(
      400,
      "content-type",
      "This request has been blocked as a possible cross-site request forgery (CSRF): send it with " +
        "content-type: application/json, an Authorization header, or a non-empty apollo-require-preflight header.",
    );
  }
  if (!eventsOnly && !acceptedType(request) && !streamFormatOf(request)) {
    return refuse(406, "accept", "Accept application/graphql-response+json or application/json.");
  }
  if (request.method === "GET") {
    const malformed = malformedParam(request);
    return malformed ? refuse(400, malformed, `The ${malformed} parameter is not valid JSON.`) : null;
  }
  if (contentType !== "application/json") return refuse(415, "content-type", "Send the body as application/json.");
  const body: unknown = request.body;
  if (Array.isArray(body) && eventsOnly) {
    return refuse(400, "body", "An event stream carries one operation: send a JSON object, not an array.");
  }
  if (Array.isArray(body)) {
    if (body.length === 0 || body.length > limits.maxBatch) {
      const message = `A batched request holds 1 to ${limits.maxBatch} operations; this one holds ${body.length}.`;
      return refuse(400, "body", message);
    }
    if (body.every(isObject)) return null;
  } else if (isObject(body)) return null;
  return refuse(400, "body", "Send a JSON object with the operation's query (or an array of them).");
}

/** One answer as a stream of one. */
async function* eventsOf(result: FormattedExecutionResult): AsyncIterable<FormattedExecutionResult> {
  yield result;
}

const isObject = (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value);

/** A GET request's parameters; variables and extensions are JSON in the query string. */
function paramsOf(request: Request): OperationRequest {
  if (request.method !== "GET") return request.body as OperationRequest;
  const search = searchOf(request);
  return {
    query: search.get("query") ?? undefined,
    operationName: search.get("operationName") || undefined,
    documentId: search.get("documentId") ?? undefined,
    variables: jsonParam(search, "variables"),
    extensions: jsonParam(search, "extensions"),
  };
}

const searchOf = (request: Request) => new URL(request.url!, "http://graph").searchParams;

function jsonParam(search: URLSearchParams, name: string): unknown {
  const text = search.get(name);
  return text ? JSON.parse(text) : undefined;
}

/** The GET parameter that is not valid JSON, if any. */
function malformedParam(request: Request): string | undefined {
  const search = searchOf(request);
  return ["variables", "extensions"].find((name) => {
    try {
      jsonParam(search, name);
      return false;
    } catch {
      return true;
    }
  });
}

/** The media type of the answer: the GraphQL response type when the client prefers it, else JSON. */
function acceptedType(request: Request): string | null {
  const accept = request.headers.accept;
  if (!accept) return "application/json";
  for (const part of accept.toLowerCase().split(",")) {
    const type = part.split(";")[0]!.trim();
    if (type === "application/graphql-response+json") return type;
    if (type === "application/json" || type === "application/*" || type === "*/*") return "application/json";
  }
  return null;
}

function send(
  response: ServerResponse,
  request: Request,
  status: number,
  body: FormattedExecutionResult | object[],
): void {
  const first = Array.isArray(body) ? undefined : body.errors?.[0]?.extensions;
  if (typeof first?.retryAfterSeconds === "number") response.setHeader("retry-after", String(first.retryAfterSeconds));
  if (status === 405) response.setHeader("allow", "POST");
  if (first?.code === "PERSISTED_QUERY_NOT_FOUND")
    response.setHeader("cache-control", "private, no-cache, must-revalidate");
  response.statusCode = status;
  response.setHeader("content-type", `${acceptedType(request) ?? "application/json"}; charset=utf-8`);
  // An answer that is a subgraph's answer unchanged goes out as the subgraph's bytes. Else as
  // bytes too: Node measures a text body's UTF-8 length, then joins it to the headers' text, and
  // each step copies the answer once more (a tenth of the gateway's allocations per request).
  response.end(unchangedBytes(body) ?? Buffer.from(JSON.stringify(body)));
}
