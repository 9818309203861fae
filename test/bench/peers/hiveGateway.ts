import { createGatewayRuntime } from "@graphql-hive/gateway";
import { unifiedGraphHandler } from "@graphql-hive/router-runtime";
import { createServer } from "node:http";

/**
 * Hive Gateway (`@graphql-hive/gateway`) on the same supergraph, for the benchmarks, in its
 * fastest published form: the router runtime (`@graphql-hive/router-runtime`, Hive Router's
 * Rust planner and its executor) instead of the default stitching runtime. Otherwise default
 * settings; the only addition: the client's Authorization header (the bench sends a gateway
 * token) goes on to the subgraphs, which answer nothing without it.
 */
const gateway = createGatewayRuntime({
  supergraph: process.env.SUPERGRAPH_PATH!,
  unifiedGraphHandler,
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get("authorization") }),
  },
  logging: "error",
});
const server = createServer(gateway);
server.listen(Number(process.env.PORT), "127.0.0.1", () =>
  console.log(`hive-gateway: serving http://127.0.0.1:${process.env.PORT}/graphql`),
);
process.once("SIGTERM", () =>
  server.close(async () => {
    await gateway.dispose();
    process.exit(0);
  }),
);
