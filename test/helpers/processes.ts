import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../common/paths.js";

/**
 * A port nobody listens on, for a server started a moment later. Chosen below Linux's
 * ephemeral range (32768-60999): a port the kernel handed out would soon be handed out again,
 * as the local end of an outgoing connection (PostgreSQL clients open many), and the server
 * would then find it taken.
 */
const handedOut = new Set<number>();

export async function freePort(): Promise<number> {
  // Each vitest worker its own block of 2,000 ports: two test files running at once never
  // pick the same free port in the moment before one of them listens on it.
  const block = Number(process.env.VITEST_POOL_ID ?? 0) % 6;
  for (;;) {
    const port = 20_000 + block * 2_000 + Math.floor(Math.random() * 2_000);
    // Nor does this process hand out a port twice: a graph's ports are all picked before any
    // of its servers listens, so "free right now" alone let two of them draw the same one.
    if (handedOut.has(port)) continue;
    const server = createServer();
    const free = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => resolve(true));
    });
    if (free) {
      await new Promise((resolve) => server.close(resolve));
      handedOut.add(port);
      return port;
    }
  }
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a built script (`npm test` builds first) to its end. */
export function runScript(script: string, args: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, "dist", script), ...args], {
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Starts a built script and resolves once its output matches `ready`. With `logFile` its
 * output goes to that file instead of a pipe to this process (the benchmarks: a busy reader
 * would make a service that logs every request wait on its pipe, and measure the reader).
 */
export function startScript(
  script: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 90_000,
  nodeArgs: string[] = [],
  logFile?: string,
): Promise<{ child: ChildProcess; output: () => string }> {
  const log = logFile ? openSync(logFile, "a") : null;
  const child = spawn(process.execPath, [...nodeArgs, join(PROJECT_ROOT, "dist", script)], {
    env: { ...process.env, ...env },
    stdio: log === null ? "pipe" : ["ignore", log, log],
  });
  if (log !== null) closeSync(log);
  // The last 100 kB of its output, as chunks: a running service logs a line per operation,
  // and copying a growing string per line would cost this process real CPU.
  const chunks: string[] = [];
  let size = 0;
  const output = () => (logFile ? readFileSync(logFile, "utf8").slice(-100_000) : chunks.join(""));
  let started = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      reject(new Error(`not ready in ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
    const check = () => {
      if (started || !ready.test(output())) return;
      started = true;
      clearTimeout(timer);
      clearInterval(poll);
      resolve({ child, output });
    };
    // A log file is read until the line appears; piped output is checked as it comes.
    const poll = logFile ? setInterval(check, 100) : undefined;
    const read = (chunk: Buffer) => {
      chunks.push(chunk.toString());
      size += chunk.length;
      while (size > 100_000 && chunks.length > 1) size -= chunks.shift()!.length;
      check();
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", (code) => {
      clearInterval(poll);
      reject(new Error(`exited with ${code} before it was ready:\n${output()}`));
    });
  });
}

/** Stops a process: SIGTERM (it drains), SIGKILL after 5 s. Paused (SIGSTOP) processes are woken first. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGCONT");
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}
