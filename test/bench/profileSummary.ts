import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * `node dist/test/bench/profileSummary.js <dir> [top]`: what the V8 CPU profiles the bench
 * writes with `--profile <dir>` (one per process) spent their time on: self time per package
 * (node_modules package, "our code", node internals, GC, idle) and the top functions.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function lives: its npm package, our own code, or the engine. */
function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + "node_modules/".length).split("/");
    return scope!.startsWith("@") ? `${scope}/${name}` : scope!;
  }
  if (url.startsWith("node:")) return "node internals";
  return url.includes("/dist/") ? "our code" : url;
}

function summarize(profile: CpuProfile, top: number): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const pkg = packageOf(url, functionName);
    if (pkg !== "(idle)" && pkg !== "(program)") busy += micros;
    packages.set(pkg, (packages.get(pkg) ?? 0) + micros);
    const where = url ? `${url.replace(/^.*node_modules\//, "").replace(/^.*\/dist\//, "")}:${lineNumber + 1}` : "";
    const key = `${functionName || "(anonymous)"} ${where}`;
    functions.set(key, (functions.get(key) ?? 0) + micros);
  }
  const ms = (micros: number) => `${(micros / 1000).toFixed(0).padStart(7)} ms`;
  const share = (micros: number) => `${((micros / busy) * 100).toFixed(1).padStart(5)} %`;
  const sorted = (map: Map<string, number>) =>
    [...map]
      .filter(([name]) => name !== "(idle)")
      .sort((a, b) => b[1] - a[1])
      .slice(0, top);
  return [
    `busy ${ms(busy)}`,
    "  by package:",
    ...sorted(packages).map(([name, micros]) => `    ${ms(micros)} ${share(micros)}  ${name}`),
    "  top functions (self time):",
    ...sorted(functions).map(([name, micros]) => `    ${ms(micros)} ${share(micros)}  ${name}`),
  ];
}

const [dir, top = "15"] = process.argv.slice(2);
if (!dir) {
  console.error("usage: node dist/test/bench/profileSummary.js <profile dir> [top]");
  process.exit(2);
}
for (const file of readdirSync(dir)
  .filter((name) => name.endsWith(".cpuprofile"))
  .sort()) {
  console.log(`\n${file}`);
  for (const line of summarize(JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile, Number(top)))
    console.log(line);
}
