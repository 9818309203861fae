import { join } from "node:path";
import { gatewayTokenSecret } from "../common/gatewayToken.js";
import { announceServing, createLogger } from "../common/logger.js";
import { PROJECT_ROOT } from "../common/paths.js";
import { subgraphUrlsFromEnv } from "../common/services.js";
import { readSettings } from "../common/settings.js";
import { closeOnSignals, startProcess } from "../common/startup.js";
import { authConfigFromEnv } from "./auth.js";
import { createGateway } from "./createGateway.js";
import { loadTrustedDocuments } from "./documents.js";
import { limitsFromEnv } from "./limits.js";
import { rateLimitFromEnv } from "./rateLimit.js";
import { subgraphCallsFromEnv } from "./subgraphFetcher.js";

/** Starts the gateway from the environment (see README, Configuration). */
const metricsPortVariable = process.env.GATEWAY_METRICS_PORT ? "GATEWAY_METRICS_PORT" : "METRICS_PORT";
await startProcess({ name: "gateway", portVariable: "GATEWAY_PORT", metricsPortVariable }, async () => {
  const env = process.env;
  const settings = readSettings(env);
  const logger = createLogger("gateway");
  const gateway = await createGateway({
    supergraphPath: settings.SUPERGRAPH_PATH ?? join(PROJECT_ROOT, "schema", "supergraph.graphql"),
    subgraphUrls: subgraphUrlsFromEnv(env),
    subgraphHealthPath: settings.SUBGRAPH_HEALTH_PATH,
    port: settings.GATEWAY_PORT ?? settings.PORT ?? 4000,
    host: settings.HOST ?? "127.0.0.1",
    metricsPort: settings.GATEWAY_METRICS_PORT ?? settings.METRICS_PORT,
    auth: authConfigFromEnv(env),
    gatewayTokenSecret: gatewayTokenSecret(env),
    limits: limitsFromEnv(env),
    rateLimit: rateLimitFromEnv(env),
    redisUrl: settings.REDIS_URL,
    introspection: settings.INTROSPECTION,
    trustedDocuments: settings.TRUSTED_DOCUMENTS ? loadTrustedDocuments(settings.TRUSTED_DOCUMENTS) : undefined,
    subgraphCalls: subgraphCallsFromEnv(env),
    corsOrigins: settings.CORS_ORIGINS,
    publicUrl: settings.PUBLIC_URL,
    queryPlanner: settings.QUERY_PLANNER,
    logger,
  });
  closeOnSignals(gateway.close);
  if (gateway.metricsUrl) logger.info({ url: gateway.metricsUrl }, `gateway: metrics at ${gateway.metricsUrl}/metrics`);
  announceServing(logger, "gateway", gateway.graphqlUrl);
});
