import { ADDED_TO_ENTITY } from "../../common/federation.js";
import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Directive,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { In } from "typeorm";
import { requireRole, requireStaff } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import {
  connection,
  ConnectionArgs,
  ConnectionType,
  OffsetArgs,
  offsetPage,
  PageType,
  type Connection,
  type Page,
} from "../../common/pagination.js";
import { DateTimeScalar, DecimalScalar } from "../../../common/scalars.js";
import { customerFacts } from "../crossChecks.js";
import { Customer } from "../entities/customer.js";
import { Voucher, VoucherStatus } from "../entities/voucher.js";
import { VoucherOperation } from "../entities/voucherOperation.js";
import { VoucherQuota } from "../entities/voucherQuota.js";
import { once } from "../idempotency.js";
import { NEWEST_VOUCHERS_FIRST, type BillingLoaders } from "../loaders.js";
import type { BillingRule } from "../rules.js";
import { assertSeesCustomer, billingScope, inScope, voucherViewer } from "../scope.js";
import { checkIssueRequest, issuedTo, issueVouchers, quotaFor, type IssueFailure } from "../voucherIssuing.js";
import { reclaimVoucher } from "../vouchers.js";

type Context = SubgraphContext<BillingLoaders>;

@ObjectType({ description: "A page of vouchers by cursor, newest first." })
export class VoucherConnection extends ConnectionType(Voucher) {}

@ObjectType({ description: "A page of vouchers by offset and limit, newest first." })
export class VoucherPage extends PageType(Voucher) {}

@ObjectType({ description: "A customer a voucher could not be issued to, and why." })
export class VoucherIssueFailure {
  @Field(() => ID, { description: "The customer." })
  customerId!: string;

  @Field(() => String, { description: "The error code, as in GraphQL errors: NOT_FOUND or PRECONDITION_FAILED." })
  code!: IssueFailure["code"];

  @Field(() => String, { nullable: true, description: "The rule that said no, for PRECONDITION_FAILED." })
  rule!: BillingRule | null;

  @Field(() => String, { description: "What was wrong." })
  message!: string;
}

@ObjectType({
  description:
    "Vouchers issued to several customers: those issued, and per customer why the others were not (partial success).",
})
export class VoucherIssueResult {
  @Field(() => [Voucher], { description: "Vouchers issued, in the order of the customers asked." })
  issued!: Voucher[];

  @Field(() => [VoucherIssueFailure], { description: "Customers not issued a voucher, with the reason." })
  failures!: VoucherIssueFailure[];
}

@InputType({ description: "Vouchers to issue from a quota." })
export class IssueVouchersInput {
  @Field(() => ID, {
    nullable: true,
    description: "The quota to issue from; left out, the first usable quota that covers the scope, validity and value.",
  })
  quotaId?: string | null;

  @Field(() => [ID], { description: "The customers, 1 to 100." })
  customerIds!: string[];

  @Field(() => DecimalScalar, { description: 'Face value of each voucher in yuan, e.g. "200.00".' })
  faceValue!: string;

  @Field(() => [String], {
    description: "Service types the vouchers may pay for (purchase type), 1 to 10, within the quota's.",
  })
  purchaseScope!: string[];

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "Usable from; default now. Within the quota's validity.",
  })
  validFrom?: string | null;

  @Field(() => DateTimeScalar, { description: "Usable until; within the quota's validity." })
  validUntil!: string;

  @Field(() => Boolean, {
    defaultValue: false,
    description: "New-customer vouchers (拉新券): only for customers tagged new; they never pay on-demand usage.",
  })
  newCustomer!: boolean;

  @Field(() => String, { nullable: true, description: "A memo." })
  memo?: string | null;

  @Field(() => String, {
    description: "Your key for this request: a retry returns the first result and issues nothing again.",
  })
  idempotencyKey!: string;
}

@InputType({ description: "A voucher to issue to one customer." })
export class IssueVoucherInput {
  @Field(() => ID, { description: "The customer." })
  customerId!: string;

  @Field(() => ID, {
    nullable: true,
    description: "The quota; left out, the first usable quota that covers scope, validity and value.",
  })
  quotaId?: string | null;

  @Field(() => DecimalScalar, { description: "Face value in yuan." })
  faceValue!: string;

  @Field(() => [String], { description: "Service types it may pay for (purchase type), 1 to 10." })
  purchaseScope!: string[];

  @Field(() => DateTimeScalar, { nullable: true, description: "Usable from; default now." })
  validFrom?: string | null;

  @Field(() => DateTimeScalar, { description: "Usable until." })
  validUntil!: string;

  @Field(() => Boolean, { defaultValue: false, description: "A new-customer voucher (拉新券)." })
  newCustomer!: boolean;

  @Field(() => String, { nullable: true, description: "A memo." })
  memo?: string | null;

  @Field(() => String, { description: "Your key: a retry returns the first result." })
  idempotencyKey!: string;
}

@InputType({ description: "Which vouchers to list." })
export class VoucherFilter {
  @Field(() => ID, { nullable: true, description: "Only this customer's." })
  customerId?: string | null;

  @Field(() => VoucherStatus, { nullable: true, description: "Only vouchers in this state." })
  status?: VoucherStatus | null;

  @Field(() => Boolean, { nullable: true, description: "Only new-customer vouchers (true) or only others (false)." })
  newCustomer?: boolean | null;
}

@ArgsType()
class VoucherFilterArgs {
  @Field(() => VoucherFilter, { nullable: true, description: "Which vouchers." })
  filter?: VoucherFilter | null;
}

async function issue(context: Context, input: IssueVouchersInput): Promise<VoucherIssueResult> {
  const admin = requireRole(context.actor, ["admin"], "issue vouchers");
  const request = checkIssueRequest(input);
  const facts = await customerFacts(context, request.customerIds);
  return once(context.db, {
    owner: admin.partnerId,
    key: input.idempotencyKey,
    operation: "ISSUE_VOUCHERS",
    request: { ...request, face: request.face.toString(), validFrom: input.validFrom ?? null },
    run: async (tx) => issueVouchers(tx, admin.partnerId, await quotaFor(tx, admin.partnerId, request), request, facts),
    keep: (result) => ({ issued: result.issued.map((v) => v.id), failures: result.failures }),
    restore: async (kept: { issued: string[]; failures: IssueFailure[] }, tx) => {
      const vouchers = await tx.getRepository(Voucher).findBy({ id: In(kept.issued) });
      return { issued: kept.issued.map((id) => vouchers.find((v) => v.id === id)!), failures: kept.failures };
    },
  });
}

/** The vouchers a caller may list: a customer its own; staff their scope of the partner's. */
async function vouchersOf(context: Context, filter: VoucherFilter | null | undefined) {
  const qb = context.db.getRepository(Voucher).createQueryBuilder("voucher");
  const viewer = voucherViewer(context.actor);
  if ("customerId" in viewer) qb.where("voucher.customer_id = :own", { own: viewer.customerId });
  else inScope(qb, "voucher", await billingScope(context, viewer.staff));
  if (filter?.customerId) qb.andWhere("voucher.customer_id = :customerId", { customerId: filter.customerId });
  if (filter?.status) qb.andWhere("voucher.status = :status", { status: filter.status });
  if (filter?.newCustomer != null)
    qb.andWhere("voucher.new_customer = :newCustomer", { newCustomer: filter.newCustomer });
  return qb;
}

@Resolver(() => Voucher)
export class VoucherResolver {
  @Query(() => [VoucherQuota], {
    description: "Voucher quotas the platform granted my partner, soonest-expiring first (admin, analyst).",
  })
  voucherQuotas(@Ctx() { actor, db }: Context): Promise<VoucherQuota[]> {
    const staff = requireRole(actor, ["admin", "analyst"], "read voucher quotas");
    return db.getRepository(VoucherQuota).find({ where: { partnerId: staff.partnerId }, order: { expiresAt: "ASC" } });
  }

  @Query(() => VoucherConnection, {
    description: "Vouchers issued to the customers I may see (a customer: its own), newest first.",
  })
  async vouchers(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Args(() => VoucherFilterArgs) { filter }: VoucherFilterArgs,
    @Ctx() context: Context,
  ): Promise<Connection<Voucher>> {
    return connection(await vouchersOf(context, filter), NEWEST_VOUCHERS_FIRST, args);
  }

  @Query(() => VoucherPage, { description: "Vouchers by offset and limit, same filter and order as vouchers." })
  async vouchersPage(
    @Args(() => OffsetArgs) args: OffsetArgs,
    @Args(() => VoucherFilterArgs) { filter }: VoucherFilterArgs,
    @Ctx() context: Context,
  ): Promise<Page<Voucher>> {
    return offsetPage(await vouchersOf(context, filter), NEWEST_VOUCHERS_FIRST, args);
  }

  @Mutation(() => VoucherIssueResult, {
    description:
      "Issue vouchers from a quota to one or many customers (admin). Partial success: each customer not issued one is listed with its reason.",
  })
  issueVouchers(
    @Arg("input", () => IssueVouchersInput, { description: "What to issue, to whom, and your idempotency key." })
    input: IssueVouchersInput,
    @Ctx() context: Context,
  ): Promise<VoucherIssueResult> {
    return issue(context, input);
  }

  @Mutation(() => Voucher, {
    description: "Issue a voucher to one customer (admin); fails with the customer's reason if it cannot be issued.",
  })
  async issueVoucher(
    @Arg("input", () => IssueVoucherInput, { description: "What to issue, to whom, and your idempotency key." })
    input: IssueVoucherInput,
    @Ctx() context: Context,
  ): Promise<Voucher> {
    const { customerId, ...rest } = input;
    const result = await issue(
      context,
      Object.assign(new IssueVouchersInput(), { ...rest, customerIds: [customerId] }),
    );
    return issuedTo(customerId, result);
  }

  @Mutation(() => Voucher, {
    description: "Reclaim a usable voucher (admin): its whole remaining balance returns to its quota.",
  })
  reclaimVoucher(
    @Arg("voucherId", () => ID, { description: "The voucher to reclaim." }) voucherId: string,
    @Arg("idempotencyKey", () => String, { description: "Your key: a retry returns the first result." })
    idempotencyKey: string,
    @Ctx() { actor, db }: Context,
  ): Promise<Voucher> {
    const admin = requireRole(actor, ["admin"], "reclaim vouchers");
    return once(db, {
      owner: admin.partnerId,
      key: idempotencyKey,
      operation: "RECLAIM_VOUCHER",
      request: { voucherId },
      run: (tx) => reclaimVoucher(tx, admin.partnerId, voucherId),
      keep: (voucher) => voucher.id,
      restore: (id: string, tx) => tx.getRepository(Voucher).findOneByOrFail({ id }),
    });
  }

  @FieldResolver(() => Customer, { description: "The customer it was issued to." })
  customer(@Root() voucher: Voucher): Customer {
    return Object.assign(new Customer(), { id: voucher.customerId });
  }

  @FieldResolver(() => VoucherQuota, {
    nullable: true,
    description: "The quota it was issued from (staff of the issuing partner).",
  })
  quota(@Root() voucher: Voucher, @Ctx() { loaders }: Context): Promise<VoucherQuota | null> | null {
    return voucher.quotaId ? loaders.quota.load(voucher.quotaId) : null;
  }

  @FieldResolver(() => [VoucherOperation], { description: "What happened to it, oldest first." })
  operations(@Root() voucher: Voucher, @Ctx() { loaders }: Context): Promise<VoucherOperation[]> {
    return loaders.operationsOf.load(voucher.id);
  }
}

@Resolver(() => Customer)
export class CustomerVouchersResolver {
  @Directive('@requires(fields: "manager { id } managerAssignedAt")')
  @FieldResolver(() => VoucherConnection, {
    ...ADDED_TO_ENTITY,
    description: "Vouchers my partner issued to this customer, newest first.",
  })
  vouchers(
    @Root() customer: Customer,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() { actor, loaders }: Context,
  ): Promise<Connection<Voucher>> {
    assertSeesCustomer(requireStaff(actor), customer);
    return loaders.voucherPages(args).load(customer.id);
  }
}
