/**
 * Answers that are one subgraph's answer unchanged go out as the bytes that subgraph sent,
 * instead of the same JSON encoded again (JSON.stringify and UTF-8 of a page of customers, whose
 * names make it two-byte text, took 14 µs in a loop). The data source keeps the bytes of an
 * answer that holds `data` alone; `FederatedGraph.run` registers them for an answer the shaping
 * kept as it came from a plan of one fetch; the HTTP door looks them up.
 *
 * Subgraphs are trusted to write JSON as GraphQL servers' encoders do: a number spelled `1.0`,
 * or a key written twice, would reach the client as the subgraph wrote it.
 */
const unchanged = new WeakMap<object, Buffer>();

/** Whether a JSON object holds `data` and nothing else. */
export function holdsDataAlone(body: object): boolean {
  for (const key in body) if (key !== "data") return false;
  return true;
}

/** Records that an answer's `data` is, unchanged, that of the subgraph answer these bytes are. */
export function answeredUnchanged(data: object, bytes: Buffer): void {
  unchanged.set(data, bytes);
}

/** The subgraph's bytes of an answer that holds data alone and is a subgraph's answer unchanged. */
export function unchangedBytes(answer: object): Buffer | undefined {
  const { data } = answer as { data?: unknown };
  return data && typeof data === "object" && holdsDataAlone(answer) ? unchanged.get(data) : undefined;
}
