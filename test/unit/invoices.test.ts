import { describe, expect, it } from "vitest";
import { refusal } from "../helpers/refusal.js";
import { Invoice, InvoiceStatus } from "../../subgraphs/billing/entities/invoice.js";
import {
  assertCycleEnded,
  assertDraft,
  assertOwing,
  checkCycle,
  draftChanges,
  taxIncluded,
} from "../../subgraphs/billing/invoices.js";

const invoice = (customerId: string, amountFen: bigint, status = InvoiceStatus.DRAFT) =>
  Object.assign(new Invoice(), { id: `inv-${customerId}`, customerId, amountFen, status, issuedAt: null });

describe("a resale invoice", () => {
  it("includes 6% VAT, half up to the fen", () => {
    expect(taxIncluded(106_000n)).toBe(6_000n);
    expect(taxIncluded(123_457n)).toBe(123_457n - 116_469n);
    expect(taxIncluded(1n)).toBe(0n);
    const row = Object.assign(new Invoice(), { amountFen: 106_000n, taxFen: 6_000n, taxRateBasisPoints: 600 });
    expect([row.amount.amount, row.tax.amount, row.amountExcludingTax.amount, row.taxRate]).toEqual([
      "1060.00",
      "60.00",
      "1000.00",
      "0.06",
    ]);
  });

  it("covers an ended bill cycle only", () => {
    expect(refusal(() => checkCycle("2026-13"))).toMatchObject({ code: "BAD_USER_INPUT", argument: "cycle" });
    expect(refusal(() => assertCycleEnded("2026-11", "2026-11-30T23:59:59.999Z"))).toMatchObject({
      rule: "cycle-not-ended",
    });
    expect(refusal(() => assertCycleEnded("2026-11", "2026-12-01T00:00:00.000Z"))).toBeNull();
  });

  it("is issued once, and only for something owed", () => {
    expect(refusal(() => assertDraft(invoice("a", 1n)))).toBeNull();
    expect(
      refusal(() => assertDraft({ status: InvoiceStatus.ISSUED, issuedAt: "2026-11-03T00:00:00.000Z" })),
    ).toMatchObject({ code: "PRECONDITION_FAILED", rule: "invoice-issued" });
    expect(refusal(() => assertOwing(0n))).toMatchObject({ rule: "nothing-to-invoice" });
  });

  it("is drafted per customer owing something, follows late lines while a draft, and never changes once issued", () => {
    const existing = [
      invoice("same", 100n),
      invoice("late", 100n),
      invoice("refunded", 100n),
      invoice("issued", 100n, InvoiceStatus.ISSUED),
    ];
    const changes = draftChanges(
      [
        { customerId: "same", amountFen: 100n },
        { customerId: "late", amountFen: 150n },
        { customerId: "refunded", amountFen: 0n },
        { customerId: "issued", amountFen: 999n },
        { customerId: "new", amountFen: 42n },
        { customerId: "credit", amountFen: -5n },
      ],
      existing,
    );
    expect(changes.create).toEqual([{ customerId: "new", amountFen: 42n }]);
    expect(changes.update).toEqual([{ invoice: existing[1], amountFen: 150n }]);
    expect(changes.remove).toEqual([existing[2]]);
  });
});
