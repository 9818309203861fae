import type { NextFunction, Request, Response } from "express";
import { GraphQLError } from "graphql";
import { badUserInput } from "../subgraphs/common/errors.js";

/** Answers a request Apollo Server never sees with a GraphQL error, its status and headers. */
export function sendGraphQLError(response: Response, status: number, error: GraphQLError): void {
  const retryAfter = error.extensions.retryAfterSeconds;
  if (typeof retryAfter === "number") response.setHeader("retry-after", String(retryAfter));
  response.status(status).json({ errors: [{ message: error.message, extensions: error.extensions }] });
}

/** A batched request (a JSON array of operations) may hold at most `max` operations. */
export function batchLimit(max: number) {
  return (request: Request, response: Response, next: NextFunction) => {
    if (Array.isArray(request.body) && (request.body.length === 0 || request.body.length > max)) {
      return sendGraphQLError(response, 400, badUserInput("body", `A batched request holds 1 to ${max} operations; this one holds ${request.body.length}.`));
    }
    next();
  };
}

/** Bodies that are too large or not JSON get a coded GraphQL error, not Express's HTML page. */
export function bodyErrors(error: { type?: string; status?: number }, _request: Request, response: Response, next: NextFunction): void {
  if (response.headersSent) return next(error);
  if (error.type === "entity.too.large") return sendGraphQLError(response, 413, badUserInput("body", "The request body is too large."));
  if (error.type === "charset.unsupported" || error.type === "encoding.unsupported") return sendGraphQLError(response, 415, badUserInput("body", "Send the body as UTF-8 JSON."));
  if (error.type === "entity.parse.failed" || error.status === 400) return sendGraphQLError(response, 400, badUserInput("body", "The request body is not valid JSON."));
  next(error);
}
