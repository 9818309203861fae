import type { NextFunction, Request, Response } from "express";
import { badUserInput } from "../common/errors.js";
import { answerBodyError, sendGraphQLError } from "../common/httpErrors.js";

/** A batched request (a JSON array of operations) may hold at most `max` operations. */
export function batchLimit(max: number) {
  return (request: Request, response: Response, next: NextFunction) => {
    if (Array.isArray(request.body) && (request.body.length === 0 || request.body.length > max)) {
      return sendGraphQLError(
        response,
        400,
        badUserInput("body", `A batched request holds 1 to ${max} operations; this one holds ${request.body.length}.`),
      );
    }
    next();
  };
}

/** Express's error middleware for the body parser (see answerBodyError). */
export function bodyErrors(
  error: { type?: string; status?: number },
  _request: Request,
  response: Response,
  next: NextFunction,
): void {
  if (!answerBodyError(error, response)) next(error);
}
