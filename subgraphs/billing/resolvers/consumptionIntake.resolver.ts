import { Arg, Ctx, Directive, Field, ID, InputType, Mutation, Resolver } from "type-graphql";
import type { SubgraphContext } from "../../common/context.js";
import { forbidden } from "../../../common/errors.js";
import { DecimalScalar } from "../../../common/scalars.js";
import { checkLine, recordLine } from "../consumptionLines.js";
import {
  BillDetailType,
  ChargingMode,
  ConsumptionRecord,
  FundingSource,
  Payer,
  PaymentMethod,
} from "../entities/consumptionRecord.js";
import { once } from "../idempotency.js";

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
      run: (tx) => recordLine(tx, input, line),
      keep: (record) => record.id,
      restore: (id: string, tx) => tx.getRepository(ConsumptionRecord).findOneByOrFail({ id }),
    });
  }
}
