import { describe, expect, it } from "vitest";
import { formatMinor, minor, money, parseAmount } from "../../subgraphs/common/money.js";
import { summarize } from "../../subgraphs/billing/resolvers/consumptionSummary.js";
import { Random } from "../../common/random.js";

describe("money", () => {
  it.each([
    [0n, "0.00"],
    [5n, "0.05"],
    [-5n, "-0.05"],
    [123456n, "1234.56"],
    [-100n, "-1.00"],
    [900719925474099312n, "9007199254740993.12"],
  ])("formats %s fen as %s yuan", (fen, yuan) => {
    expect(formatMinor(fen)).toBe(yuan);
  });

  it("reads what drivers return (number, numeric string, bigint) exactly, and refuses a float", () => {
    expect(minor(12)).toBe(12n);
    expect(minor("9007199254740993")).toBe(9007199254740993n);
    expect(minor(null)).toBe(0n);
    expect(() => minor(0.1)).toThrow(/not an exact integer/);
    expect(money("123")).toEqual({ amount: "1.23", currency: "CNY" });
  });

  it.each([
    ["100", 10000n],
    ["100.5", 10050n],
    ["0.01", 1n],
    ["1234567.89", 123456789n],
  ])("parses the amount %s exactly", (text, fen) => {
    expect(parseAmount("amount", text)).toBe(fen);
  });

  it.each(["0", "0.00", "-1", "1.234", "1e3", "12,00", "", " 1", "1.", "NaN"])(
    "refuses %j as an amount, naming the argument",
    (text) => {
      expect(() => parseAmount("input.amount", text)).toThrow(
        expect.objectContaining({
          extensions: expect.objectContaining({ code: "BAD_USER_INPUT", argument: "input.amount" }),
        }),
      );
    },
  );

  it("sums thousands of amounts exactly where floats drift", () => {
    const random = new Random("sum");
    const groups = Array.from({ length: 5000 }, (_, i) => ({
      billCycle: `2026-0${(i % 9) + 1}`,
      serviceType: ["ECS", "OBS", "RDS"][i % 3]!,
      amount: random.int(-5000, 900_000),
      official: random.int(0, 1_000_000),
      discount: random.int(0, 50_000),
    }));
    const exact = groups.reduce((sum, g) => sum + BigInt(g.amount), 0n);
    const summary = summarize(
      groups,
      { from: "2026-01-01", to: "2026-09-30", countedFrom: "2026-01-01T00:00:00.000Z" },
      groups,
    );
    expect(summary.total.amount).toBe(formatMinor(exact));
    const byMonth = summary.byMonth.reduce((sum, m) => sum + BigInt(m.amount.amount.replace(".", "")), 0n);
    expect(byMonth).toBe(exact);
    expect(summary.byMonth.map((m) => m.billCycle)).toEqual([...summary.byMonth.map((m) => m.billCycle)].sort());
  });

  it("refuses a breakdown of a summary read as sums only, rather than answering an empty one", () => {
    const summary = summarize(
      [{ amount: 1234, official: 1500, discount: 266 }],
      { from: "2026-01-01", to: "2026-01-31", countedFrom: "2026-01-01T00:00:00.000Z" },
      null,
    );
    expect(summary.total.amount).toBe("12.34");
    expect(() => summary.byMonth).toThrow(/breakdown/);
    expect(() => summary.byServiceType).toThrow(/breakdown/);
  });
});
