import cors from "cors";
import type { RequestHandler } from "express";
import type { IncomingMessage } from "node:http";
import { SettingsError } from "../common/settings.js";

/** Request headers a frontend on another origin may send (a preflight answers for them). */
const ALLOWED_HEADERS = [
  "authorization",
  "content-type",
  // Apollo Client and urql ask for multipart or event streams; Apollo's CSRF headers.
  "accept",
  "apollo-require-preflight",
  "x-apollo-operation-name",
  "x-request-id",
  "traceparent",
];
/** Response headers such a frontend may read. */
const EXPOSED_HEADERS = ["x-request-id", "retry-after", "content-disposition", "x-consumption-note"];

/**
 * Which other origins' pages may call the graph (`CORS_ORIGINS`): exact origins, none by
 * default; `*` (any page) is refused in production. Tokens travel in the Authorization header,
 * never in cookies, so no credentials are allowed cross-origin.
 */
export function allowedOrigins(origins: string[] = [], production = process.env.NODE_ENV === "production"): string[] {
  if (production && origins.includes("*")) {
    throw new SettingsError(['CORS_ORIGINS="*" is refused in production: list the origins of your frontends.']);
  }
  return origins;
}

/**
 * The CORS middleware of the gateway's API routes (GraphQL over HTTP, SSE, downloads). A request
 * without an `Origin` (not a browser's cross-origin call) gets no CORS header from it anyway,
 * so it skips the middleware and the option objects it builds per request.
 */
export function corsFor(origins: string[]): RequestHandler {
  const middleware = cors({
    origin: (origin, answer) => answer(null, Boolean(origin) && (origins.includes("*") || origins.includes(origin!))),
    methods: ["GET", "POST"],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
  return (request, response, next) => (request.headers.origin ? middleware(request, response, next) : next());
}

/**
 * Whether a WebSocket may open from the page that asks: browsers do not apply CORS to
 * WebSockets, so the gateway checks their origin itself. A client that sends no origin (not a
 * browser) and a page of the gateway itself (the playground) always may.
 */
export function webSocketOriginAllowed(request: IncomingMessage, origins: string[]): boolean {
  const origin = request.headers.origin;
  if (!origin || origins.includes("*") || origins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
