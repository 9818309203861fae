import { readFileSync, unwatchFile, watchFile } from "node:fs";
import { SettingsError } from "../common/settings.js";

/**
 * Loads the supergraph from a file, then every changed version of it: `load` builds the graph
 * the gateway serves (a new query planner and schema, swapped in whole). A file that cannot be
 * read or built at start stops the start; later, a broken version is reported and the loaded
 * one kept. Returns how to stop watching.
 */
export function watchSupergraph(
  path: string,
  load: (supergraphSdl: string) => void,
  log: (message: string) => void,
  intervalMs = 500,
): () => void {
  let current: string;
  try {
    current = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new SettingsError([`SUPERGRAPH_PATH=${JSON.stringify(path)} cannot be read (${reason}).`]);
  }
  try {
    load(current);
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0];
    throw new SettingsError([`SUPERGRAPH_PATH=${JSON.stringify(path)} is not a valid supergraph (${reason}).`]);
  }
  const reload = () => {
    let next: string;
    try {
      next = readFileSync(path, "utf8");
    } catch (error) {
      log(`supergraph: cannot read ${path} (${(error as Error).message}); keeping the loaded one`);
      return;
    }
    if (next === current) return;
    try {
      load(next);
      current = next;
      log(`supergraph: reloaded ${path}`);
    } catch (error) {
      log(`supergraph: ${path} was rejected (${(error as Error).message}); keeping the loaded one`);
    }
  };
  watchFile(path, { interval: intervalMs }, reload);
  return () => unwatchFile(path, reload);
}
