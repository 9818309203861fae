import { describe, expect, it } from "vitest";
import { ruleOf } from "../helpers/refusal.js";
import { assertAccountAllowsDissociation } from "../../subgraphs/customers/dissociation.js";
import {
  assertMayFile,
  assertMayWithdraw,
  effectiveAtOf,
  type FilingFacts,
} from "../../subgraphs/customers/dissociationRequests.js";
import type { Customer } from "../../subgraphs/customers/entities/customer.js";
import { DissociationRequestStatus, DissociationSide } from "../../subgraphs/customers/entities/dissociationRequest.js";

const { PARTNER, CUSTOMER } = DissociationSide;
const NOW = "2026-11-30T12:00:00.000Z";
const free: FilingFacts = { pending: null, switchPending: false };

describe("filing a dissociation request", () => {
  it.each([
    ["nothing pending", PARTNER, free, null],
    [
      "a pending request of the same side",
      PARTNER,
      { ...free, pending: { filedBy: PARTNER, effectiveAt: NOW } },
      "dissociation-pending",
    ],
    [
      "a pending request of the other side",
      CUSTOMER,
      { ...free, pending: { filedBy: PARTNER, effectiveAt: NOW } },
      "dissociation-pending",
    ],
    ["a switch waiting for the customer, as the partner", PARTNER, { ...free, switchPending: true }, "switch-pending"],
    [
      "a switch waiting for the customer, as the customer",
      CUSTOMER,
      { ...free, switchPending: true },
      "switch-pending",
    ],
  ])("with %s: %s", (_, side, facts, rule) => {
    expect(ruleOf(() => assertMayFile(side, facts))).toBe(rule);
  });

  it("tells each side how to clear a pending switch", () => {
    const facts = { ...free, switchPending: true };
    expect(() => assertMayFile(PARTNER, facts)).toThrow(/cancelAssociationTypeSwitch/);
    expect(() => assertMayFile(CUSTOMER, facts)).toThrow(/respondToAssociationSwitch/);
  });

  it("takes effect exactly 7 days after filing", () => {
    expect(effectiveAtOf(Date.parse(NOW))).toBe("2026-12-07T12:00:00.000Z");
  });
});

describe("withdrawing a dissociation request", () => {
  it.each([
    [PARTNER, PARTNER, DissociationRequestStatus.PENDING, null],
    [CUSTOMER, CUSTOMER, DissociationRequestStatus.PENDING, null],
    [PARTNER, CUSTOMER, DissociationRequestStatus.PENDING, "filed-by-other-side"],
    [CUSTOMER, PARTNER, DissociationRequestStatus.PENDING, "filed-by-other-side"],
    [PARTNER, PARTNER, DissociationRequestStatus.EFFECTIVE, "request-decided"],
    [PARTNER, PARTNER, DissociationRequestStatus.CANCELLED, "request-decided"],
  ])("filed by %s, withdrawn by %s, %s: %s", (filedBy, side, status, rule) => {
    expect(ruleOf(() => assertMayWithdraw({ filedBy, status }, side))).toBe(rule);
  });
});

describe("account blockers", () => {
  const account = (facts: Partial<Customer>) =>
    ({ frozen: false, reservedInstancesUntil: null, enterpriseMembers: 0, ...facts }) as Customer;

  it.each([
    ["a clean account", {}, null],
    ["a frozen account", { frozen: true }, "customer-frozen"],
    [
      "reserved instances until after now",
      { reservedInstancesUntil: "2026-12-01T00:00:00.000Z" },
      "reserved-instances",
    ],
    ["reserved instances that ended before now", { reservedInstancesUntil: "2026-11-01T00:00:00.000Z" }, null],
    ["enterprise members", { enterpriseMembers: 1 }, "enterprise-members"],
  ])("%s at the given instant: %s", (_, facts, rule) => {
    expect(ruleOf(() => assertAccountAllowsDissociation(account(facts), NOW))).toBe(rule);
  });
});
