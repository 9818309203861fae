import type { Express } from "express";
import { Readable } from "node:stream";
import { isSignedLink, verifyDownload, withoutLinkParameters } from "../common/downloadLinks.js";
import { sendError, sendGraphQLError } from "../common/httpErrors.js";
import { injectTraceContext } from "../common/tracing.js";
import { Refused } from "./admission.js";
import type { Pipeline } from "./pipeline.js";
import { arrivalOf } from "./transports/arrival.js";

/** Files that subgraphs produce, served by the gateway under the same client authentication. */
export const DOWNLOADS = [
  { path: "/certificates/:file", service: "partners" },
  { path: "/exports/:file", service: "billing" },
];

/** What a download's answer keeps of the subgraph's headers. */
const PASSED_HEADERS = ["content-type", "content-disposition", "content-length", "x-consumption-note"];

/**
 * Forwards a download to the subgraph that makes it, with the gateway's token in place of the
 * client's, and streams the answer back (status, type, disposition, body). The caller is a token
 * (`Authorization`) or a signed link the graph handed out (`certificateUrl`,
 * `consumptionExportUrl`: the actor, this path and its parameters, five minutes), and is
 * counted by the same pipeline as every GraphQL request.
 */
export function serveDownloads(
  app: Express,
  pipeline: Pipeline,
  routes: () => Map<string, string> | undefined,
  gatewayTokenSecret: Uint8Array,
): void {
  for (const { path, service } of DOWNLOADS) {
    app.get(path, async (request, response) => {
      try {
        const url = new URL(request.originalUrl, "http://graph");
        const linked = isSignedLink(url.searchParams);
        const verified = linked ? verifyDownload(url.pathname, url.searchParams, gatewayTokenSecret) : undefined;
        const arrival = arrivalOf(request, response, { transport: "http", streams: false }, pipeline.publicUrl);
        const context = await pipeline.caller(linked ? { ...arrival, authorization: undefined } : arrival, 1, verified);
        const base = routes()?.get(service);
        if (!base) throw new Error(`no route to ${service}`);
        const upstream = new URL(url.pathname, base);
        upstream.search = withoutLinkParameters(url.searchParams).toString();
        const headers = { authorization: `Bearer ${await context.subgraphToken()}`, "x-request-id": arrival.requestId };
        injectTraceContext(headers, arrival.trace);
        const answer = await fetch(upstream, { headers });
        response.status(answer.status);
        for (const header of PASSED_HEADERS) {
          const value = answer.headers.get(header);
          if (value) response.setHeader(header, value);
        }
        if (answer.body) Readable.fromWeb(answer.body as never).pipe(response);
        else response.end();
      } catch (error) {
        // Refused by the pipeline: the caller's own mistake (its token, its pace), coded already.
        if (error instanceof Refused) return sendGraphQLError(response, error.status, error.errors[0]!);
        sendError(response, error);
      }
    });
  }
}
