import { z } from "zod";

/** A value of a variable, checked against what may be written there (`allowed` says it in words). */
const written = (allowed: string, test: (value: string) => boolean) =>
  z.string().refine(test, { message: `must be ${allowed}` });

const positiveInteger = written("a positive integer", (v) => /^[1-9]\d*$/.test(v)).transform(Number);
const count = written("an integer of 0 or more", (v) => /^\d+$/.test(v)).transform(Number);
const port = written("a port number from 0 to 65535", (v) => /^\d+$/.test(v) && Number(v) <= 65_535).transform(Number);
const flag = written("true or false", (v) => v === "true" || v === "false").transform((v) => v === "true");
const text = written("a non-empty text", (v) => v.trim().length > 0);
const oneOf = <T extends string>(values: readonly T[]) =>
  written(`one of ${values.join(", ")}`, (v) => values.includes(v as T)).transform((v) => v as T);
const url = (protocols: string[]) =>
  written(`a URL starting ${protocols.map((p) => `${p}//`).join(" or ")}`, (v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  });
const origins = written("a comma-separated list of origins such as https://app.example.com, or *", (v) =>
  v.split(",").every((origin) => {
    const trimmed = origin.trim();
    if (trimmed === "*") return true;
    try {
      return new URL(trimmed).origin === trimmed;
    } catch {
      return false;
    }
  }),
).transform((v) => v.split(",").map((origin) => origin.trim()));

const subgraphUrl = url(["http:", "https:"]);

export const NODE_ENVIRONMENTS = ["production", "development", "test"] as const;
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
const SAMPLERS = [
  "always_on",
  "always_off",
  "traceidratio",
  "parentbased_always_on",
  "parentbased_always_off",
  "parentbased_traceidratio",
] as const;

/**
 * Every environment variable the graph reads, how it is written, and what it may be (README,
 * Configuration). Defaults belong to the modules that use a value; this says only what is
 * acceptable, so a bad value stops a process at its start instead of failing its requests.
 */
const SETTINGS = z.object({
  NODE_ENV: oneOf(NODE_ENVIRONMENTS).optional(),
  HOST: text.optional(),
  PORT: port.optional(),
  GATEWAY_PORT: port.optional(),
  PARTNERS_PORT: port.optional(),
  CUSTOMERS_PORT: port.optional(),
  BILLING_PORT: port.optional(),
  INCENTIVES_PORT: port.optional(),
  METRICS_PORT: port.optional(),
  GATEWAY_METRICS_PORT: port.optional(),
  PARTNERS_METRICS_PORT: port.optional(),
  CUSTOMERS_METRICS_PORT: port.optional(),
  BILLING_METRICS_PORT: port.optional(),
  INCENTIVES_METRICS_PORT: port.optional(),
  PARTNERS_URL: subgraphUrl.optional(),
  CUSTOMERS_URL: subgraphUrl.optional(),
  BILLING_URL: subgraphUrl.optional(),
  INCENTIVES_URL: subgraphUrl.optional(),
  SUBGRAPH_HEALTH_PATH: written("a path starting with /", (v) => /^\/\S*$/.test(v)).optional(),
  PARTNERS_DATABASE_URL: text.optional(),
  CUSTOMERS_DATABASE_URL: text.optional(),
  BILLING_DATABASE_URL: text.optional(),
  INCENTIVES_DATABASE_URL: text.optional(),
  DATABASE_URL: text.optional(),
  DATA_DIR: text.optional(),
  SUPERGRAPH_PATH: text.optional(),
  SEED_CUSTOMERS: positiveInteger.optional(),
  SEED_MONTHS: positiveInteger.optional(),
  SEED_UNTIL: written("a bill cycle written YYYY-MM", (v) => /^\d{4}-(0[1-9]|1[0-2])$/.test(v)).optional(),
  SEED: count.optional(),
  SEED_ON_START: flag.optional(),
  JWT_SECRET: text.optional(),
  JWKS_URL: url(["https:", "http:"]).optional(),
  JWT_ISSUER: text.optional(),
  JWT_AUDIENCE: text.optional(),
  GATEWAY_TOKEN_SECRET: text.optional(),
  AUTH_REQUIRED: flag.optional(),
  INTROSPECTION: flag.optional(),
  TRUSTED_DOCUMENTS: text.optional(),
  LIMIT_DEPTH: positiveInteger.optional(),
  LIMIT_ALIASES: positiveInteger.optional(),
  LIMIT_DIRECTIVES: positiveInteger.optional(),
  LIMIT_TOKENS: positiveInteger.optional(),
  LIMIT_COST: positiveInteger.optional(),
  LIMIT_BATCH: positiveInteger.optional(),
  LIMIT_BODY_BYTES: positiveInteger.optional(),
  RATE_LIMIT_PER_SECOND: written("a number of 0 or more (0 turns the limit off)", (v) => /^\d+(\.\d+)?$/.test(v))
    .transform(Number)
    .optional(),
  RATE_LIMIT_BURST: positiveInteger.optional(),
  GATEWAY_HEAP_MB: written("a number of megabytes of at least 64", (v) => /^\d+$/.test(v) && Number(v) >= 64)
    .transform(Number)
    .optional(),
  BACKGROUND_INTERVAL_MS: positiveInteger.optional(),
  APPROVAL_POLL_MS: positiveInteger.optional(),
  SUBGRAPH_TIMEOUT_MS: positiveInteger.optional(),
  SUBGRAPH_RETRIES: count.optional(),
  REDIS_URL: url(["redis:", "rediss:"]).optional(),
  CORS_ORIGINS: origins.optional(),
  PUBLIC_URL: url(["http:", "https:"]).optional(),
  LOG_LEVEL: oneOf(LOG_LEVELS).optional(),
  LOG_FORMAT: oneOf(["json", "pretty"] as const).optional(),
  QUERY_PLANNER: oneOf(["hive", "apollo"] as const).optional(),
  OTEL_TRACES_SAMPLER: oneOf(SAMPLERS).optional(),
  OTEL_TRACES_SAMPLER_ARG: written("a number from 0 to 1", (v) => /^\d+(\.\d+)?$/.test(v) && Number(v) <= 1).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: url(["http:", "https:"]).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url(["http:", "https:"]).optional(),
  OTEL_SERVICE_NAME: text.optional(),
});

export type Settings = z.infer<typeof SETTINGS>;

/** Variables with values that may not be used; each problem names the variable, its value and what is allowed. */
export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "SettingsError";
  }
}

/** The environment, parsed and checked: typed values of the variables that are set. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  // A variable set to nothing counts as unset, as shells and compose files often leave them.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const result = SETTINGS.safeParse(set);
  if (result.success) return result.data;
  throw new SettingsError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name}=${JSON.stringify(set[name])} ${issue.message}.`;
    }),
  );
}
