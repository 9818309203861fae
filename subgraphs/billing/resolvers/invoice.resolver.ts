import { randomUUID } from "node:crypto";
import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import type { EntityManager } from "typeorm";
import { requireCustomer, requireRole } from "../../../common/actor.js";
import { notFound } from "../../../common/errors.js";
import type { SubgraphContext } from "../../common/context.js";
import { minor } from "../../common/money.js";
import { serialiseOn } from "../../common/database.js";
import { invoiceKey } from "../consumptionLines.js";
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
import { ConsumptionRecord } from "../entities/consumptionRecord.js";
import { Customer } from "../entities/customer.js";
import { Invoice, InvoiceStatus } from "../entities/invoice.js";
import {
  assertCycleEnded,
  assertDraft,
  assertOwing,
  checkCycle,
  draftChanges,
  INVOICE_VAT_BASIS_POINTS,
  taxIncluded,
  type CustomerTotal,
} from "../invoices.js";
import type { BillingLoaders } from "../loaders.js";

type Context = SubgraphContext<BillingLoaders>;

@ObjectType({ description: "A page of invoices by cursor, by customer." })
export class InvoiceConnection extends ConnectionType(Invoice) {}

@ObjectType({ description: "A page of invoices by offset and limit, same order as invoices." })
export class InvoicePage extends PageType(Invoice) {}

@ObjectType({ description: "A bill cycle's invoices after preparing them." })
export class InvoicePreparation {
  @Field(() => String, { description: "The bill cycle, YYYY-MM." })
  cycle!: string;

  @Field(() => Int, { description: "Drafts waiting to be issued." })
  drafts!: number;

  @Field(() => Int, { description: "Invoices already issued (never changed by preparing)." })
  issued!: number;
}

@ArgsType()
class InvoiceListArgs {
  @Field(() => String, { description: "The bill cycle, YYYY-MM." })
  cycle!: string;

  @Field(() => InvoiceStatus, { nullable: true, description: "Only invoices in this status." })
  status?: InvoiceStatus | null;
}

const BY_CUSTOMER: SortOrder<Invoice> = {
  name: "customer:ASC",
  column: "invoice.customer_id",
  idColumn: "invoice.id",
  direction: "ASC",
  keyOf: (i) => i.customerId,
  idOf: (i) => i.id,
};

const NEWEST_CYCLE_FIRST: SortOrder<Invoice> = {
  name: "cycle:DESC",
  column: "invoice.bill_cycle",
  idColumn: "invoice.id",
  direction: "DESC",
  keyOf: (i) => i.billCycle,
  idOf: (i) => i.id,
};

function invoicesOf(context: Context, { cycle, status }: InvoiceListArgs) {
  const staff = requireRole(context.actor, ["admin", "analyst"], "read invoices");
  const qb = context.db
    .getRepository(Invoice)
    .createQueryBuilder("invoice")
    .where("invoice.partner_id = :partnerId AND invoice.bill_cycle = :cycle", {
      partnerId: staff.partnerId,
      cycle: checkCycle(cycle),
    });
  if (status) qb.andWhere("invoice.status = :status", { status });
  return qb;
}

/** Each customer's resale consumption in the cycle (lines with a funding source), summed exactly in SQL. */
async function resaleTotals(
  tx: EntityManager,
  partnerId: string,
  cycle: string,
  customerId?: string,
): Promise<CustomerTotal[]> {
  const qb = tx
    .getRepository(ConsumptionRecord)
    .createQueryBuilder("r")
    .select("r.customer_id", "customerId")
    .addSelect("SUM(r.amount)", "amount")
    .where("r.partner_id = :partnerId AND r.bill_cycle = :cycle AND r.funding_source IS NOT NULL", {
      partnerId,
      cycle,
    })
    .groupBy("r.customer_id");
  if (customerId) qb.andWhere("r.customer_id = :customerId", { customerId });
  const rows = await qb.getRawMany<{ customerId: string; amount: string | number }>();
  return rows.map((row) => ({ customerId: row.customerId, amountFen: minor(row.amount) }));
}

const amounts = (amountFen: bigint) => ({
  amountFen,
  taxFen: taxIncluded(amountFen),
  taxRateBasisPoints: INVOICE_VAT_BASIS_POINTS,
});

@Resolver(() => Invoice)
export class InvoiceResolver {
  @Query(() => InvoiceConnection, {
    description: "My partner's invoices to resale customers for a bill cycle, by customer (admin, analyst).",
  })
  invoices(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Args(() => InvoiceListArgs) list: InvoiceListArgs,
    @Ctx() context: Context,
  ): Promise<Connection<Invoice>> {
    return connection(invoicesOf(context, list), BY_CUSTOMER, args);
  }

  @Query(() => InvoicePage, { description: "The same invoices by offset and limit (admin, analyst)." })
  invoicesPage(
    @Args(() => OffsetArgs) args: OffsetArgs,
    @Args(() => InvoiceListArgs) list: InvoiceListArgs,
    @Ctx() context: Context,
  ): Promise<Page<Invoice>> {
    return offsetPage(invoicesOf(context, list), BY_CUSTOMER, args);
  }

  @Query(() => InvoiceConnection, {
    description:
      "The invoices my partners issued me, newest bill cycle first (customer; a resale customer gets one a cycle, drafts stay with the partner).",
  })
  myInvoices(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() { actor, db }: Context,
  ): Promise<Connection<Invoice>> {
    const customer = requireCustomer(actor);
    const qb = db
      .getRepository(Invoice)
      .createQueryBuilder("invoice")
      .where("invoice.customer_id = :customerId AND invoice.status = :issued", {
        customerId: customer.customerId,
        issued: InvoiceStatus.ISSUED,
      });
    return connection(qb, NEWEST_CYCLE_FIRST, args);
  }

  @Mutation(() => InvoicePreparation, {
    description:
      "Prepare an ended bill cycle's invoices (admin): a draft per resale customer with resale consumption in it, equal to that consumption to the fen; drafts follow late lines, issued invoices never change. Consulting-sales customers get none. Safe to repeat.",
  })
  async prepareInvoices(
    @Arg("cycle", () => String, { description: "The bill cycle, YYYY-MM; it must have ended." }) cycle: string,
    @Ctx() { actor, db }: Context,
  ): Promise<InvoicePreparation> {
    const admin = requireRole(actor, ["admin"], "prepare invoices");
    const now = new Date().toISOString();
    assertCycleEnded(checkCycle(cycle), now);
    return db.transaction(async (tx) => {
      const repository = tx.getRepository(Invoice);
      const existing = await repository.findBy({ partnerId: admin.partnerId, billCycle: cycle });
      const changes = draftChanges(await resaleTotals(tx, admin.partnerId, cycle), existing);
      for (const { customerId, amountFen } of changes.create)
        await repository.insert({
          id: randomUUID(),
          partnerId: admin.partnerId,
          customerId,
          billCycle: cycle,
          ...amounts(amountFen),
          status: InvoiceStatus.DRAFT,
          createdAt: now,
          issuedAt: null,
        });
      for (const { invoice, amountFen } of changes.update)
        await repository.update({ id: invoice.id, status: InvoiceStatus.DRAFT }, amounts(amountFen));
      for (const invoice of changes.remove) await repository.delete({ id: invoice.id, status: InvoiceStatus.DRAFT });
      const counts = await repository.countBy({
        partnerId: admin.partnerId,
        billCycle: cycle,
        status: InvoiceStatus.ISSUED,
      });
      return {
        cycle,
        drafts: (await repository.countBy({ partnerId: admin.partnerId, billCycle: cycle })) - counts,
        issued: counts,
      };
    });
  }

  @Mutation(() => Invoice, {
    description:
      "Issue a draft invoice to its customer (admin): DRAFT → ISSUED, at the customer's resale consumption of the cycle at this moment; then it never changes.",
  })
  issueInvoice(
    @Arg("invoiceId", () => ID, { description: "The draft to issue." }) invoiceId: string,
    @Ctx() { actor, db }: Context,
  ): Promise<Invoice> {
    const admin = requireRole(actor, ["admin"], "issue invoices");
    return db.transaction(async (tx) => {
      const repository = tx.getRepository(Invoice);
      const invoice = await repository.findOneBy({ id: invoiceId, partnerId: admin.partnerId });
      if (!invoice) throw notFound("invoice", invoiceId);
      await serialiseOn(tx, invoiceKey(invoice.partnerId, invoice.customerId, invoice.billCycle));
      assertDraft(invoice);
      const now = new Date().toISOString();
      assertCycleEnded(invoice.billCycle, now);
      const [total] = await resaleTotals(tx, admin.partnerId, invoice.billCycle, invoice.customerId);
      const amountFen = total?.amountFen ?? 0n;
      assertOwing(amountFen);
      const issued = await repository.update(
        { id: invoice.id, status: InvoiceStatus.DRAFT },
        { ...amounts(amountFen), status: InvoiceStatus.ISSUED, issuedAt: now },
      );
      if (!issued.affected) assertDraft(await repository.findOneByOrFail({ id: invoice.id }));
      return repository.findOneByOrFail({ id: invoice.id });
    });
  }

  @FieldResolver(() => Customer, { description: "The resale customer invoiced." })
  customer(@Root() invoice: Invoice): Customer {
    return Object.assign(new Customer(), { id: invoice.customerId });
  }
}
