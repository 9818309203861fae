import type { GraphQLError } from "graphql";
import type { EntityManager } from "typeorm";
import { badUserInput } from "../../common/errors.js";
import { fenOf, formatMinor } from "../common/money.js";
import { serialiseOn } from "../common/database.js";
import { addToConsumptionDay } from "./consumptionDays.js";
import {
  BillDetailType,
  type ChargingMode,
  ConsumptionRecord,
  FundingSource,
  Payer,
  type PaymentMethod,
} from "./entities/consumptionRecord.js";
import { CustomerBalance } from "./entities/customerBalance.js";
import { Invoice, InvoiceStatus } from "./entities/invoice.js";
import { PartnerAccount } from "./entities/partnerAccount.js";
import { refuse } from "./rules.js";

/**
 * Who pays a consumption line (docs/domain.md, Who pays), as plain functions of the line so the
 * rules read and test without GraphQL or a database. The platform's billing decides the payer
 * and the funding source when it charges; billing records the line and moves the partner's
 * money it names, once (`recordLine`, in the caller's transaction).
 */

export interface LineAmounts {
  /** The platform's id of the line. */
  id: string;
  officialAmount: string;
  discountAmount?: string | null;
  billDetailType: BillDetailType;
  tradeTime: string;
  payer?: Payer | null;
  fundingSource?: FundingSource | null;
}

/** The whole line as the platform's billing sends it (the GraphQL input). */
export interface LineInput extends LineAmounts {
  partnerId: string;
  customerId: string;
  tradeId: string;
  serviceType: string;
  resourceId?: string | null;
  chargingMode: ChargingMode;
  paymentMethod: PaymentMethod;
}

export interface CheckedLine {
  billCycle: string;
  tradeTime: string;
  officialFen: bigint;
  discountFen: bigint;
  amountFen: bigint;
  payer: Payer;
  fundingSource: FundingSource | null;
}

/** Which of the partner's balances a line draws on; negative fen (a refund) gives back. */
export type Debit = { from: "partner-cash" | "allocated-funds"; fen: bigint } | null;

const INSTANT = /^\d{4}-(0[1-9]|1[0-2])-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

function amountOf(argument: string, value: string): bigint {
  try {
    return fenOf(value);
  } catch {
    throw badUserInput(
      argument,
      `${argument} must be an amount with at most 2 decimals, e.g. "12.30"; got "${value}".`,
    );
  }
}

export function checkLine(input: LineAmounts): CheckedLine {
  if (!/^[\x21-\x7e]{1,36}$/.test(input.id))
    throw badUserInput("input.id", "input.id must be the platform's line id: 1 to 36 printable ASCII characters.");
  if (!INSTANT.test(input.tradeTime) || Number.isNaN(Date.parse(input.tradeTime)))
    throw badUserInput("input.tradeTime", `input.tradeTime must be a UTC instant such as "2026-11-03T08:00:00Z".`);
  const tradeTime = new Date(input.tradeTime).toISOString();
  const officialFen = amountOf("input.officialAmount", input.officialAmount);
  const discountFen = amountOf("input.discountAmount", input.discountAmount ?? "0");
  // Refunds are the only negative lines, and a discount never exceeds what it discounts.
  const refund = input.billDetailType === BillDetailType.REFUND;
  if (refund ? officialFen >= 0n || discountFen > 0n : officialFen < 0n || discountFen < 0n)
    throw badUserInput(
      "input.officialAmount",
      "A REFUND line has a negative official amount and a discount of 0 or less; every other line non-negative amounts.",
    );
  if (refund ? discountFen < officialFen : discountFen > officialFen)
    throw badUserInput("input.discountAmount", "input.discountAmount cannot exceed input.officialAmount.");
  const payer = input.payer ?? Payer.CUSTOMER;
  const fundingSource = input.fundingSource ?? null;
  // A funding source marks a resale line; the partner pays on behalf of consulting-sales customers only.
  if (payer === Payer.PARTNER && fundingSource)
    throw refuse(
      "partner-pays-consulting-sales-only",
      "A partner pays on behalf of consulting-sales customers only; a resale customer's line names its funding source and payer CUSTOMER.",
    );
  return {
    billCycle: tradeTime.slice(0, 7),
    tradeTime,
    officialFen,
    discountFen,
    amountFen: officialFen - discountFen,
    payer,
    fundingSource,
  };
}

/** A partner-paid line comes out of the partner's cash; an allocated-funds line out of the customer's allocation. */
export function debitOf(line: Pick<CheckedLine, "payer" | "fundingSource" | "amountFen">): Debit {
  if (line.payer === Payer.PARTNER) return { from: "partner-cash", fen: line.amountFen };
  if (line.fundingSource === FundingSource.ALLOCATED_FUNDS) return { from: "allocated-funds", fen: line.amountFen };
  return null;
}

/** An issued invoice is final: the cycle's lines of that customer cannot change under it. */
export function assertCycleNotInvoiced(issued: { billCycle: string } | null): void {
  if (issued)
    throw refuse(
      "cycle-invoiced",
      `The partner already issued this customer's invoice for ${issued.billCycle}; a late line belongs to the next cycle.`,
    );
}

/** A partner-paid line needs the partner's allocatable cash; the platform then charges the customer instead. */
export const partnerPaidLineRefused = (): GraphQLError =>
  refuse(
    "insufficient-partner-funds",
    "The partner's allocatable cash does not cover this partner-paid line; the platform charges the customer instead.",
  );

/** An allocated-funds line needs that much of the customer's allocation left. */
export const allocatedLineRefused = (balance: Pick<CustomerBalance, "allocated"> | null, fen: bigint): GraphQLError =>
  refuse(
    "insufficient-allocated-funds",
    `The customer has ${formatMinor(balance?.allocated ?? 0n)} yuan of allocated funds left; the line needs ${formatMinor(fen)}.`,
  );

/** Conditional UPDATEs: a debit never overdraws, whatever recovers or consumes at the same time. */
async function draw(
  tx: EntityManager,
  debit: NonNullable<Debit>,
  partnerId: string,
  customerId: string,
): Promise<void> {
  // A bigint parameter (a text one compares as text with an SQLite expression); the literal in parentheses for refunds' negatives.
  const { fen } = debit;
  if (debit.from === "partner-cash") {
    const paid = await tx
      .createQueryBuilder()
      .update(PartnerAccount)
      .set({ cash: () => `cash - (${fen})` })
      .where("partner_id = :partnerId AND cash - ring_fenced >= :fen", { partnerId, fen })
      .execute();
    if (!paid.affected) throw partnerPaidLineRefused();
    return;
  }
  const spent = await tx
    .createQueryBuilder()
    .update(CustomerBalance)
    .set({ allocated: () => `allocated - (${fen})`, updatedAt: new Date().toISOString() })
    .where("customer_id = :customerId AND partner_id = :partnerId AND allocated >= :fen", {
      customerId,
      partnerId,
      fen,
    })
    .execute();
  if (!spent.affected)
    throw allocatedLineRefused(await tx.getRepository(CustomerBalance).findOneBy({ customerId, partnerId }), fen);
}

/** Records a checked line: not into an invoiced cycle, drawing the partner's money it names, rolled up into its day. */
export async function recordLine(tx: EntityManager, input: LineInput, line: CheckedLine): Promise<ConsumptionRecord> {
  // Issuing the cycle's invoice waits for this line, or this line sees it issued: never a line after the invoice.
  await serialiseOn(tx, invoiceKey(input.partnerId, input.customerId, line.billCycle));
  assertCycleNotInvoiced(
    await tx.getRepository(Invoice).findOneBy({
      partnerId: input.partnerId,
      customerId: input.customerId,
      billCycle: line.billCycle,
      status: InvoiceStatus.ISSUED,
    }),
  );
  const debit = debitOf(line);
  if (debit) await draw(tx, debit, input.partnerId, input.customerId);
  const record = tx.getRepository(ConsumptionRecord).create({
    id: input.id,
    partnerId: input.partnerId,
    customerId: input.customerId,
    tradeId: input.tradeId.slice(0, 40),
    serviceType: input.serviceType.slice(0, 20),
    resourceType: `${input.serviceType.toLowerCase()}`.slice(0, 40),
    resourceId: (input.resourceId ?? "").slice(0, 40),
    resourceName: (input.resourceId ?? input.serviceType).slice(0, 64),
    region: "",
    chargingMode: input.chargingMode,
    billDetailType: input.billDetailType,
    paymentMethod: input.paymentMethod,
    ...line,
  });
  await tx.getRepository(ConsumptionRecord).insert(record);
  await addToConsumptionDay(tx, record);
  return record;
}

/** What a line and the issuing of its customer's invoice for the cycle serialise on. */
export const invoiceKey = (partnerId: string, customerId: string, cycle: string) =>
  `invoice:${partnerId}:${customerId}:${cycle}`;
