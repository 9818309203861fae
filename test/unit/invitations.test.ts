import { describe, expect, it } from "vitest";
import { ruleOf } from "../helpers/refusal.js";
import { InvitationStatus } from "../../subgraphs/customers/entities/invitation.js";
import { assertMayJoin, assertOpen, invitationCode, inviteeOf } from "../../subgraphs/customers/invitations.js";

const NOW = "2026-11-30T12:00:00.000Z";
const none = { associatedWith: null, reports: [], leftThisPartnerAt: null };

describe("who may join a partner by invitation", () => {
  it.each([
    ["an account with no partner", none, null],
    ["an account of this partner", { ...none, associatedWith: "p1" }, "already-associated"],
    ["an account of another partner", { ...none, associatedWith: "p2" }, "already-associated"],
    [
      "an account another partner reported",
      { ...none, reports: [{ partnerId: "p2", validUntil: "2027-01-01T00:00:00.000Z" }] },
      "reported-by-another-partner",
    ],
    [
      "an account this partner reported",
      { ...none, reports: [{ partnerId: "p1", validUntil: "2027-01-01T00:00:00.000Z" }] },
      null,
    ],
    ["a report that lapsed", { ...none, reports: [{ partnerId: "p2", validUntil: "2026-11-01T00:00:00.000Z" }] }, null],
    [
      "an account that left this partner 2 months ago",
      { ...none, leftThisPartnerAt: "2026-09-30T12:00:00.000Z" },
      "three-month-rule",
    ],
    [
      "an account that left this partner 3 months ago",
      { ...none, leftThisPartnerAt: "2026-08-30T12:00:00.000Z" },
      null,
    ],
  ])("%s: %s", (_, facts, rule) => {
    expect(ruleOf(() => assertMayJoin("p1", facts, NOW))).toBe(rule);
  });
});

describe("answering an invitation", () => {
  it.each([
    [InvitationStatus.PENDING, "2026-12-01T00:00:00.000Z", null],
    [InvitationStatus.PENDING, NOW, "invitation-expired"],
    [InvitationStatus.ACCEPTED, "2026-12-01T00:00:00.000Z", "invitation-decided"],
    [InvitationStatus.DECLINED, "2026-12-01T00:00:00.000Z", "invitation-decided"],
  ])("a %s invitation expiring at %s: %s", (storedStatus, expiresAt, rule) => {
    expect(ruleOf(() => assertOpen({ storedStatus, expiresAt }, NOW))).toBe(rule);
  });
});

describe("whom an invitation addresses", () => {
  it("takes an account name or an e-mail (lower-cased), exactly one", () => {
    expect(inviteeOf({ accountName: "shop_owner" })).toEqual({ accountName: "shop_owner", email: null });
    expect(inviteeOf({ email: " Owner@Example.CN " })).toEqual({ accountName: null, email: "owner@example.cn" });
    expect(ruleOf(() => inviteeOf({}))).toBe("BAD_USER_INPUT");
    expect(ruleOf(() => inviteeOf({ accountName: "shop_owner", email: "a@b.cn" }))).toBe("BAD_USER_INPUT");
    expect(ruleOf(() => inviteeOf({ accountName: "9lives" }))).toBe("BAD_USER_INPUT");
    expect(ruleOf(() => inviteeOf({ email: "nobody" }))).toBe("BAD_USER_INPUT");
  });

  it("gives codes of 8 unambiguous characters", () => {
    for (let i = 0; i < 100; i++) expect(invitationCode()).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  });
});
