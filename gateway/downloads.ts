import type { Express } from "express";
import { Readable } from "node:stream";
import { sendError, sendGraphQLError } from "../common/httpErrors.js";
import { Refused } from "./admission.js";
import type { Pipeline } from "./pipeline.js";

/** Files that subgraphs produce, served by the gateway under the same client authentication. */
export const DOWNLOADS = [
  { path: "/certificates/:file", service: "partners" },
  { path: "/exports/:file", service: "billing" },
];

/**
 * Forwards a download to the subgraph that makes it, with the gateway's token in place of the
 * client's, and streams the answer back (status, type, disposition, body). The caller is
 * authenticated and counted by the same pipeline as every GraphQL request.
 */
export function serveDownloads(app: Express, pipeline: Pipeline, routes: () => Map<string, string> | undefined): void {
  for (const { path, service } of DOWNLOADS) {
    app.get(path, async (request, response) => {
      try {
        const arrival = {
          transport: "http" as const,
          method: "GET" as const,
          streams: false,
          authorization: request.headers.authorization,
          address: request.ip,
          requestId: String(request.headers["x-request-id"]),
        };
        const context = await pipeline.caller(arrival);
        const base = routes()?.get(service);
        if (!base) throw new Error(`no route to ${service}`);
        const upstream = await fetch(new URL(request.originalUrl, base), {
          headers: { authorization: `Bearer ${await context.subgraphToken()}`, "x-request-id": arrival.requestId },
        });
        response.status(upstream.status);
        for (const header of ["content-type", "content-disposition", "x-consumption-note"]) {
          const value = upstream.headers.get(header);
          if (value) response.setHeader(header, value);
        }
        if (upstream.body) Readable.fromWeb(upstream.body as never).pipe(response);
        else response.end();
      } catch (error) {
        // Refused by the pipeline: the caller's own mistake (its token, its pace), coded already.
        if (error instanceof Refused) return sendGraphQLError(response, error.status, error.errors[0]!);
        sendError(response, error);
      }
    });
  }
}
