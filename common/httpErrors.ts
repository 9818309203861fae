import { GraphQLError } from "graphql";
import type { ServerResponse } from "node:http";
import { statusOf } from "./errors.js";

/** Answers a plain HTTP route's failure as GraphQL-shaped JSON, with the error's code and status. */
export function sendError(response: ServerResponse, error: unknown): void {
  if (!(error instanceof GraphQLError)) {
    console.error(error);
    return sendGraphQLError(
      response,
      500,
      new GraphQLError("Internal error; try again shortly.", { extensions: { code: "INTERNAL_SERVER_ERROR" } }),
    );
  }
  const code = String(error.extensions.code ?? "INTERNAL_SERVER_ERROR");
  const status = (error.extensions.http as { status?: number } | undefined)?.status ?? statusOf(code);
  sendGraphQLError(response, status, new GraphQLError(error.message, { extensions: { code } }));
}

/** Answers a request Apollo Server never sees with a GraphQL error, its status and headers. */
export function sendGraphQLError(response: ServerResponse, status: number, error: GraphQLError): void {
  const retryAfter = error.extensions.retryAfterSeconds;
  if (typeof retryAfter === "number") response.setHeader("retry-after", String(retryAfter));
  response.statusCode = status;
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.end(JSON.stringify({ errors: [{ message: error.message, extensions: error.extensions }] }));
}
