import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { readFileSync } from "node:fs";

/**
 * Stock Apollo Gateway on Apollo Server 5 with default settings, for the benchmarks. The only
 * addition: the client's Authorization header (the bench sends a gateway token) goes on to
 * the subgraphs, which answer nothing without it.
 */
process.env.APOLLO_TELEMETRY_DISABLED = "true";
const server = new ApolloServer({
  gateway: new ApolloGateway({
    supergraphSdl: readFileSync(process.env.SUPERGRAPH_PATH!, "utf8"),
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<{ authorization?: string }>({
        url,
        willSendRequest({ request, context }) {
          if (context.authorization) request.http?.headers.set("authorization", context.authorization);
        },
      }),
  }),
});
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT), host: "127.0.0.1" },
  context: async ({ req }) => ({ authorization: req.headers.authorization }),
});
console.log(`apollo-gateway: serving ${url}`);
process.once("SIGTERM", () => server.stop().then(() => process.exit(0)));
