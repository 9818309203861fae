import { describe, expect, it } from "vitest";
import { csvCell } from "../../subgraphs/billing/routes.js";

describe("CSV cells", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+86 571", "'+86 571"],
    ["-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\tsecret", "'\tsecret"],
  ])("neutralise %j, which a spreadsheet would run as a formula", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it("leave amounts numbers, negative ones too", () => {
    expect(csvCell("-12.50")).toBe("-12.50");
    expect(csvCell("1234.56")).toBe("1234.56");
  });

  it("quote a cell with a comma, a quote or a line break, doubling its quotes (RFC 4180)", () => {
    expect(csvCell("杭州, 西湖")).toBe('"杭州, 西湖"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\r\nlines")).toBe('"two\r\nlines"');
    expect(csvCell("=A1,B1")).toBe(`"'=A1,B1"`);
    expect(csvCell("plain")).toBe("plain");
  });
});
