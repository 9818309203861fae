import { describe, expect, it } from "vitest";
import { AssociationType } from "../../subgraphs/customers/entities/association.js";
import { SwitchRequestStatus } from "../../subgraphs/customers/entities/associationSwitchRequest.js";
import { assertNoOpenInvitation } from "../../subgraphs/customers/invitations.js";
import { assertMaySwitch, assertSwitchOpen } from "../../subgraphs/customers/switches.js";
import { ruleOf } from "../helpers/refusal.js";

const { RESALE, CONSULTING_SALES } = AssociationType;
const NOW = "2026-11-30T12:00:00.000Z";
const free = { currentType: CONSULTING_SALES, dissociationEffectiveAt: null, switchPending: false };

describe("requesting an association-type switch", () => {
  it.each([
    ["to the other type", RESALE, free, null],
    ["to the type it has", CONSULTING_SALES, free, "same-association-type"],
    ["while a dissociation is pending", RESALE, { ...free, dissociationEffectiveAt: NOW }, "dissociation-pending"],
    ["while another switch waits", RESALE, { ...free, switchPending: true }, "switch-pending"],
  ])("%s: %s", (_, target, facts, rule) => {
    expect(ruleOf(() => assertMaySwitch(target, facts))).toBe(rule);
  });
});

describe("deciding a switch request", () => {
  it.each([
    [SwitchRequestStatus.PENDING, "2026-12-01T00:00:00.000Z", null],
    [SwitchRequestStatus.PENDING, NOW, "request-expired"],
    [SwitchRequestStatus.APPROVED, "2026-12-01T00:00:00.000Z", "request-decided"],
    [SwitchRequestStatus.EXPIRED, "2026-11-01T00:00:00.000Z", "request-decided"],
  ])("%s, expiring %s: %s", (status, expiresAt, rule) => {
    expect(ruleOf(() => assertSwitchOpen({ status, expiresAt }, NOW))).toBe(rule);
  });
});

describe("inviting", () => {
  it("allows one open invitation of a partner per account", () => {
    expect(ruleOf(() => assertNoOpenInvitation(false))).toBeNull();
    expect(ruleOf(() => assertNoOpenInvitation(true))).toBe("invitation-pending");
  });
});
