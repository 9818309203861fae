import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from "@opentelemetry/api";
import { AlwaysOffSampler, NodeTracerProvider, ParentBasedSampler } from "@opentelemetry/sdk-trace-node";
import type { RequestHandler } from "express";

let registered = false;

/**
 * OpenTelemetry with W3C trace context (`traceparent`): a tracer provider, the async-hooks
 * context manager and the W3C propagator, registered once per process. Apollo Gateway makes
 * its spans (request, plan, fetch) through the global API once a provider is there. Spans are
 * not exported yet: the trace and span ids travel to the subgraphs and into the logs. So a
 * trace is recorded only when the caller's `traceparent` says it is sampled (or
 * `OTEL_TRACES_SAMPLER` says otherwise): recording spans nobody exports cost the gateway CPU.
 */
export function startTracing(): void {
  if (registered) return;
  registered = true;
  const sampler = process.env.OTEL_TRACES_SAMPLER ? undefined : new ParentBasedSampler({ root: new AlwaysOffSampler() });
  new NodeTracerProvider({ sampler }).register();
}

const tracer = trace.getTracer("partner-center-graph");

/**
 * Serves the request inside a server span, continuing the caller's trace when it sends a
 * `traceparent`. Mount after the body parser: the context follows promises, not stream events.
 */
export function traceRequests(name: string): RequestHandler {
  startTracing();
  return (request, response, next) => {
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(`${name} ${request.method} ${request.baseUrl}`, { kind: SpanKind.SERVER }, parent);
    response.once("close", () => span.end());
    context.with(trace.setSpan(parent, span), next);
  };
}

/** The trace the current request belongs to (for its log lines). */
export function currentTraceId(): string | undefined {
  return trace.getActiveSpan()?.spanContext().traceId;
}

/** Adds the current trace context (`traceparent`) to outgoing headers. */
export function injectTraceContext(headers: { set(name: string, value: string): void }): void {
  propagation.inject(context.active(), headers, { set: (carrier, key, value) => carrier.set(key, value) });
}
