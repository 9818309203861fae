import { ADDED_TO_ENTITY } from "../../common/federation.js";
import { randomUUID } from "node:crypto";
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
  Resolver,
  Root,
} from "type-graphql";
import { requireRole } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";

import { money, Money, parseAmount } from "../../common/money.js";
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
import { factsOf } from "../crossChecks.js";
import { Customer } from "../entities/customer.js";
import { FundTransfer, FundTransferKind } from "../entities/fundTransfer.js";
import { Partner } from "../entities/partner.js";
import { PartnerAccount } from "../entities/partnerAccount.js";
import { allocatableFen, assertResale, moveFunds } from "../funds.js";
import { once } from "../idempotency.js";
import type { BillingLoaders } from "../loaders.js";

type Context = SubgraphContext<BillingLoaders>;

@ObjectType({ description: "My partner's account balances by type (API_NOTES.md, Funds)." })
export class PartnerBalances {
  @Field(() => Money, { description: "Cash." })
  cash!: Money;

  @Field(() => Money, { description: "Credit line." })
  credit!: Money;

  @Field(() => Money, { description: "Bonus (platform rewards)." })
  bonus!: Money;

  @Field(() => Money, { description: "Deposit." })
  deposit!: Money;

  @Field(() => Money, { description: "Cash held back (ring-fenced); it cannot be allocated." })
  ringFenced!: Money;

  @Field(() => Money, { description: "What can be allocated to resale customers now: cash minus ring-fenced funds." })
  allocatable!: Money;
}

@ObjectType({ description: "A page of fund transfers by cursor, newest first." })
export class FundTransferConnection extends ConnectionType(FundTransfer) {}

@ObjectType({ description: "A page of fund transfers by offset and limit, newest first." })
export class FundTransferPage extends PageType(FundTransfer) {}

@InputType({ description: "Move funds between my partner and a resale customer." })
export class FundTransferInput {
  @Field(() => ID, { description: "The resale customer." })
  customerId!: string;

  @Field(() => DecimalScalar, { description: 'Amount in yuan, more than 0, at most 2 decimals, e.g. "500.00".' })
  amount!: string;

  @Field(() => String, { nullable: true, description: "A memo for the ledger." })
  memo?: string | null;

  @Field(() => String, {
    description:
      "Your key for this transfer: a retry with the same key returns the first result and moves nothing again.",
  })
  idempotencyKey!: string;
}

@InputType({ description: "Which transfers to list." })
export class FundTransferFilter {
  @Field(() => ID, { nullable: true, description: "Only this customer's." })
  customerId?: string | null;

  @Field(() => [FundTransferKind], { nullable: true, description: "Only these kinds." })
  kinds?: FundTransferKind[] | null;
}

@ArgsType()
class FundTransferFilterArgs {
  @Field(() => FundTransferFilter, { nullable: true, description: "Which transfers." })
  filter?: FundTransferFilter | null;
}

const NEWEST_FIRST: SortOrder<FundTransfer> = {
  name: "createdAt:DESC",
  column: "transfer.created_at",
  idColumn: "transfer.id",
  direction: "DESC",
  keyOf: (t) => t.createdAt,
  idOf: (t) => t.id,
};

async function transfer(context: Context, kind: FundTransferKind, input: FundTransferInput): Promise<FundTransfer> {
  const admin = requireRole(
    context.actor,
    ["admin"],
    kind === FundTransferKind.ALLOCATE ? "allocate funds" : "recover funds",
  );
  const fen = parseAmount("input.amount", input.amount);
  const facts = await factsOf(context, input.customerId);
  assertResale(facts);
  return once(context.db, {
    owner: admin.partnerId,
    key: input.idempotencyKey,
    operation: kind,
    request: { customerId: input.customerId, fen: fen.toString(), memo: input.memo ?? null },
    run: async (tx) => {
      await moveFunds(tx, kind, admin.partnerId, input.customerId, fen);
      const row = tx.getRepository(FundTransfer).create({
        id: randomUUID(),
        partnerId: admin.partnerId,
        customerId: input.customerId,
        kind,
        amountFen: fen,
        memo: input.memo?.slice(0, 200) ?? null,
        idempotencyKey: input.idempotencyKey,
        createdAt: new Date().toISOString(),
      });
      await tx.getRepository(FundTransfer).insert(row);
      return row;
    },
    keep: (row) => row.id,
    restore: (id: string, tx) => tx.getRepository(FundTransfer).findOneByOrFail({ id }),
  });
}

function transfersOf(context: Context, filter: FundTransferFilter | null | undefined) {
  const staff = requireRole(context.actor, ["admin", "analyst"], "read the funds ledger");
  const qb = context.db
    .getRepository(FundTransfer)
    .createQueryBuilder("transfer")
    .where("transfer.partner_id = :partnerId", { partnerId: staff.partnerId });
  if (filter?.customerId) qb.andWhere("transfer.customer_id = :customerId", { customerId: filter.customerId });
  if (filter?.kinds?.length) qb.andWhere("transfer.kind IN (:...kinds)", { kinds: filter.kinds });
  return qb;
}

@Resolver(() => FundTransfer)
export class FundsResolver {
  @Mutation(() => FundTransfer, {
    description:
      "Allocate cash from my partner to a resale customer (admin); within the partner's allocatable balance; idempotent.",
  })
  allocateFunds(
    @Arg("input", () => FundTransferInput, { description: "The customer, the amount and your idempotency key." })
    input: FundTransferInput,
    @Ctx() context: Context,
  ): Promise<FundTransfer> {
    return transfer(context, FundTransferKind.ALLOCATE, input);
  }

  @Mutation(() => FundTransfer, {
    description:
      "Recover allocated funds from a resale customer to my partner (admin); within what was allocated to it; idempotent.",
  })
  recoverFunds(
    @Arg("input", () => FundTransferInput, { description: "The customer, the amount and your idempotency key." })
    input: FundTransferInput,
    @Ctx() context: Context,
  ): Promise<FundTransfer> {
    return transfer(context, FundTransferKind.RECOVER, input);
  }

  @Query(() => FundTransferConnection, {
    description:
      "The funds ledger: allocations, recoveries and returns on dissociation, newest first (admin, analyst).",
  })
  fundTransfers(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Args(() => FundTransferFilterArgs) { filter }: FundTransferFilterArgs,
    @Ctx() context: Context,
  ): Promise<Connection<FundTransfer>> {
    return connection(transfersOf(context, filter), NEWEST_FIRST, args);
  }

  @Query(() => FundTransferPage, {
    description: "The funds ledger by offset and limit, same order as fundTransfers (admin, analyst).",
  })
  fundTransfersPage(
    @Args(() => OffsetArgs) args: OffsetArgs,
    @Args(() => FundTransferFilterArgs) { filter }: FundTransferFilterArgs,
    @Ctx() context: Context,
  ): Promise<Page<FundTransfer>> {
    return offsetPage(transfersOf(context, filter), NEWEST_FIRST, args);
  }

  @FieldResolver(() => Customer, { description: "The customer." })
  customer(@Root() row: FundTransfer): Customer {
    return Object.assign(new Customer(), { id: row.customerId });
  }
}

@Resolver(() => Partner)
export class PartnerBalancesResolver {
  @FieldResolver(() => PartnerBalances, {
    ...ADDED_TO_ENTITY,
    description: "My partner's balances by type (admin, analyst).",
  })
  async balances(@Root() partner: Partner, @Ctx() { actor, db }: Context): Promise<PartnerBalances> {
    const staff = requireRole(actor, ["admin", "analyst"], "read the partner's balances");
    const account = await db
      .getRepository(PartnerAccount)
      .findOneBy({ partnerId: staff.partnerId === partner.id ? partner.id : "" });
    const fen = (value: bigint | undefined) => money(value ?? 0n);
    return {
      cash: fen(account?.cash),
      credit: fen(account?.credit),
      bonus: fen(account?.bonus),
      deposit: fen(account?.deposit),
      ringFenced: fen(account?.ringFenced),
      allocatable: fen(allocatableFen(account)),
    };
  }
}
