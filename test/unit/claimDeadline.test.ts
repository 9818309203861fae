import { describe, expect, it } from "vitest";
import { claimDeadlineOf } from "../../subgraphs/incentives/claimDeadline.js";

describe("the claim deadline of an incentive notice", () => {
  it.each([
    ["2024-03-01T00:00:00.000Z", "2025-03-01T00:00:00.000Z"],
    ["2024-02-28T09:30:00.000Z", "2025-02-28T09:30:00.000Z"],
    // No 29 February in 2025: the last day of February, so never more than a year.
    ["2024-02-29T00:00:00.000Z", "2025-02-28T00:00:00.000Z"],
    ["2024-02-29T23:59:59.999Z", "2025-02-28T23:59:59.999Z"],
    // Into a leap year: a calendar year is 366 days here, where 365 would fall a day short.
    ["2023-03-01T00:00:00.000Z", "2024-03-01T00:00:00.000Z"],
    ["2023-02-28T12:00:00.000Z", "2024-02-28T12:00:00.000Z"],
    ["2025-12-31T23:00:00.000Z", "2026-12-31T23:00:00.000Z"],
  ])("of a notice at %s is %s", (notifiedAt, deadline) => {
    expect(claimDeadlineOf(notifiedAt)).toBe(deadline);
  });

  it("refuses what is not an instant", () => {
    expect(() => claimDeadlineOf("last spring")).toThrow(RangeError);
  });
});
