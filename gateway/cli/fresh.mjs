// Runs a built command (`node gateway/cli/fresh.mjs <dist script> [args]`), building first only
// when a source it is built from is newer than the build: `npm run token` answers in about a
// second instead of waiting for a build that has nothing to do.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const [script, ...args] = process.argv.slice(2);
const built = join(root, "dist", script);

/** The newest modification time of the TypeScript under these folders. */
function newestSource(folders) {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  folders.forEach((folder) => visit(join(root, folder)));
  return newest;
}

// When this launcher last built (tsc leaves files it had no reason to rewrite as they were).
const stamp = join(root, "dist", ".built-by-fresh");
const builtAt = existsSync(built) && existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (builtAt < newestSource(["common", "gateway", "subgraphs", "schema"])) {
  const build = spawnSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
  writeFileSync(stamp, new Date().toISOString());
}
const run = spawnSync(process.execPath, [built, ...args], { stdio: "inherit" });
process.exit(run.status ?? 1);
