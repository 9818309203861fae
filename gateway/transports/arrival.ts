import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { requestTrace } from "../../common/tracing.js";
import type { Arrival } from "../admission.js";

/**
 * The graph's origin as this client reached it, where download links point: `PUBLIC_URL` when
 * the graph sits behind a proxy, else the request's own scheme and Host.
 */
export function originOf(request: IncomingMessage, publicUrl: string | undefined): string {
  if (publicUrl) return new URL(publicUrl).origin;
  const scheme = (request.socket as TLSSocket).encrypted ? "https" : "http";
  return `${scheme}://${request.headers.host ?? "localhost"}`;
}

/** How an HTTP request arrived (GraphQL over HTTP, SSE, a download), for the pipeline; its trace starts here. */
export function arrivalOf(
  request: IncomingMessage,
  response: ServerResponse,
  door: Pick<Arrival, "transport" | "streams">,
  publicUrl: string | undefined,
): Arrival {
  return {
    ...door,
    method: request.method === "GET" ? "GET" : "POST",
    authorization: request.headers.authorization,
    address: request.socket.remoteAddress,
    // Every request has one by now (common/httpApp.ts tags it before any route).
    requestId: String(request.headers["x-request-id"]),
    trace: requestTrace("gateway", request, response),
    origin: originOf(request, publicUrl),
  };
}
