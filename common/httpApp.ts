import express, { type ErrorRequestHandler, type Express } from "express";
import { GraphQLError } from "graphql";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Metrics } from "./metrics.js";
import { sendError, sendGraphQLError } from "./httpErrors.js";

const ROUTES = new Set(["/graphql", "/health", "/ready", "/metrics"]);

/** Why a server cannot serve yet, in words, and the subgraphs that did not answer (the gateway's). */
export interface NotReady {
  reason: string;
  subgraphs?: string[];
}

/**
 * The HTTP surface every server of the graph shares: request metrics, `/health` (alive),
 * `/ready` (able to serve: `ready` returns null, or why it is not) and, when `publicMetrics`
 * says so, `/metrics`.
 */
export function createHttpApp(
  metrics: Metrics,
  ready: () => Promise<NotReady | null>,
  publicMetrics: boolean,
): Express {
  const app = express();
  app.disable("x-powered-by");
  // A weak ETag is a SHA-1 of every answer (0.5-0.7 % of a service's CPU); GraphQL POST answers
  // are never revalidated. The playground's assets keep theirs (sendFile).
  app.disable("etag");
  app.use((req, res, next) => {
    observeRequest(metrics, ROUTES.has(req.path) ? req.path : "other", req, res);
    next();
  });
  app.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/ready", async (_req, res) => {
    const notReady = await ready().catch((error: Error) => ({ reason: error.message }));
    res.status(notReady ? 503 : 200).json(notReady ? { status: "not ready", ...notReady } : { status: "ready" });
  });
  if (publicMetrics)
    app.get("/metrics", async (_req, res) => {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  return app;
}

/**
 * After every route: a path nothing serves gets a coded 404 that says where GraphQL is, and a
 * route that fails (a malformed URL, say) its coded error, never Express's HTML page.
 */
export function answerTheRest(app: Express): void {
  app.use((request, response) => {
    const message = `Nothing is served at ${request.method} ${request.path}: GraphQL is at /graphql.`;
    sendGraphQLError(response, 404, new GraphQLError(message, { extensions: { code: "NOT_FOUND" } }));
  });
  const failed: ErrorRequestHandler = (error, _request, response, next) => {
    if (response.headersSent) return next(error);
    const { status } = error as { status?: number };
    // Express's own refusals (a malformed URL is 400) keep their status; anything else is ours to mask.
    if (status && status < 500)
      return sendGraphQLError(
        response,
        status,
        new GraphQLError(String(error.message), { extensions: { code: "BAD_USER_INPUT" } }),
      );
    sendError(response, error);
  };
  app.use(failed);
}

/**
 * Whether the public port serves `/metrics`: not when the service has a metrics port of its
 * own, and never in production, where figures (operation names, subgraphs, load) are for the
 * operators' scraper only.
 */
export function metricsOnPublicPort(metricsPort: number | undefined, env = process.env): boolean {
  return metricsPort === undefined && env.NODE_ENV !== "production";
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/** `GET /metrics` alone on a port of its own (`METRICS_PORT` and the like), for a scraper. */
export async function serveMetrics(metrics: Metrics, port: number, host: string): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    if (request.method !== "GET" || pathOf(request) !== "/metrics")
      return void response.writeHead(404, { "content-type": "text/plain" }).end("Not found: only GET /metrics here.\n");
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { "content-type": metrics.registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  const url = await listen(server, port, host);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A request's path, without its query string. */
export const pathOf = (request: IncomingMessage): string | undefined => request.url?.split("?")[0];

/** What every server does first with every request, on Express or on Node's own: its id and its count. */
export function observeRequest(metrics: Metrics, route: string, req: IncomingMessage, res: ServerResponse): void {
  tagRequest(req, res);
  countRequest(metrics, route, res);
}

/**
 * Every request has an id: the caller's `x-request-id` when it is sane, else a new one. The
 * gateway forwards it to subgraphs, so one id finds a request in every service's log.
 */
function tagRequest(req: IncomingMessage, res: ServerResponse): void {
  const given = req.headers["x-request-id"];
  if (typeof given !== "string" || !/^[\w-]{1,64}$/.test(given)) req.headers["x-request-id"] = randomUUID();
  res.setHeader("x-request-id", req.headers["x-request-id"]!);
}

/** Counts the request and its duration by route once its answer is sent. */
function countRequest(metrics: Metrics, route: string, res: ServerResponse): void {
  // performance.now, not prom-client's startTimer: it copies the labels and reads hrtime pairs.
  const started = performance.now();
  res.on("finish", () => {
    metrics.httpDuration.observe({ route }, (performance.now() - started) / 1000);
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
