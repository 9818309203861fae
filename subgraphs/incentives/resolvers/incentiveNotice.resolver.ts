import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
  Root,
} from "type-graphql";
import type { EntityManager } from "typeorm";
import { requirePlatform } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { notFound } from "../../../common/errors.js";
import { money, Money } from "../../common/money.js";
import {
  connection,
  ConnectionArgs,
  ConnectionType,
  OffsetArgs,
  offsetPage,
  PageType,
  type Connection,
  type Page,
  type SortOrder,
} from "../../common/pagination.js";
import { DecimalScalar } from "../../../common/scalars.js";
import { manageIncentives, readIncentives } from "../access.js";
import {
  assertClaimable,
  assertInvoiceable,
  assertInvoiceAmount,
  assertPayable,
  checkInvoice,
  claimed,
  invoiced,
  paid,
  shownInvoiceFen,
} from "../claims.js";
import { IncentiveNotice, IncentiveStatus, PayoutMethod } from "../entities/incentiveNotice.js";
import type { IncentivesLoaders } from "../loaders.js";
import { incentiveAmounts, type IncentiveAmounts } from "../../common/tax.js";

type Context = SubgraphContext<IncentivesLoaders>;

export enum InvoiceAmountBasis {
  COMPUTED = "COMPUTED",
  AS_SHOWN_BEFORE_2019 = "AS_SHOWN_BEFORE_2019",
}
registerEnumType(InvoiceAmountBasis, {
  name: "InvoiceAmountBasis",
  description: "Where the invoice amount that counts comes from.",
  valuesConfig: {
    COMPUTED: {
      description: "Computed: notice amount → tax-exclusive amount → invoice amount at the partner's taxpayer rate.",
    },
    AS_SHOWN_BEFORE_2019: {
      description: "A period before 2019-01-01: the invoice amount the partner center showed counts.",
    },
  },
});

@ObjectType({ description: "A page of incentive notices by cursor." })
export class IncentiveNoticeConnection extends ConnectionType(IncentiveNotice) {}

@ObjectType({ description: "A page of incentive notices by offset and limit." })
export class IncentiveNoticePage extends PageType(IncentiveNotice) {}

@ArgsType()
class NoticeFilterArgs {
  @Field(() => IncentiveStatus, { nullable: true, description: "Only notices in this state." })
  status?: IncentiveStatus | null;
}

@InputType({ description: "The partner's invoice for a claimed incentive paid by bank transfer." })
export class IncentiveInvoiceInput {
  @Field(() => ID, { description: "The notice." })
  noticeId!: string;

  @Field(() => String, { description: "The invoice number." })
  invoiceNumber!: string;

  @Field(() => DecimalScalar, { description: "The invoice's amount; it must equal the notice's invoiceAmount." })
  invoiceAmount!: string;

  @Field(() => String, { description: "The settlement period named on the invoice, YYYY-MM." })
  settlementPeriod!: string;

  @Field(() => String, { description: "The payment requisition number named on the invoice." })
  paymentRequisitionNumber!: string;
}

const NEWEST_PERIOD_FIRST: SortOrder<IncentiveNotice> = {
  name: "period:DESC",
  column: "notice.period",
  idColumn: "notice.id",
  direction: "DESC",
  keyOf: (n) => n.period,
  idOf: (n) => n.id,
};

function noticesOf(context: Context, status: IncentiveStatus | null | undefined) {
  const staff = readIncentives(context.actor);
  const qb = context.db
    .getRepository(IncentiveNotice)
    .createQueryBuilder("notice")
    .where("notice.partner_id = :partnerId", { partnerId: staff.partnerId });
  const now = new Date().toISOString();
  // The stored status lags the deadline until the sweep: filter as the status field reads.
  if (status === IncentiveStatus.EXPIRED)
    qb.andWhere("(notice.status = 'EXPIRED' OR (notice.status = 'NOTIFIED' AND notice.claim_deadline < :now))", {
      now,
    });
  else if (status === IncentiveStatus.NOTIFIED)
    qb.andWhere("notice.status = 'NOTIFIED' AND notice.claim_deadline >= :now", { now });
  else if (status) qb.andWhere("notice.status = :status", { status });
  return qb;
}

async function amountsOf(notice: IncentiveNotice, { loaders }: Context): Promise<IncentiveAmounts> {
  return incentiveAmounts(
    notice.noticeAmountFen,
    notice.period,
    await loaders.taxpayerType(),
    await loaders.taxRates(),
  );
}

/** The invoice amount that counts: as shown before 2019, computed since. */
export async function countingInvoiceFen(notice: IncentiveNotice, context: Context): Promise<bigint> {
  return shownInvoiceFen(notice) ?? (await amountsOf(notice, context)).invoice;
}

async function ownNotice(tx: EntityManager, partnerId: string, id: string): Promise<IncentiveNotice> {
  const notice = await tx.getRepository(IncentiveNotice).findOneBy({ id, partnerId });
  if (!notice) throw notFound("incentive notice", id);
  return notice;
}

@Resolver(() => IncentiveNotice)
export class IncentiveNoticeResolver {
  @Query(() => IncentiveNoticeConnection, {
    description: "My partner's incentive notices, newest period first, by cursor (admin, supervisor, analyst).",
  })
  incentiveNotices(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Args(() => NoticeFilterArgs) { status }: NoticeFilterArgs,
    @Ctx() context: Context,
  ): Promise<Connection<IncentiveNotice>> {
    return connection(noticesOf(context, status), NEWEST_PERIOD_FIRST, args);
  }

  @Query(() => IncentiveNoticePage, {
    description:
      "My partner's incentive notices, newest period first, by offset and limit (admin, supervisor, analyst).",
  })
  incentiveNoticesPage(
    @Args(() => OffsetArgs) args: OffsetArgs,
    @Args(() => NoticeFilterArgs) { status }: NoticeFilterArgs,
    @Ctx() context: Context,
  ): Promise<Page<IncentiveNotice>> {
    return offsetPage(noticesOf(context, status), NEWEST_PERIOD_FIRST, args);
  }

  @FieldResolver(() => Money, {
    description:
      "The notice amount without VAT: notice amount ÷ (1 + the platform's rate), rounded half up to the fen. Incentive data is tax-exclusive.",
  })
  async taxExclusiveAmount(@Root() notice: IncentiveNotice, @Ctx() context: Context): Promise<Money> {
    return money((await amountsOf(notice, context)).taxExclusive);
  }

  @FieldResolver(() => Money, {
    description:
      "The amount to invoice, the one that counts: the tax-exclusive amount × (1 + my partner's taxpayer rate), rounded half up (a general taxpayer invoices the notice amount itself); for periods before 2019-01-01, the amount the partner center showed.",
  })
  async invoiceAmount(@Root() notice: IncentiveNotice, @Ctx() context: Context): Promise<Money> {
    return money(await countingInvoiceFen(notice, context));
  }

  @FieldResolver(() => Money, {
    description:
      "The invoice amount by today's computation (differs from invoiceAmount only for some periods before 2019).",
  })
  async computedInvoiceAmount(@Root() notice: IncentiveNotice, @Ctx() context: Context): Promise<Money> {
    return money((await amountsOf(notice, context)).invoice);
  }

  @FieldResolver(() => InvoiceAmountBasis, { description: "Where invoiceAmount comes from." })
  invoiceAmountBasis(@Root() notice: IncentiveNotice): InvoiceAmountBasis {
    return shownInvoiceFen(notice) === null ? InvoiceAmountBasis.COMPUTED : InvoiceAmountBasis.AS_SHOWN_BEFORE_2019;
  }

  @FieldResolver(() => DecimalScalar, {
    description: 'The VAT rate of my partner\'s taxpayer identity applied, e.g. "0.03".',
  })
  async invoiceTaxRate(@Root() notice: IncentiveNotice, @Ctx() context: Context): Promise<string> {
    return ((await amountsOf(notice, context)).partnerBasisPoints / 10_000).toFixed(2);
  }

  @Mutation(() => IncentiveNotice, {
    description: "Claim an incentive (admin), choosing how it is paid out; allowed within one year of the notice.",
  })
  claimIncentive(
    @Arg("noticeId", () => ID, { description: "The incentive notice." }) noticeId: string,
    @Arg("payoutMethod", () => PayoutMethod, { description: "How the incentive is to be paid out." })
    payoutMethod: PayoutMethod,
    @Ctx() { actor, db }: Context,
  ): Promise<IncentiveNotice> {
    const admin = manageIncentives(actor);
    return db.transaction(async (tx) => {
      const notice = await ownNotice(tx, admin.partnerId, noticeId);
      assertClaimable(notice);
      Object.assign(notice, claimed(payoutMethod, new Date().toISOString()));
      await tx.getRepository(IncentiveNotice).save(notice);
      return notice;
    });
  }

  @Mutation(() => IncentiveNotice, {
    description:
      "Submit the invoice for a claimed incentive paid by bank transfer (admin): settlement period, payment requisition number, and the exact invoice amount.",
  })
  async submitIncentiveInvoice(
    @Arg("input", () => IncentiveInvoiceInput, { description: "The notice and the invoice's details." })
    input: IncentiveInvoiceInput,
    @Ctx() context: Context,
  ): Promise<IncentiveNotice> {
    const admin = manageIncentives(context.actor);
    const invoicedFen = checkInvoice(input);
    return context.db.transaction(async (tx) => {
      const notice = await ownNotice(tx, admin.partnerId, input.noticeId);
      assertInvoiceable(notice);
      assertInvoiceAmount(invoicedFen, await countingInvoiceFen(notice, context));
      Object.assign(notice, invoiced(input, new Date().toISOString()));
      await tx.getRepository(IncentiveNotice).save(notice);
      return notice;
    });
  }

  @Mutation(() => IncentiveNotice, {
    description:
      "Record that a claimed incentive was paid out (platform reviewer): after the invoice for bank transfers, after the claim otherwise.",
  })
  recordIncentivePayout(
    @Arg("noticeId", () => ID, { description: "The incentive notice." }) noticeId: string,
    @Ctx() { actor, db }: Context,
  ): Promise<IncentiveNotice> {
    requirePlatform(actor);
    return db.transaction(async (tx) => {
      const notice = await tx.getRepository(IncentiveNotice).findOneBy({ id: noticeId });
      if (!notice) throw notFound("incentive notice", noticeId);
      assertPayable(notice);
      Object.assign(notice, paid(new Date().toISOString()));
      await tx.getRepository(IncentiveNotice).save(notice);
      return notice;
    });
  }
}
