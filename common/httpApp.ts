import express, { type Express } from "express";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Metrics } from "./metrics.js";

const ROUTES = new Set(["/graphql", "/health", "/ready", "/metrics"]);

/**
 * The HTTP surface every server of the graph shares: request metrics, `/health` (alive),
 * `/ready` (able to serve: `ready` returns null, or the reason it is not) and `/metrics`.
 */
export function createHttpApp(metrics: Metrics, ready: () => Promise<string | null>): Express {
  const app = express();
  app.disable("x-powered-by");
  // A weak ETag is a SHA-1 of every answer (0.5-0.7 % of a service's CPU); GraphQL POST answers
  // are never revalidated. The playground's assets keep theirs (sendFile).
  app.disable("etag");
  app.use((req, res, next) => {
    tagRequest(req, res);
    countRequest(metrics, ROUTES.has(req.path) ? req.path : "other", res);
    next();
  });
  app.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/ready", async (_req, res) => {
    const reason = await ready().catch((error: Error) => error.message);
    res.status(reason ? 503 : 200).json(reason ? { status: "not ready", reason } : { status: "ready" });
  });
  app.get("/metrics", async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return app;
}

/**
 * Every request has an id: the caller's `x-request-id` when it is sane, else a new one. The
 * gateway forwards it to subgraphs, so one id finds a request in every service's log.
 */
export function tagRequest(req: IncomingMessage, res: ServerResponse): void {
  const given = req.headers["x-request-id"];
  if (typeof given !== "string" || !/^[\w-]{1,64}$/.test(given)) req.headers["x-request-id"] = randomUUID();
  res.setHeader("x-request-id", req.headers["x-request-id"]!);
}

/** Counts the request and its duration by route once its answer is sent. */
export function countRequest(metrics: Metrics, route: string, res: ServerResponse): void {
  const stop = metrics.httpDuration.startTimer({ route });
  res.on("finish", () => {
    stop();
    metrics.httpRequests.inc({ route, status: String(res.statusCode) });
  });
}

/** Listens and returns the base URL; port 0 picks a free port (tests). */
export async function listen(server: Server, port: number, host: string): Promise<string> {
  // Idle keep-alive connections stay open longer than any client here keeps them (the gateway's
  // pool 60 s, Apollo Gateway's and load balancers' the same or less): Node's default of 5 s
  // closes sockets a client is about to reuse, and that request fails with ECONNRESET.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${shownHost}:${address.port}`;
}
