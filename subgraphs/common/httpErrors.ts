import type { Response } from "express";
import { GraphQLError } from "graphql";

/** Answers a plain HTTP route's failure as GraphQL-shaped JSON, with the error's code and status. */
export function sendError(response: Response, error: unknown): void {
  if (!(error instanceof GraphQLError)) {
    console.error(error);
    response.status(500).json({ errors: [{ message: "Internal error; try again shortly.", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
    return;
  }
  const code = String(error.extensions.code ?? "INTERNAL_SERVER_ERROR");
  const status = (error.extensions.http as { status?: number } | undefined)?.status ?? { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404 }[code] ?? 500;
  response.status(status).json({ errors: [{ message: error.message, extensions: { code } }] });
}
