import { Kind } from "graphql";
import { describe, expect, it } from "vitest";
import { DateScalar, DateTimeScalar, DecimalScalar } from "../../common/scalars.js";
import { mask } from "../../subgraphs/customers/masking.js";

describe("scalars", () => {
  it("accepts calendar dates and refuses impossible ones", () => {
    expect(DateScalar.parseValue("2024-02-29")).toBe("2024-02-29");
    for (const bad of ["2026-02-29", "2026-13-01", "2026-1-01", "20260101", "2026-01-01T00:00:00Z", 20260101]) {
      expect(() => DateScalar.parseValue(bad)).toThrow(
        expect.objectContaining({ extensions: { code: "BAD_USER_INPUT" } }),
      );
    }
    expect(() => DateScalar.parseLiteral({ kind: Kind.INT, value: "1" }, {})).toThrow(/must be a string/);
  });

  it("normalises instants to UTC and refuses ones without a zone", () => {
    expect(DateTimeScalar.parseValue("2026-06-30T08:00:00+08:00")).toBe("2026-06-30T00:00:00.000Z");
    expect(DateTimeScalar.serialize(new Date(Date.UTC(2026, 0, 2)))).toBe("2026-01-02T00:00:00.000Z");
    expect(DateTimeScalar.serialize("2026-06-30T08:00:00.000Z")).toBe("2026-06-30T08:00:00.000Z");
    for (const bad of [
      "2026-06-30T08:00:00",
      "2026-06-31T08:00:00Z",
      "2026-02-29T00:00:00.000Z",
      "+012026-01-01T00:00:00.000Z",
      "yesterday",
    ]) {
      expect(() => DateTimeScalar.parseValue(bad)).toThrow();
      expect(() => DateTimeScalar.serialize(bad)).toThrow();
    }
  });

  it("keeps decimals as strings and refuses floats", () => {
    expect(DecimalScalar.parseValue("1234.56")).toBe("1234.56");
    expect(() => DecimalScalar.parseValue(12.5)).toThrow(/must be a string/);
    expect(() => DecimalScalar.parseLiteral({ kind: Kind.FLOAT, value: "12.5" }, {})).toThrow(/must be a string/);
    expect(() => DecimalScalar.parseValue("1,5")).toThrow();
  });
});

describe("masking", () => {
  it.each([
    ["杭州蓝海网络科技有限公司", "杭**********司"],
    ["王伟", "王*"],
    ["lanhai_tech_1a", "l************a"],
    ["x", "*"],
  ])("masks %s as %s", (value, masked) => {
    expect(mask(value)).toBe(masked);
  });
});
