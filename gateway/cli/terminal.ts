import type { Readable } from "node:stream";
import { createInterface } from "node:readline";
import { prettyLines } from "../../common/logger.js";

interface Line {
  time: number;
  text: string;
}

/** How long a line waits for the other services' lines of the same moment (their logs arrive in batches of 250 ms). */
const HOLD_MS = 300;

/**
 * What `npm start` shows of its services' logs. Readable (`pretty`): lines in time order across
 * the services as a person reads them; once the graph is up, one line per request (the
 * gateway's), the subgraphs' own operation lines left out, everything else kept. Otherwise the
 * JSON lines as they come, all of them.
 */
export class ServiceLogs {
  private readonly held: Line[] = [];
  private readonly pretty: ((line: string | object) => string) | undefined;
  private started = false;
  private readonly timer: NodeJS.Timeout;

  constructor(pretty: boolean) {
    this.pretty = pretty ? prettyLines(Boolean(process.stdout.isTTY)) : undefined;
    this.timer = setInterval(() => this.release(Date.now() - HOLD_MS), 100);
    this.timer.unref();
  }

  /** Reads a service's standard output (JSON lines) and standard error (shown at once). */
  follow(stdout: Readable, stderr: Readable): void {
    createInterface({ input: stdout }).on("line", (line) => this.take(line));
    createInterface({ input: stderr }).on("line", (line) => process.stderr.write(`${line}\n`));
  }

  /** Everything read so far, then the banner: from here on, one line per request. */
  up(banner: string): void {
    this.release(Infinity);
    process.stdout.write(`${banner}\n`);
    this.started = true;
  }

  private take(line: string): void {
    if (!this.pretty) return void process.stdout.write(`${line}\n`);
    let entry: { time?: string; service?: string; msg?: string; level?: number };
    try {
      entry = JSON.parse(line);
    } catch {
      return void process.stdout.write(`${line}\n`);
    }
    const request = entry.msg === "operation" && entry.service !== "gateway" && (entry.level ?? 30) < 40;
    if (this.started && request) return;
    this.held.push({ time: Date.parse(entry.time ?? "") || Date.now(), text: this.pretty(entry) });
  }

  private release(before: number): void {
    const due = this.held.filter((line) => line.time <= before).sort((a, b) => a.time - b.time);
    if (!due.length) return;
    this.held.splice(0, this.held.length, ...this.held.filter((line) => line.time > before));
    process.stdout.write(due.map((line) => line.text).join(""));
  }
}
