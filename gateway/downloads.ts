import type { Express } from "express";
import { Readable } from "node:stream";
import { signGatewayToken } from "../common/gatewayToken.js";
import { sendError } from "../common/httpErrors.js";
import { authenticate, type AuthConfig } from "./auth.js";

/** Files that subgraphs produce, served by the gateway under the same client authentication. */
export const DOWNLOADS = [
  { path: "/certificates/:file", service: "partners" },
  { path: "/exports/:file", service: "billing" },
];

/**
 * Forwards a download to the subgraph that makes it, with the gateway's token in place of the
 * client's, and streams the answer back (status, type, disposition, body).
 */
export function serveDownloads(
  app: Express,
  options: { auth: AuthConfig; gatewayTokenSecret: Uint8Array; routes: Map<string, string> },
): void {
  for (const { path, service } of DOWNLOADS) {
    app.get(path, async (request, response) => {
      try {
        const actor = await authenticate(request.headers.authorization, options.auth);
        const base = options.routes.get(service);
        if (!base) throw new Error(`no route to ${service}`);
        const upstream = await fetch(new URL(request.originalUrl, base), {
          headers: { authorization: `Bearer ${await signGatewayToken(actor, options.gatewayTokenSecret)}` },
        });
        response.status(upstream.status);
        for (const header of ["content-type", "content-disposition", "x-consumption-note"]) {
          const value = upstream.headers.get(header);
          if (value) response.setHeader(header, value);
        }
        if (upstream.body) Readable.fromWeb(upstream.body as never).pipe(response);
        else response.end();
      } catch (error) {
        sendError(response, error);
      }
    });
  }
}
