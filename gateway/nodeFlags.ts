import { readSettings } from "../common/settings.js";

/**
 * Node flags the gateway process runs with (`npm start` and the benchmarks). Under load V8
 * grows the old generation lazily, to 350 MB and more, though the live heap stays far below;
 * a 160 MB old generation keeps the gateway under 200 MB resident at the same throughput
 * (BENCHMARKS.md). `GATEWAY_HEAP_MB` changes it.
 */
export function gatewayNodeFlags(env = process.env): string[] {
  return [`--max-old-space-size=${readSettings(env).GATEWAY_HEAP_MB ?? 160}`];
}
