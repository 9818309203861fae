import { readFileSync, unwatchFile, watchFile } from "node:fs";
import type { SupergraphSdlHook } from "@apollo/gateway";

/**
 * Serves the supergraph from a file and hands every changed version to the gateway, which
 * recomposes its query planner without a restart. A broken file is reported and the running
 * supergraph kept.
 */
export function supergraphFromFile(path: string, log: (message: string) => void, intervalMs = 500): SupergraphSdlHook {
  return async ({ update }) => {
    let current = readFileSync(path, "utf8");
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
        update(next);
        current = next;
        log(`supergraph: reloaded ${path}`);
      } catch (error) {
        log(`supergraph: ${path} was rejected (${(error as Error).message}); keeping the loaded one`);
      }
    };
    watchFile(path, { interval: intervalMs }, reload);
    return { supergraphSdl: current, cleanup: async () => unwatchFile(path, reload) };
  };
}
