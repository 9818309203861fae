import type { ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { randomUUID } from "node:crypto";
import type { Actor } from "../../common/actor.js";
import { isClientError } from "../../common/errors.js";
import { actorFields, type Logger } from "../../common/logger.js";
import { operationLabel, type Metrics } from "../../common/metrics.js";
import { traceIdOf } from "../../common/tracing.js";

const development = () => process.env.NODE_ENV === "development";

/**
 * Unexpected errors (a bug, a database failure) reach clients as a code and a request id, never
 * a message, stack or SQL of the server's; errors the graph raised on purpose, each with its
 * code, pass as they are. In development everything shows.
 */
export function maskUnexpectedErrors(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (formatted.extensions?.code !== "INTERNAL_SERVER_ERROR" || development()) return formatted;
  const original = unwrapResolverError(error);
  if (!(original instanceof GraphQLError)) return masked();
  if (typeof original.extensions.code === "string") return formatted;
  // Apollo Server refuses some requests with a 4xx but no code ("provided sha does not match query"): bad input.
  const status = (original.extensions.http as { status?: number } | undefined)?.status;
  if (status && status < 500) return { ...formatted, extensions: { ...formatted.extensions, code: "BAD_USER_INPUT" } };
  // graphql-js refuses an explicit null for a non-null argument that has a default (a nullable
  // variable may stand there) only while executing, without a code: the caller's input.
  if (NULL_ARGUMENT.test(original.message))
    return { ...formatted, extensions: { ...formatted.extensions, code: "BAD_USER_INPUT" } };
  return masked();
}

const NULL_ARGUMENT = /^Argument "\w+" of non-null type "[^"]+" must not be null\.$/;

const masked = (): GraphQLFormattedError => ({
  message: "Internal server error. Quote the request id when you report it.",
  extensions: { code: "INTERNAL_SERVER_ERROR" },
});

/**
 * One log line per operation (request id, actor as ids, operation, duration, error codes,
 * trace id), unexpected errors logged with their stack under the same request id, the id
 * added to every internal error a client gets, and the operation counted in the metrics.
 */
export function requestLogPlugin(logger: Logger, metrics: Metrics): ApolloServerPlugin {
  const seen = new Set<string>();
  return {
    async requestDidStart({ request }) {
      const requestId = request.http?.headers.get("x-request-id") ?? randomUUID(); // operations over a socket have no HTTP request
      const started = performance.now();
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            // The caller's mistakes are in the operation's line at info; only failures are logged again.
            if (!(original instanceof GraphQLError) || !isClientError(original.extensions?.code)) {
              logger.error(
                {
                  requestId,
                  actor: actorFields((contextValue as { actor?: Actor }).actor),
                  traceId: traceIdOf(),
                  err: original,
                },
                "request failed",
              );
            }
          }
        },
        async willSendResponse({ response, operationName, contextValue }) {
          const errors = response.body.kind === "single" ? (response.body.singleResult.errors ?? []) : [];
          for (const error of errors) {
            if (error.extensions?.code === "INTERNAL_SERVER_ERROR")
              (error.extensions as Record<string, unknown>).requestId ??= requestId;
          }
          const seconds = (performance.now() - started) / 1000;
          const operation = operationLabel(seen, operationName);
          metrics.operations.inc({ operation, outcome: errors.length ? "error" : "ok" });
          metrics.operationDuration.observe({ operation }, seconds);
          const actor = (contextValue as { actor?: Actor }).actor;
          // Background polls between subgraphs (the service actor) would drown the requests.
          logger[actor?.role === "service" ? "debug" : "info"](
            {
              requestId,
              traceId: traceIdOf(),
              actor: actorFields(actor),
              operation: operationName ?? null,
              ms: Math.round(seconds * 10_000) / 10,
              ...(errors.length ? { errors: errors.map((e) => e.extensions?.code ?? "UNKNOWN") } : {}),
            },
            "operation",
          );
        },
      };
    },
  };
}
