/**
 * Answers that are one subgraph's answer unchanged go out as the bytes that subgraph sent,
 * instead of the same JSON encoded again (JSON.stringify and UTF-8 of a page of customers, whose
 * names make it two-byte text, took 14 µs in a loop). The data source keeps the bytes of an
 * answer that holds `data` alone; `FederatedGraph.run` registers them for an answer the shaping
 * kept as it came from a plan of one fetch; the HTTP door looks them up.
 *
 * Where the plan makes the subgraph's answer the client's as it stands (`answersVerbatim`), an
 * answer that plainly holds data alone is not even parsed: `verbatimAnswer` parses it only for a
 * door that reads its data (a batch, a socket, a stream), when it is first read. That trusts the
 * subgraph further: its values are not checked against the supergraph (an enum value, a null
 * where the supergraph says non-null), as they are when the shaping walks them. A subgraph
 * serves the schema the supergraph was composed from; one deployed ahead of it (a new enum
 * value, a field made nullable) reaches clients as it answers until the supergraph follows.
 *
 * Subgraphs are trusted to write JSON as GraphQL servers' encoders do: a number spelled `1.0`,
 * or a key written twice, would reach the client as the subgraph wrote it.
 */
const unchanged = new WeakMap<object, Buffer>();
/** The bytes of each answer `verbatimAnswer` made, by answer. */
const verbatim = new WeakMap<object, Buffer>();

const DATA_OPENING = Buffer.from('{"data":{');
const CLOSE = 0x7d;
const ERRORS = Buffer.from('"errors"');
const EXTENSIONS = Buffer.from('"extensions"');
const ESCAPE = Buffer.from("\\u");

/**
 * Whether an answer's bytes are `{"data":{…}}` and nothing else, read without parsing them (a
 * scan of the brackets in JS cost as much as the parse): it opens with `data`, ends with the two
 * closing braces (and white space), holds no `\u` escape (so no key is spelled with one), and
 * names no `errors` or `extensions` anywhere. Inside a JSON string a quote is escaped, so those
 * names can only be keys; a field of data named so makes the answer parsed instead. The GraphQL
 * spec allows no other key at the top of an answer; a subgraph that wrote one would pass it on.
 */
export function plainlyDataAlone(bytes: Buffer): boolean {
  let last = bytes.length - 1;
  while (last > 0 && bytes[last]! <= 0x20) last--;
  return (
    bytes[last] === CLOSE &&
    bytes[last - 1] === CLOSE &&
    bytes.subarray(0, DATA_OPENING.length).equals(DATA_OPENING) &&
    bytes.indexOf(ERRORS) < 0 &&
    bytes.indexOf(EXTENSIONS) < 0 &&
    bytes.indexOf(ESCAPE) < 0
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
  verbatim.set(answer, bytes);
  return answer;
}

/** Whether an answer is one `verbatimAnswer` made (its data not to be read unless a door needs it). */
export function isVerbatim(answer: object): boolean {
  return verbatim.has(answer);
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
  if (!holdsDataAlone(answer)) return undefined;
  // A verbatim answer's data is not read: that would parse it.
  const bytes = verbatim.get(answer);
  if (bytes) return bytes;
  const { data } = answer as { data?: unknown };
  return data && typeof data === "object" ? unchanged.get(data) : undefined;
}
