import { describe, expect, it } from "vitest";
import { divideHalfUp, incentiveAmounts, lastDayOf, type TaxRateRow } from "../../subgraphs/common/tax.js";

const RATES: TaxRateRow[] = [
  { taxpayerType: "PLATFORM", basisPoints: 600, effectiveFrom: "2016-05-01", effectiveTo: null },
  { taxpayerType: "GENERAL", basisPoints: 600, effectiveFrom: "2016-05-01", effectiveTo: null },
  { taxpayerType: "SMALL_SCALE", basisPoints: 300, effectiveFrom: "2014-01-01", effectiveTo: "2020-02-29" },
  { taxpayerType: "SMALL_SCALE", basisPoints: 100, effectiveFrom: "2020-03-01", effectiveTo: "2027-12-31" },
];

describe("incentive tax amounts", () => {
  it.each([
    // notice, period, taxpayer, tax-exclusive, invoice
    ["10600.00", "2019-06", "GENERAL", "10000.00", "10600.00"],
    ["10600.00", "2019-06", "SMALL_SCALE", "10000.00", "10300.00"],
    ["10600.00", "2021-06", "SMALL_SCALE", "10000.00", "10100.00"],
    ["1234.57", "2019-06", "SMALL_SCALE", "1164.69", "1199.63"],
    ["1234.57", "2022-01", "SMALL_SCALE", "1164.69", "1176.34"],
    ["1234.57", "2022-01", "GENERAL", "1164.69", "1234.57"],
    ["0.01", "2022-01", "SMALL_SCALE", "0.01", "0.01"],
    ["99999.99", "2020-02", "SMALL_SCALE", "94339.61", "97169.80"],
    ["99999.99", "2020-03", "SMALL_SCALE", "94339.61", "95283.01"],
  ] as const)(
    "%s of %s for a %s taxpayer: tax-exclusive %s, invoice %s",
    (notice, period, taxpayer, taxExclusive, invoice) => {
      const fen = (text: string) => BigInt(text.replace(".", ""));
      const amounts = incentiveAmounts(fen(notice), period, taxpayer, RATES);
      expect(amounts.taxExclusive).toBe(fen(taxExclusive));
      expect(amounts.invoice).toBe(fen(invoice));
    },
  );

  it("takes the rate in force on the period's last day", () => {
    expect(lastDayOf("2020-02")).toBe("2020-02-29");
    expect(lastDayOf("2021-12")).toBe("2021-12-31");
    expect(() => incentiveAmounts(100n, "2013-01", "SMALL_SCALE", RATES)).toThrow(/No PLATFORM tax rate/);
  });

  it("rounds half up", () => {
    expect(divideHalfUp(5n, 10n)).toBe(1n);
    expect(divideHalfUp(4n, 10n)).toBe(0n);
    expect(divideHalfUp(15n, 10n)).toBe(2n);
  });
});
