import { pino, type DestinationStream, type Logger } from "pino";
import type { Actor } from "./actor.js";

export type { Logger };

/**
 * The services' logs: one JSON object per line on stdout (pino), with the service's name.
 * `LOG_LEVEL` (default info; silent under tests unless `TEST_LOG` is set). Lines carry ids,
 * never a token or a customer's name; the redaction is the safety net, not the method.
 */
export function createLogger(service: string, env = process.env, destination?: DestinationStream): Logger {
  const options = {
    base: { service },
    level: env.LOG_LEVEL ?? (env.NODE_ENV === "test" && !env.TEST_LOG ? "silent" : "info"),
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ["authorization", "*.authorization", "token", "*.token", "connectionParams", "*.name", "*.realName", "*.accountName"], censor: "[redacted]" },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Who made a request, as ids only. */
export function actorFields(actor: Actor | undefined): Record<string, string> | undefined {
  if (!actor) return undefined;
  const fields: Record<string, string> = { role: actor.role };
  if ("partnerId" in actor && actor.partnerId) fields.partner = actor.partnerId;
  if ("staffId" in actor && actor.staffId) fields.staff = actor.staffId;
  if ("customerId" in actor && actor.customerId) fields.customer = actor.customerId;
  return fields;
}
