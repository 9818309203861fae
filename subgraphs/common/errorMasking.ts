import type { ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { randomUUID } from "node:crypto";

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
  return masked();
}

const masked = (): GraphQLFormattedError => ({ message: "Internal server error. Quote the request id when you report it.", extensions: { code: "INTERNAL_SERVER_ERROR" } });

/**
 * Logs unexpected errors with the request's id (`x-request-id`, set for every request by the
 * HTTP app) and adds the id to every internal error a client gets.
 */
export function requestIdPlugin(service: string, log: (message: string) => void): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      const requestId = request.http?.headers.get("x-request-id") ?? randomUUID(); // operations over a socket have no HTTP request
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (!(original instanceof GraphQLError) || original.extensions?.code === undefined) log(`${service}: request ${requestId} failed: ${(original as Error)?.stack ?? String(original)}`);
          }
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== "single") return;
          for (const error of response.body.singleResult.errors ?? []) {
            if (error.extensions?.code === "INTERNAL_SERVER_ERROR") (error.extensions as Record<string, unknown>).requestId ??= requestId;
          }
        },
      };
    },
  };
}
