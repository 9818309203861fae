import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "../../common/paths.js";

let built: Promise<unknown> | undefined;

/**
 * vitest's global setup of the projects that run what `dist/` holds (processes, commands, the
 * playground, the gateway's module check): `npm run build` once per test run, which also
 * type-checks the whole tree (strict). The unit project needs none of it and starts at once.
 */
export default async function setup(): Promise<void> {
  built ??= promisify(execFile)("npm", ["run", "build", "--silent"], {
    cwd: PROJECT_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`npm run build failed:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
  });
  await built;
}
