import type { Express } from "express";
import { createHandler } from "graphql-sse/lib/use/express";
import { Refused } from "../admission.js";
import { arrivalOf } from "./arrival.js";
import type { Outcome, Pipeline } from "../pipeline.js";

/** A refusal or a failed operation as a plain JSON answer with its status, instead of an event stream. */
function plainAnswer(
  outcome: Extract<Outcome, { result: unknown }>,
): [string, { status: number; statusText: string; headers: Record<string, string> }] {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  const retryAfter = outcome.result.errors?.[0]?.extensions?.retryAfterSeconds;
  if (typeof retryAfter === "number") headers["retry-after"] = String(retryAfter);
  return [JSON.stringify(outcome.result), { status: outcome.status, statusText: "Refused", headers }];
}

/**
 * GraphQL over Server-Sent Events (graphql-sse, distinct connections) at `/graphql/stream`, for
 * HTTP-only clients: the same authorization header, the same pipeline and guarantees as the
 * other transports; a refused operation answers with its status before any stream opens.
 */
export function serveServerSentEvents(app: Express, pipeline: Pipeline): void {
  const handler = createHandler({
    onSubscribe: async (request, params) => {
      const arrival = arrivalOf(
        request.raw,
        request.context.res,
        { transport: "sse", streams: true },
        pipeline.publicUrl,
      );
      let outcome: Outcome;
      try {
        outcome = await pipeline.run(params, await pipeline.caller(arrival), arrival);
      } catch (error) {
        if (!(error instanceof Refused)) throw error;
        outcome = pipeline.refusal(error, arrival.requestId);
      }
      if ("stream" in outcome) return outcome.stream as never;
      return outcome.status === 200 ? (outcome.result as never) : plainAnswer(outcome);
    },
  });
  app.use("/graphql/stream", (request, response) => {
    handler(request, response).catch((error: unknown) => {
      const { status, result } = pipeline.failure(error, String(request.headers["x-request-id"]));
      if (response.headersSent) return void response.end();
      response.status(status).json(result);
    });
  });
}
