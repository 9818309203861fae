import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Context,
} from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider, RandomIdGenerator } from "@opentelemetry/sdk-trace-node";
import { readFileSync } from "node:fs";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { pathOf } from "./httpApp.js";
import { PROJECT_ROOT } from "./paths.js";

let registered = false;
/** Whether spans are recorded: when `OTEL_TRACES_SAMPLER` asks for them or an exporter is set. */
let recording = false;
let provider: NodeTracerProvider | undefined;
/** Whether the current trace is kept in async state (the subgraphs' requests, `traceRequests`). */
let asyncContext = false;

/** Where spans are exported (OTLP/HTTP), if anywhere: the standard variables, the traces one first. */
const exportEndpoint = (env = process.env) =>
  env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;

/**
 * OpenTelemetry with W3C trace context (`traceparent`), registered once per process: the W3C
 * propagator always, so trace ids reach the subgraphs and every log line; a tracer provider only
 * when `OTEL_TRACES_SAMPLER` or an OTLP endpoint is set. Spans (the request's, every subgraph
 * call's) go through the global API: with a provider each one runs the SDK's sampler and id
 * generator even when it records nothing (3 % of the gateway's CPU on the customer page under
 * Apollo's executor), without one they are no-ops.
 *
 * With `OTEL_EXPORTER_OTLP_ENDPOINT` spans leave in batches (BatchSpanProcessor, `OTEL_BSP_*`)
 * over OTLP/HTTP (JSON), as `service` (or `OTEL_SERVICE_NAME`) with the attributes of
 * `OTEL_RESOURCE_ATTRIBUTES`; the SDK reads the sampler (`OTEL_TRACES_SAMPLER`, default
 * parent-based always on) and the exporter's headers and timeout from their variables.
 */
export function startTracing(service: string): void {
  if (registered) return;
  registered = true;
  const endpoint = exportEndpoint();
  recording = Boolean(process.env.OTEL_TRACES_SAMPLER || endpoint);
  if (!recording) {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    return;
  }
  provider = new NodeTracerProvider({
    resource: defaultResource()
      .merge(
        resourceFromAttributes({
          "service.name": service,
          "service.namespace": "partner-center-graph",
          "service.version": VERSION,
        }),
      )
      .merge(detectResources({ detectors: [envDetector] })),
    spanProcessors: endpoint ? [new BatchSpanProcessor(new OTLPTraceExporter())] : [],
  });
  provider.register();
}

/** Sends the spans still in the batch; a process calls it before it exits. */
export async function stopTracing(): Promise<void> {
  await provider?.shutdown();
}

const VERSION = (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version;

const tracer = trace.getTracer("partner-center-graph");
const ids = new RandomIdGenerator();

/** This hop of the caller's trace, or a new trace: ids only, nothing is recorded. */
function hopOf(parent: Context): Context {
  const caller = trace.getSpanContext(parent);
  return trace.setSpanContext(parent, {
    traceId: caller?.traceId ?? ids.generateTraceId(),
    spanId: ids.generateSpanId(),
    traceFlags: caller?.traceFlags ?? TraceFlags.NONE,
  });
}

/**
 * A request's place in its trace (OpenTelemetry's context), continuing the caller's when it sends a
 * `traceparent`: a server span that ends with the response when spans are recorded, else ids only.
 * The gateway carries it with the request (`GatewayContext.trace`) instead of in async state:
 * async hooks and the context manager were about 4 % of its CPU per request.
 */
export function requestTrace(name: string, request: IncomingMessage, response: ServerResponse): Context {
  const parent = propagation.extract(ROOT_CONTEXT, request.headers);
  if (!recording) return hopOf(parent);
  const path = pathOf(request) ?? "/";
  const span = tracer.startSpan(
    `${name} ${request.method} ${path}`,
    { kind: SpanKind.SERVER, attributes: { "http.request.method": request.method!, "url.path": path } },
    parent,
  );
  response.once("close", () => span.setAttribute("http.response.status_code", response.statusCode).end());
  return trace.setSpan(parent, span);
}

/** A hop of the trace the headers carry, or of a new trace, for work that is not one request (a socket's operation). */
export function hopFrom(headers: IncomingHttpHeaders): Context {
  return hopOf(propagation.extract(ROOT_CONTEXT, headers));
}

/**
 * Serves a subgraph's /graphql request inside its trace, kept in async state for the subgraph's
 * error masking (`traceIdOf`). Call it after the body is read: the context follows promises,
 * not stream events.
 */
export function traceRequests(
  name: string,
): (request: IncomingMessage, response: ServerResponse, next: () => void) => void {
  startTracing(name);
  // The subgraphs keep async state anyway (their transactions'), so the context manager costs them little.
  if (!recording && !asyncContext)
    asyncContext = context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  return (request, response, next) => context.with(requestTrace(name, request, response), next);
}

/** The trace of a context: by default the current request's (for its log lines). */
export function traceIdOf(of: Context = context.active()): string | undefined {
  return trace.getSpanContext(of)?.traceId;
}

/**
 * One subgraph call inside a client span (when spans are recorded), so that the subgraph's own
 * spans become its children and a trace shows which fetch cost what; `call` gets the context to
 * send on (`injectTraceContext`).
 */
export function traceSubgraphCall<T>(
  service: string,
  parent: Context,
  call: (trace: Context) => Promise<T>,
): Promise<T> {
  if (!recording) return call(parent);
  const attributes = { "graphql.subgraph": service };
  const span = tracer.startSpan(`fetch ${service}`, { kind: SpanKind.CLIENT, attributes }, parent);
  return call(trace.setSpan(parent, span))
    .catch((error: unknown) => {
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    })
    .finally(() => span.end());
}

/** Adds a trace context (`traceparent`) to outgoing headers. */
export function injectTraceContext(headers: Record<string, string>, of: Context): void {
  propagation.inject(of, headers);
}
