import { GraphQLError } from "graphql";

/** The codes every client may rely on (DESIGN.md, Errors). */
export type ErrorCode =
  | "BAD_USER_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PRECONDITION_FAILED"
  | "RATE_LIMITED"
  | "INTERNAL_SERVER_ERROR";

function coded(code: ErrorCode, message: string, extra: Record<string, unknown> = {}, status?: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, ...extra, ...(status ? { http: { status } } : {}) },
  });
}

/** The request itself is wrong; `argument` names what to fix. */
export function badUserInput(argument: string, message: string): GraphQLError {
  return coded("BAD_USER_INPUT", message, { argument });
}

export function unauthenticated(message: string): GraphQLError {
  return coded("UNAUTHENTICATED", message, {}, 401);
}

export function forbidden(message: string): GraphQLError {
  return coded("FORBIDDEN", message);
}

/** Same answer for an id that does not exist and one of another partner: no existence leak. */
export function notFound(what: string, id: string): GraphQLError {
  return coded("NOT_FOUND", `No ${what} with id "${id}" exists for you.`);
}

export function conflict(message: string): GraphQLError {
  return coded("CONFLICT", message);
}

/** A rule of the domain said no; `rule` names it for clients that branch on it. */
export function preconditionFailed(rule: string, message: string): GraphQLError {
  return coded("PRECONDITION_FAILED", message, { rule });
}

/** Too many requests; `retryAfterSeconds` says when to try again. */
export function rateLimited(message: string, retryAfterSeconds: number): GraphQLError {
  return coded("RATE_LIMITED", message, { retryAfterSeconds });
}
