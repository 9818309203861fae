import DataLoader from "dataloader";

/**
 * DataLoader batch results must follow the order of the keys: these line rows up with keys.
 * One SQL statement per batch, whatever the number of keys (docs/architecture.md, Batching).
 */
export function inKeyOrder<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): (V | null)[] {
  const byKey = new Map<K, V>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return keys.map((key) => byKey.get(key) ?? null);
}

export function groupedInKeyOrder<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key)!);
}

/** A loader of one row per key: `load` fetches all keys' rows in one statement. */
export function rowLoader<K, V>(
  load: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => inKeyOrder(keys, await load(keys), keyOf));
}

/** A loader of all rows per key, e.g. a partner's memberships, in one statement. */
export function rowsLoader<K, V>(load: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => groupedInKeyOrder(keys, await load(keys), keyOf));
}

/** Runs `run` once, on first use, and hands every caller the same promise. */
export function memoized<V>(run: () => Promise<V>): () => Promise<V> {
  let value: Promise<V> | undefined;
  return () => (value ??= run());
}

/** One loader per distinct field arguments (pages of the same size and range batch together). */
export function perArguments<A, K, V>(
  make: (args: A) => DataLoader<K, V, string>,
): (args: A) => DataLoader<K, V, string> {
  const loaders = new Map<string, DataLoader<K, V, string>>();
  return (args) => {
    const key = JSON.stringify(args);
    let loader = loaders.get(key);
    if (!loader) loaders.set(key, (loader = make(args)));
    return loader;
  };
}
