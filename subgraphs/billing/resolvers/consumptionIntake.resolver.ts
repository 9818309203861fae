import { Arg, Ctx, Directive, Field, ID, InputType, Mutation, Resolver } from "type-graphql";
import type { EntityManager } from "typeorm";
import type { SubgraphContext } from "../../common/context.js";
import { forbidden } from "../../../common/errors.js";
import { formatMinor } from "../../common/money.js";
import { DecimalScalar } from "../../../common/scalars.js";
import { addToConsumptionDay } from "../consumptionDays.js";
import { assertCycleNotInvoiced, checkLine, debitOf, type Debit } from "../consumptionLines.js";
import {
  BillDetailType,
  ChargingMode,
  ConsumptionRecord,
  FundingSource,
  Payer,
  PaymentMethod,
} from "../entities/consumptionRecord.js";
import { CustomerBalance } from "../entities/customerBalance.js";
import { Invoice, InvoiceStatus } from "../entities/invoice.js";
import { PartnerAccount } from "../entities/partnerAccount.js";
import { once } from "../idempotency.js";
import { refuse } from "../rules.js";

@Directive("@inaccessible")
@InputType({ description: "One consumption line as the platform's billing charged it." })
export class ConsumptionLineInput {
  @Field(() => ID, { description: "The platform's id of the line; sending it again records nothing twice." })
  id!: string;

  @Field(() => ID, { description: "The partner the customer is associated with." })
  partnerId!: string;

  @Field(() => ID, { description: "The customer that consumed." })
  customerId!: string;

  @Field(() => String, { description: "When it was charged, a UTC instant; its month is the bill cycle." })
  tradeTime!: string;

  @Field(() => String, { description: "The platform's trade (order or usage) id." })
  tradeId!: string;

  @Field(() => String, { description: "Cloud service type, e.g. ECS." })
  serviceType!: string;

  @Field(() => String, { nullable: true, description: "Resource id." })
  resourceId?: string | null;

  @Field(() => ChargingMode, { description: "How the resource is charged." })
  chargingMode!: ChargingMode;

  @Field(() => BillDetailType, { description: "What the line was for." })
  billDetailType!: BillDetailType;

  @Field(() => DecimalScalar, { description: "Amount at list prices, yuan; negative for a refund." })
  officialAmount!: string;

  @Field(() => DecimalScalar, { nullable: true, description: "Discount, yuan (default 0)." })
  discountAmount?: string | null;

  @Field(() => PaymentMethod, { description: "How it was paid." })
  paymentMethod!: PaymentMethod;

  @Field(() => Payer, { nullable: true, description: "Who paid (default CUSTOMER)." })
  payer?: Payer | null;

  @Field(() => FundingSource, {
    nullable: true,
    description: "What a resale line was paid from; null for consulting sales.",
  })
  fundingSource?: FundingSource | null;
}

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
    if (!paid.affected)
      throw refuse(
        "insufficient-partner-funds",
        "The partner's allocatable cash does not cover this partner-paid line; the platform charges the customer instead.",
      );
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
  if (!spent.affected) {
    const balance = await tx.getRepository(CustomerBalance).findOneBy({ customerId, partnerId });
    throw refuse(
      "insufficient-allocated-funds",
      `The customer has ${formatMinor(balance?.allocated ?? 0n)} yuan of allocated funds left; the line needs ${formatMinor(debit.fen)}.`,
    );
  }
}

/**
 * How consumption lines arrive one by one: the platform's billing (a service, never a client)
 * records each line it charged, with who paid and from what. Bulk imports and the seed write
 * lines directly and roll them up after.
 */
@Resolver()
export class ConsumptionIntakeResolver {
  @Directive("@inaccessible")
  @Mutation(() => ConsumptionRecord, {
    description:
      "Record a consumption line the platform charged; moves the partner's money it names (partner-paid lines, allocated funds) once. For the platform's billing, not clients.",
  })
  recordConsumption(
    @Arg("input", () => ConsumptionLineInput, { description: "The line." }) input: ConsumptionLineInput,
    @Ctx() { actor, db }: SubgraphContext<unknown>,
  ): Promise<ConsumptionRecord> {
    if (actor.role !== "service") throw forbidden("Only the platform's billing records consumption.");
    const line = checkLine(input);
    return once(db, {
      owner: input.partnerId,
      key: input.id,
      operation: "recordConsumption",
      request: input,
      run: async (tx) => {
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
      },
      keep: (record) => record.id,
      restore: (id: string, tx) => tx.getRepository(ConsumptionRecord).findOneByOrFail({ id }),
    });
  }
}
