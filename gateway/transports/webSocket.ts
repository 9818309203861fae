import { GraphQLError, type ExecutionArgs } from "graphql";
import { CloseCode } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { decodeJwt } from "jose";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { Refused, type Admitted, type Arrival } from "../admission.js";
import type { Pipeline } from "../pipeline.js";
import { hopFrom } from "../../common/tracing.js";
import { originOf } from "./arrival.js";

/** When the client's token expires, in ms from now; null for a token without expiry. */
function expiresIn(authorization: string): number | null {
  try {
    const exp = decodeJwt(authorization.replace(/^Bearer\s+/i, "")).exp;
    return exp ? exp * 1000 - Date.now() : null;
  } catch {
    return null;
  }
}

type Extra = { socket: WebSocket; request: IncomingMessage };

/** How an operation on this socket arrived: the token of `connection_init` stands for the socket's caller. */
function socketArrival(
  connectionParams: Record<string, unknown> | undefined,
  extra: Extra,
  publicUrl: string | undefined,
): Arrival {
  const authorization = connectionParams?.authorization;
  return {
    transport: "websocket",
    streams: true,
    authorization: typeof authorization === "string" ? authorization : undefined,
    address: extra.request.socket.remoteAddress,
    requestId: randomUUID(),
    trace: hopFrom(extra.request.headers),
    origin: originOf(extra.request, publicUrl),
  };
}

/** Refusals as graphql-ws sends them: real GraphQLErrors with the pipeline's message and code. */
function errorsOf(pipeline: Pipeline, refused: Refused, requestId: string): GraphQLError[] {
  const { errors } = pipeline.refusal(refused, requestId).result;
  return (errors ?? []).map((e) => new GraphQLError(e.message, { extensions: e.extensions }));
}

/**
 * GraphQL over WebSocket (graphql-ws) on the gateway's own `/graphql` path. It only frames:
 * the socket's caller is `connection_init`'s `authorization`; a socket closes with 4401 and the
 * reason when it is missing, invalid or expires; every operation goes through the pipeline
 * like any HTTP request (counted, resolved, parsed, validated), then runs. A message larger than
 * an HTTP body may be (`maxMessageBytes`) closes the socket with 1009 before it is read whole
 * (ws buffers up to 100 MiB by default, before anyone is authenticated).
 */
export function serveWebSockets(
  httpServer: Server,
  pipeline: Pipeline,
  originAllowed: (request: IncomingMessage) => boolean,
  maxMessageBytes: number,
): { dispose(): Promise<void> } {
  const webSockets = new WebSocketServer({
    server: httpServer,
    path: "/graphql",
    verifyClient: ({ req }: { req: IncomingMessage }) => originAllowed(req),
    maxPayload: maxMessageBytes,
  });
  const server = useServer<Record<string, unknown>, Extra>(
    {
      onConnect: async ({ connectionParams, extra }) => {
        const arrival = socketArrival(connectionParams, extra, pipeline.publicUrl);
        try {
          await pipeline.caller(arrival, 0);
        } catch (error) {
          if (!(error instanceof Refused)) throw error;
          extra.socket.close(CloseCode.Unauthorized, `Unauthorized: ${error.message}`.slice(0, 120));
          return false;
        }
        const left = arrival.authorization ? expiresIn(arrival.authorization) : null;
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
      onSubscribe: async (ctx, _id, payload) => {
        const arrival = socketArrival(ctx.connectionParams, ctx.extra, pipeline.publicUrl);
        try {
          const context = await pipeline.caller(arrival, 1);
          const admitted = pipeline.admit(payload, context, arrival);
          if (admitted instanceof Refused) return errorsOf(pipeline, admitted, arrival.requestId);
          const { graph, document, operation, variables } = admitted;
          const args: ExecutionArgs = {
            schema: graph.schema,
            document,
            variableValues: variables,
            contextValue: admitted,
          };
          return { ...args, operationName: operation.name?.value };
        } catch (error) {
          if (error instanceof Refused) return errorsOf(pipeline, error, arrival.requestId);
          throw error;
        }
      },
      execute: (args) => pipeline.execute(args.contextValue as Admitted) as never,
      subscribe: (args) => pipeline.execute(args.contextValue as Admitted) as never,
    },
    webSockets,
  );
  // A socket's 'error' is a client's breach of the protocol (a message over maxPayload, a bad
  // frame), which ws has already answered by closing with its code (1009, 1002); graphql-ws would
  // log each as an internal error with its stack, once per socket anyone opens.
  webSockets.on("connection", (socket) => socket.removeAllListeners("error").on("error", () => {}));
  return {
    dispose: async () => {
      await server.dispose();
      webSockets.close();
    },
  };
}
