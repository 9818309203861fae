import { join } from "node:path";
import { gatewayTokenSecret } from "../common/gatewayToken.js";
import { PROJECT_ROOT } from "../common/paths.js";
import { subgraphUrlsFromEnv } from "../common/services.js";
import { authConfigFromEnv } from "./auth.js";
import { createGateway } from "./createGateway.js";
import { subgraphCallsFromEnv } from "./subgraphFetcher.js";
import { createLogger } from "../common/logger.js";
import { limitsFromEnv } from "./limits.js";
import { rateLimitFromEnv } from "./rateLimit.js";
import { loadTrustedDocuments } from "./documents.js";

/** Starts the gateway from the environment (see README, Configuration). */
const env = process.env;
const logger = createLogger("gateway");
const gateway = await createGateway({
  supergraphPath: env.SUPERGRAPH_PATH ?? join(PROJECT_ROOT, "schema", "supergraph.graphql"),
  subgraphUrls: subgraphUrlsFromEnv(env),
  port: Number(env.GATEWAY_PORT ?? env.PORT ?? 4000),
  host: env.HOST ?? "127.0.0.1",
  auth: authConfigFromEnv(env),
  gatewayTokenSecret: gatewayTokenSecret(env),
  limits: limitsFromEnv(env),
  rateLimit: rateLimitFromEnv(env),
  redisUrl: env.REDIS_URL,
  introspection: env.INTROSPECTION ? env.INTROSPECTION === "true" : undefined,
  trustedDocuments: env.TRUSTED_DOCUMENTS ? loadTrustedDocuments(env.TRUSTED_DOCUMENTS) : undefined,
  subgraphCalls: subgraphCallsFromEnv(env),
  logger,
});
logger.info({ url: gateway.graphqlUrl }, `gateway: serving ${gateway.graphqlUrl}`);
logger.flush(); // whoever waits for this line (a supervisor, the tests) sees it now
const stop = () => {
  gateway.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
