import type { ApolloServer } from "@apollo/server";
import type { Express } from "express";
import {
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  print,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from "graphql";
import { createHandler } from "graphql-sse/lib/use/express";
import { CloseCode } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { decodeJwt } from "jose";
import type { IncomingMessage, Server } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import type { Actor } from "../common/actor.js";
import { authenticate, type AuthConfig } from "./auth.js";
import { contextFor, type GatewayContext } from "./createGateway.js";
import { operationLimitsRule, type OperationLimits } from "./limits.js";
import { callerKey, type RateLimiter } from "./rateLimit.js";
import type { FederatedSubscriptions } from "./subscriptions.js";

export interface RealtimeOptions {
  auth: AuthConfig;
  gatewayTokenSecret: Uint8Array;
  apollo: ApolloServer<GatewayContext>;
  subscriptions: FederatedSubscriptions;
  limits: OperationLimits;
  rateLimit: RateLimiter | null;
  introspection: boolean;
}

/** Queries and mutations over a socket run the same path as over HTTP (Apollo Server with the gateway). */
async function executeOperation(
  { document, variableValues, operationName, contextValue }: ExecutionArgs,
  apollo: ApolloServer<GatewayContext>,
): Promise<ExecutionResult> {
  const response = await apollo.executeOperation(
    {
      query: print(document),
      variables: variableValues as Record<string, unknown>,
      operationName: operationName ?? undefined,
    },
    { contextValue: contextValue as GatewayContext },
  );
  if (response.body.kind !== "single") return { errors: [new GraphQLError("Incremental delivery is not supported.")] };
  return response.body.singleResult as ExecutionResult;
}

/**
 * Counts the operation against the caller's rate, parses and validates it against the
 * gateway's API schema and limits, as HTTP does; errors answer the operation, the socket stays open.
 */
function prepare(
  options: RealtimeOptions,
  query: unknown,
  variables: Record<string, unknown> | null | undefined,
  operationName: string | null | undefined,
  contextValue: GatewayContext,
  address: string | undefined,
): ExecutionArgs | readonly GraphQLError[] {
  const schema = options.subscriptions.schema;
  if (!schema)
    return [
      new GraphQLError("The supergraph is not loaded yet; try again shortly.", {
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      }),
    ];
  try {
    options.rateLimit?.take(callerKey(contextValue.actor, address));
  } catch (error) {
    return [error as GraphQLError];
  }
  if (typeof query !== "string")
    return [new GraphQLError("Send the operation's text as `query`.", { extensions: { code: "BAD_USER_INPUT" } })];
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: options.limits.maxTokens });
  } catch (error) {
    return [new GraphQLError((error as Error).message, { extensions: { code: "GRAPHQL_PARSE_FAILED" } })];
  }
  const rules = [
    ...specifiedRules,
    ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
    operationLimitsRule(options.limits, () => variables ?? undefined),
  ];
  const errors = validate(schema, document, rules);
  // A limit keeps its own code (BAD_USER_INPUT with the limit); other rules are validation failures.
  if (errors.length)
    return errors.map(
      (e) =>
        new GraphQLError(e.message, {
          nodes: e.nodes,
          extensions: { code: "GRAPHQL_VALIDATION_FAILED", ...e.extensions },
        }),
    );
  if (!getOperationAST(document, operationName))
    return [new GraphQLError("Name the operation to run (operationName).", { extensions: { code: "BAD_USER_INPUT" } })];
  return { schema, document, variableValues: variables ?? {}, operationName, contextValue };
}

function subscribe(options: RealtimeOptions, args: ExecutionArgs): AsyncIterable<ExecutionResult> {
  return options.subscriptions.subscribe(
    args.document,
    (args.variableValues ?? {}) as Record<string, unknown>,
    args.operationName,
    args.contextValue as GatewayContext,
  );
}

/** When the client's token expires, in ms from now; null for a token without expiry. */
function expiresIn(authorization: string): number | null {
  try {
    const exp = decodeJwt(authorization.replace(/^Bearer\s+/i, "")).exp;
    return exp ? exp * 1000 - Date.now() : null;
  } catch {
    return null;
  }
}

/**
 * GraphQL over WebSocket (graphql-ws) on the gateway's own `/graphql` path: the
 * `connection_init` payload's `authorization` is the client's token; a socket closes with 4401
 * and the reason when it is missing, invalid or expires. Queries, mutations and federated
 * subscriptions all run over it.
 */
export function serveWebSockets(httpServer: Server, options: RealtimeOptions): { dispose(): Promise<void> } {
  const webSockets = new WebSocketServer({ server: httpServer, path: "/graphql" });
  const actors = new WeakMap<WebSocket, Actor>();
  const server = useServer<Record<string, unknown>, { socket: WebSocket; request: IncomingMessage }>(
    {
      onConnect: async ({ connectionParams, extra }) => {
        const authorization =
          typeof connectionParams?.authorization === "string" ? connectionParams.authorization : undefined;
        try {
          actors.set(extra.socket, await authenticate(authorization, options.auth));
        } catch (error) {
          extra.socket.close(CloseCode.Unauthorized, `Unauthorized: ${(error as Error).message}`.slice(0, 120));
          return false;
        }
        const left = authorization ? expiresIn(authorization) : null;
        if (left !== null) {
          const timer = setTimeout(
            () =>
              extra.socket.close(
                CloseCode.Unauthorized,
                "Unauthorized: the token expired; reconnect with a fresh one.",
              ),
            Math.max(left, 0),
          );
          extra.socket.once("close", () => clearTimeout(timer));
        }
        return true;
      },
      onSubscribe: (ctx, _id, payload) =>
        prepare(
          options,
          payload.query,
          payload.variables,
          payload.operationName,
          contextFor(actors.get(ctx.extra.socket)!, options.gatewayTokenSecret),
          ctx.extra.request.socket.remoteAddress,
        ),
      execute: (args) => executeOperation(args, options.apollo),
      subscribe: (args) =>
        getOperationAST(args.document, args.operationName)?.operation === "subscription"
          ? subscribe(options, args)
          : executeOperation(args, options.apollo),
    },
    webSockets,
  );
  return {
    dispose: async () => {
      await server.dispose();
      webSockets.close();
    },
  };
}

/**
 * GraphQL over Server-Sent Events (graphql-sse, distinct connections) at `/graphql/stream`, for
 * HTTP-only clients: the same authorization header as HTTP, the same operations and guarantees.
 */
export function serveServerSentEvents(app: Express, options: RealtimeOptions): void {
  const handler = createHandler<GatewayContext & Record<PropertyKey, unknown>>({
    onSubscribe: async (request, params) => {
      let actor: Actor;
      try {
        actor = await authenticate(request.headers.get("authorization") ?? undefined, options.auth);
      } catch (error) {
        return [
          JSON.stringify({ errors: [{ message: (error as Error).message, extensions: { code: "UNAUTHENTICATED" } }] }),
          { status: 401, statusText: "Unauthorized", headers: { "content-type": "application/json" } },
        ];
      }
      const prepared = prepare(
        options,
        params.query,
        params.variables,
        params.operationName,
        contextFor(actor, options.gatewayTokenSecret),
        request.raw.socket.remoteAddress,
      );
      return Array.isArray(prepared) ? { errors: prepared as GraphQLError[] } : (prepared as ExecutionArgs as never);
    },
    execute: (args) => executeOperation(args as ExecutionArgs, options.apollo),
    subscribe: (args) =>
      getOperationAST(args.document, args.operationName)?.operation === "subscription"
        ? subscribe(options, args as ExecutionArgs)
        : executeOperation(args as ExecutionArgs, options.apollo),
  });
  app.use("/graphql/stream", async (request, response) => {
    try {
      await handler(request, response);
    } catch (error) {
      console.error(`sse: ${(error as Error).message}`);
      if (!response.headersSent)
        response.status(500).json({
          errors: [{ message: "Internal error; try again shortly.", extensions: { code: "INTERNAL_SERVER_ERROR" } }],
        });
      else response.end();
    }
  });
}
