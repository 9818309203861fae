import type { GraphQLError } from "graphql";
import type { EntityManager } from "typeorm";
import { formatMinor } from "../common/money.js";
import type { CustomerFacts } from "./crossChecks.js";
import { CustomerBalance } from "./entities/customerBalance.js";
import { FundTransferKind } from "./entities/fundTransfer.js";
import { PartnerAccount } from "./entities/partnerAccount.js";
import { refuse } from "./rules.js";

/**
 * Allocating funds to resale customers and recovering them (docs/domain.md, Funds). The rules
 * are plain functions of the customer's facts and the balances; `moveFunds` moves the money in
 * the caller's transaction with conditional UPDATEs, so concurrent transfers never overdraw.
 */

/** What a partner can allocate now: its cash minus the ring-fenced part. */
export const allocatableFen = (account: Pick<PartnerAccount, "cash" | "ringFenced"> | null): bigint =>
  account ? account.cash - account.ringFenced : 0n;

/** Funds go to and come back from resale customers only. */
export function assertResale(facts: Pick<CustomerFacts, "associationType">): void {
  if (facts.associationType !== "RESALE") {
    throw refuse(
      "resale-only",
      "Funds are allocated to and recovered from resale customers only; this customer is associated as consulting sales.",
    );
  }
}

/** An allocation takes at most what the partner can allocate. */
export const allocationRefused = (account: Pick<PartnerAccount, "cash" | "ringFenced"> | null): GraphQLError =>
  refuse(
    "insufficient-partner-funds",
    `Your partner can allocate at most ${formatMinor(allocatableFen(account))} yuan now (cash minus ring-fenced funds).`,
  );

/** A recovery takes back at most what is allocated and unspent. */
export const recoveryRefused = (balance: Pick<CustomerBalance, "allocated"> | null): GraphQLError =>
  refuse(
    "insufficient-allocated-funds",
    `At most ${formatMinor(balance?.allocated ?? 0n)} yuan allocated to this customer can be recovered.`,
  );

/** Moves `fen` from the partner's cash to the customer's allocation (ALLOCATE) or back (RECOVER). */
export async function moveFunds(
  tx: EntityManager,
  kind: FundTransferKind,
  partnerId: string,
  customerId: string,
  fen: bigint,
): Promise<void> {
  const amount = fen.toString();
  if (!(await tx.getRepository(CustomerBalance).existsBy({ customerId }))) {
    await tx
      .getRepository(CustomerBalance)
      .insert({ customerId, partnerId, cash: 0n, allocated: 0n, debt: 0n, updatedAt: new Date().toISOString() });
  }
  const [from, to] =
    kind === FundTransferKind.ALLOCATE
      ? [
          tx
            .createQueryBuilder()
            .update(PartnerAccount)
            .set({ cash: () => `cash - ${amount}` })
            .where("partner_id = :partnerId AND cash - ring_fenced >= :fen", { partnerId, fen }),
          tx
            .createQueryBuilder()
            .update(CustomerBalance)
            .set({ allocated: () => `allocated + ${amount}` })
            .where("customer_id = :customerId", { customerId }),
        ]
      : [
          tx
            .createQueryBuilder()
            .update(CustomerBalance)
            .set({ allocated: () => `allocated - ${amount}` })
            .where("customer_id = :customerId AND partner_id = :partnerId AND allocated >= :fen", {
              customerId,
              partnerId,
              fen,
            }),
          tx
            .createQueryBuilder()
            .update(PartnerAccount)
            .set({ cash: () => `cash + ${amount}` })
            .where("partner_id = :partnerId", { partnerId }),
        ];
  if (!(await from.execute()).affected) {
    if (kind === FundTransferKind.ALLOCATE)
      throw allocationRefused(await tx.getRepository(PartnerAccount).findOneBy({ partnerId }));
    throw recoveryRefused(await tx.getRepository(CustomerBalance).findOneBy({ customerId, partnerId }));
  }
  await to.execute();
}
