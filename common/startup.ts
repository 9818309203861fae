import { readSettings, SettingsError } from "./settings.js";
import { stopTracing } from "./tracing.js";

/** What a process is called in its one-line failures, and which variables set its ports. */
export interface ProcessName {
  name: string;
  portVariable?: string;
  metricsPortVariable?: string;
}

/**
 * Runs a process's start. A setting it cannot use stops it with one line per problem on
 * standard error, naming the variable, and exit code 1; so does a port another process holds.
 * Anything else is a bug: its stack is printed.
 */
export async function startProcess(process_: ProcessName, start: () => Promise<void>): Promise<void> {
  try {
    readSettings();
    await start();
  } catch (error) {
    for (const line of failureLines(process_, error)) console.error(`${process_.name}: ${line}`);
    process.exit(1);
  }
}

function failureLines({ portVariable, metricsPortVariable }: ProcessName, error: unknown): string[] {
  if (error instanceof SettingsError) return error.problems;
  const failure = error as NodeJS.ErrnoException & { port?: number; address?: string };
  if (failure.code === "EADDRINUSE") {
    const where = `port ${failure.port} on ${failure.address}`;
    const metricsPort = metricsPortVariable && process.env[metricsPortVariable];
    const variable = metricsPort && Number(metricsPort) === failure.port ? metricsPortVariable : portVariable;
    return [`${where} is in use by another process: stop it, or set ${variable ?? "the port"} to a free port.`];
  }
  return [String(failure.stack ?? failure)];
}

/**
 * Closes the process's server on SIGINT or SIGTERM, sends its last spans, and exits: 0 when it
 * closed cleanly, 1 otherwise. Called before the process says it serves, so that whoever waits
 * for that line may stop it at once.
 */
export function closeOnSignals(close: () => Promise<unknown>): void {
  const stop = () => {
    close()
      // The spans of the last requests leave before the process does.
      .then(() => stopTracing().catch(() => undefined))
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
