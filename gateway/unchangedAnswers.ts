/**
 * Answers that are one subgraph's answer unchanged go out as the bytes that subgraph sent,
 * instead of the same JSON encoded again (JSON.stringify and UTF-8 of a page of customers, whose
 * names make it two-byte text, took 14 µs in a loop). The data source keeps the bytes of an
 * answer that holds `data` alone; `FederatedGraph.run` registers them for an answer the shaping
 * kept as it came from a plan of one fetch; the HTTP door looks them up.
 *
 * Where the plan makes the subgraph's answer the client's as it stands (`answersVerbatim`), an
 * answer that plainly holds data alone is not even parsed: `verbatimAnswer` parses it only for a
 * door that reads its data (a batch, a socket, a stream), when it is first read.
 *
 * Subgraphs are trusted to write JSON as GraphQL servers' encoders do: a number spelled `1.0`,
 * or a key written twice, would reach the client as the subgraph wrote it.
 */
const unchanged = new WeakMap<object, Buffer>();

const DATA_OPENING = Buffer.from('{"data":{');

/**
 * Whether an answer's bytes hold an object of data and nothing else, read without parsing them: it
 * opens with `data` and names no `errors` or `extensions` anywhere (inside a JSON string a quote is
 * escaped, so these bytes can only be keys). A field of data named so makes it parsed instead.
 */
export function plainlyDataAlone(bytes: Buffer): boolean {
  return (
    bytes.subarray(0, DATA_OPENING.length).equals(DATA_OPENING) &&
    bytes.indexOf('"errors"') < 0 &&
    bytes.indexOf('"extensions"') < 0
  );
}

/** An answer that is these bytes of data alone: its `data` parsed when first read. */
export function verbatimAnswer(bytes: Buffer): { readonly data: Record<string, unknown> } {
  let data: Record<string, unknown> | undefined;
  const answer = {
    get data() {
      return (data ??= (JSON.parse(bytes.toString("utf8")) as { data: Record<string, unknown> }).data);
    },
  };
  unchanged.set(answer, bytes);
  return answer;
}

/** Whether an answer is one `verbatimAnswer` made (its data not to be read unless a door needs it). */
export function isVerbatim(answer: object): boolean {
  return unchanged.has(answer);
}

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
  const verbatim = unchanged.get(answer);
  if (verbatim) return verbatim;
  const { data } = answer as { data?: unknown };
  return data && typeof data === "object" && holdsDataAlone(answer) ? unchanged.get(data) : undefined;
}
