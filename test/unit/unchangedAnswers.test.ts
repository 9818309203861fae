import { describe, expect, it } from "vitest";
import { plainlyDataAlone } from "../../gateway/unchangedAnswers.js";

/** The bytes of a subgraph answer that may go out unparsed: `{"data":{…}}` and nothing else. */
describe("plainlyDataAlone", () => {
  const alone = (text: string) => plainlyDataAlone(Buffer.from(text));

  it("takes an object of data alone, strings and brackets inside it as they are", () => {
    expect(alone('{"data":{}}')).toBe(true);
    expect(alone('{"data":{"a":[1,{"b":null}],"c":"}]\\"{","d":"\\\\"}}\n')).toBe(true);
    expect(alone('{"data":{"name":"上海 \\"云\\""}} ')).toBe(true);
  });

  it("refuses errors and extensions however spelled, any escaped key, any other opening or end", () => {
    for (const text of [
      '{"data":{"a":1},"errors":[]}',
      '{"data":{"a":1},"\\u0065rrors":[]}',
      '{"data":{"a":1},"extensions":{}}',
      '{"data":{"a":1},"debug":1}',
      // A field of data named so is taken for the key: the answer is parsed, as any other.
      '{"data":{"errors":1}}',
      '{"data":{"a":"\\u0041"}}',
      '{"data":{"a":1},"\\u0064ata":{}}',
      '{"data":{"a":1}}x',
      '{"data":{"a":1}',
      '{"data":null}',
      '{"errors":[],"data":{"a":1}}',
      '{ "data": {"a":1}}',
      '\ufeff{"data":{"a":1}}',
      "",
    ])
      expect(alone(text), text).toBe(false);
  });
});
