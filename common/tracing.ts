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
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { PROJECT_ROOT } from "./paths.js";

let registered = false;
/** Whether spans are recorded: when `OTEL_TRACES_SAMPLER` asks for them or an exporter is set. */
let recording = false;
let provider: NodeTracerProvider | undefined;

/** Where spans are exported (OTLP/HTTP), if anywhere: the standard variables, the traces one first. */
const exportEndpoint = (env = process.env) =>
  env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;

/**
 * OpenTelemetry with W3C trace context (`traceparent`), registered once per process: the
 * async-hooks context manager and the W3C propagator always, so trace ids reach the subgraphs
 * and every log line; a tracer provider only when `OTEL_TRACES_SAMPLER` or an OTLP endpoint is
 * set. Spans (the request's, every subgraph call's) go through the global API: with a provider
 * each one runs the SDK's sampler and id generator even when it records nothing (3 % of the
 * gateway's CPU on the customer page under Apollo's executor), without one they are no-ops.
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
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
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
 * Serves a /graphql request inside a server span, continuing the caller's trace when it sends a
 * `traceparent`. Call it after the body is read: the context follows promises, not stream events.
 */
export function traceRequests(
  name: string,
): (request: IncomingMessage, response: ServerResponse, next: () => void) => void {
  startTracing(name);
  return (request, response, next) => {
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    if (!recording) return context.with(hopOf(parent), next);
    const span = tracer.startSpan(
      `${name} ${request.method} /graphql`,
      { kind: SpanKind.SERVER, attributes: { "http.request.method": request.method!, "url.path": "/graphql" } },
      parent,
    );
    response.once("close", () => span.setAttribute("http.response.status_code", response.statusCode).end());
    context.with(trace.setSpan(parent, span), next);
  };
}

/** The trace the current request belongs to (for its log lines). */
export function currentTraceId(): string | undefined {
  return trace.getActiveSpan()?.spanContext().traceId;
}

/** Adds the current trace context (`traceparent`) to outgoing headers. */
export function injectTraceContext(headers: Record<string, string>): void {
  propagation.inject(context.active(), headers);
}

/**
 * One subgraph call of a query plan inside a client span (when spans are recorded): the
 * subgraph's own spans become its children, so a trace shows which fetch cost what.
 */
export function traceSubgraphCall<T>(service: string, call: () => Promise<T>): Promise<T> {
  if (!recording) return call();
  const attributes = { "graphql.subgraph": service };
  return tracer.startActiveSpan(`fetch ${service}`, { kind: SpanKind.CLIENT, attributes }, (span) =>
    call()
      .catch((error: unknown) => {
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      })
      .finally(() => span.end()),
  );
}
