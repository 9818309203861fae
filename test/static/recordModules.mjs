// Preloaded into a process (`node --import`) to write, when it exits, every module it loaded:
// ES modules as the loader resolved them, CommonJS ones from require's cache.
import { createRequire, register } from "node:module";
import { writeFileSync } from "node:fs";
import { MessageChannel } from "node:worker_threads";

const loaded = new Set();
const { port1, port2 } = new MessageChannel();
port1.on("message", (url) => loaded.add(url));
port1.unref();
register("./recordModulesHooks.mjs", { parentURL: import.meta.url, data: { port: port2 }, transferList: [port2] });

process.on("exit", () => {
  const require = createRequire(import.meta.url);
  const all = [...loaded, ...Object.keys(require.cache)];
  writeFileSync(process.env.RECORD_MODULES_TO, JSON.stringify(all));
});
