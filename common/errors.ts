import { GraphQLError } from "graphql";

/** The codes every client may rely on (README, Errors). */
export type ErrorCode =
  | "BAD_USER_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PRECONDITION_FAILED"
  | "RATE_LIMITED"
  | "INTERNAL_SERVER_ERROR";

/**
 * The codes of a refused request (the caller's to fix: its token, its input, its pace) and the
 * HTTP status of each when the whole request is refused. A subgraph's refusal keeps its code
 * through the gateway; any other code is the platform's fault.
 */
const CLIENT_ERROR_STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  PERSISTED_QUERY_NOT_FOUND: 200, // Apollo's APQ protocol: the client then sends the text
  PERSISTED_QUERY_NOT_IN_LIST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 422,
  RATE_LIMITED: 429,
};

/**
 * Whether a service's answer with this code means "no" (to be passed on to the caller as it is)
 * rather than "broken": the codes above that a resolver raises, not those of a malformed request,
 * which between services would be the graph's own bug.
 */
export function isRefusal(code: unknown): boolean {
  return isClientError(code) && !/^(GRAPHQL_|PERSISTED_QUERY_)/.test(code as string);
}

/** Whether an error's code says the caller made a mistake (logged at info) rather than the graph failed. */
export function isClientError(code: unknown): boolean {
  return typeof code === "string" && code in CLIENT_ERROR_STATUS;
}

/** The HTTP status of a request refused with this code; 500 for anything that is not the caller's mistake. */
export function statusOf(code: unknown): number {
  return (typeof code === "string" && CLIENT_ERROR_STATUS[code]) || 500;
}

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
