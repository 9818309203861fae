import { pino, type DestinationStream, type Logger } from "pino";
import { build as prettyStream, prettyFactory, type PrettyOptions } from "pino-pretty";
import type { Actor } from "./actor.js";
import { readSettings } from "./settings.js";

export type { Logger };

/** The size of a batch of log lines once a process serves (`StandardOutput`). */
const BATCH_BYTES = 60 * 1024;

/**
 * Standard output for every logger of the process. Until the process serves, each line is
 * written at once (synchronously): start-up work such as seeding holds the event loop for
 * seconds, and `npm start` shows the services' start-up lines in time order only if none arrives
 * late. Once it serves (`announceServing`), lines leave in batches of 60 kB and at least every
 * 250 ms (and synchronously on exit): a write per line cost about 0.2 ms of CPU each, against
 * 0.085 ms in 4 kB batches; 60 kB batches took the gateway's CPU per single-subgraph request to
 * 0.89-0.94 × that of 4 kB (each write is a hand-off to libuv's thread pool and back). A SIGKILL
 * loses at most the last 250 ms of lines.
 */
class StandardOutput implements DestinationStream {
  private target = pino.destination({ dest: 1, sync: true, contentMode: "buffer" });
  private batched = false;

  /**
   * Lines go to sonic-boom as bytes (its types know only text): given text, it measures the whole
   * pending batch's bytes at every line, flattening it first, which was 3 % of the gateway's
   * profile on single-subgraph requests (2026-12-01); given bytes, it adds their length.
   */
  write(line: string): void {
    this.target.write(Buffer.from(line) as unknown as string);
  }

  flush(): void {
    this.target.flush();
  }

  inBatches(): void {
    if (this.batched) return;
    this.batched = true;
    const batched = pino.destination({
      dest: 1,
      minLength: BATCH_BYTES,
      maxWrite: BATCH_BYTES + 4096, // sonic-boom's default (16 kB) caps minLength below it
      sync: false,
      contentMode: "buffer",
    });
    setInterval(() => batched.flush(), 250).unref();
    this.target = batched;
  }
}

let stdout: StandardOutput | undefined;

/** Fields a person reading a terminal does not need on every line (they stay in the JSON). */
const QUIET_FIELDS = "pid,hostname,service,requestId,traceId,actor,operation,ms,errors,url";

/**
 * How a line reads on a terminal: time, level, `service: message`, and for an operation its
 * name, duration and error codes; other fields follow on the same line.
 */
const PRETTY: PrettyOptions = {
  translateTime: "SYS:HH:MM:ss",
  ignore: QUIET_FIELDS,
  singleLine: true,
  messageFormat: (log, messageKey) => {
    const service = String(log.service ?? "");
    const message = String(log[messageKey] ?? "");
    if (message === "operation") {
      const errors = Array.isArray(log.errors) ? ` ${log.errors.join(", ")}` : "";
      return `${service}: ${String(log.operation ?? "anonymous")} ${String(log.ms)} ms${errors}`;
    }
    return message.startsWith(`${service}:`) ? message : `${service}: ${message}`;
  },
};

/** Turns JSON log lines into terminal lines (`npm start` shows its services' logs with it). */
export function prettyLines(colorize: boolean): (line: string | object) => string {
  return prettyFactory({ ...PRETTY, colorize });
}

/** Whether logs go to the terminal as readable lines: `LOG_FORMAT=pretty`, or unset and stdout is a terminal. */
export function logsArePretty(env = process.env, terminal = Boolean(process.stdout.isTTY)): boolean {
  const format = readSettings(env).LOG_FORMAT;
  return format ? format === "pretty" : terminal;
}

/**
 * The services' logs: one JSON object per line on stdout (pino), with the service's name, or
 * readable lines on a terminal (see `logsArePretty`). `LOG_LEVEL` (default info; silent under
 * tests unless `TEST_LOG` is set). Lines carry ids, never a token or a customer's name; the
 * redaction is the safety net, not the method.
 */
export function createLogger(service: string, env = process.env, destination?: DestinationStream): Logger {
  const options = {
    base: { service },
    level: readSettings(env).LOG_LEVEL ?? (env.NODE_ENV === "test" && !env.TEST_LOG ? "silent" : "info"),
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        "authorization",
        "*.authorization",
        "token",
        "*.token",
        "connectionParams",
        "*.name",
        "*.realName",
        "*.accountName",
      ],
      censor: "[redacted]",
    },
  };
  // A silent logger (tests) writes nothing: no batching destination and no flush timer for it.
  if (destination || options.level === "silent") return pino(options, destination);
  // A person reads a terminal line by line: written as it comes, in order with the other services'.
  if (logsArePretty(env)) return pino(options, prettyStream({ ...PRETTY, sync: true, colorize: true }));
  return pino(options, (stdout ??= new StandardOutput()));
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

/**
 * The line a supervisor (npm start, the tests) waits for, written at once; from here on, lines
 * leave in batches (`StandardOutput`).
 */
export function announceServing(logger: Logger, service: string, url: string): void {
  logger.info({ url }, `${service}: serving ${url}`);
  logger.flush();
  stdout?.inBatches();
}
