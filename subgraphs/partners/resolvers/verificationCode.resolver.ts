import { createHash, randomInt, randomUUID } from "node:crypto";
import { Arg, Ctx, Directive, Field, ID, Mutation, ObjectType, Query, registerEnumType, Resolver } from "type-graphql";
import { MoreThan } from "typeorm";
import { requireRole, requireStaff } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { forbidden, rateLimited } from "../../../common/errors.js";
import { DateTimeScalar } from "../../../common/scalars.js";
import { Partner } from "../entities/partner.js";
import { SensitiveAction, VerificationCode } from "../entities/verificationCode.js";
import type { PartnersLoaders } from "../loaders.js";

type Context = SubgraphContext<PartnersLoaders>;

/** A code is valid for 5 minutes; a partner may be sent 15 an hour and 60 a day (API_NOTES.md). */
const CODE_LIFETIME_MS = 5 * 60_000;
const LIMITS = [
  { windowMs: 3_600_000, max: 15, per: "hour" },
  { windowMs: 86_400_000, max: 60, per: "day" },
];

export enum VerificationOutcome {
  NOT_REQUIRED = "NOT_REQUIRED",
  ACCEPTED = "ACCEPTED",
  MISSING = "MISSING",
  INVALID = "INVALID",
}
registerEnumType(VerificationOutcome, {
  name: "VerificationOutcome",
  description: "What checking a verification code found (used between subgraphs).",
  valuesConfig: {
    NOT_REQUIRED: { description: "The partner has verification codes turned off." },
    ACCEPTED: { description: "The code was valid and is now used up." },
    MISSING: { description: "Codes are on, and none was given." },
    INVALID: { description: "Wrong, expired, used or for another action or person." },
  },
});

@ObjectType({ description: "A verification code was sent; it is not shown here." })
export class VerificationCodeTicket {
  @Field(() => ID, { description: "The code's id." })
  id!: string;

  @Field(() => SensitiveAction, { description: "The action the code is for." })
  action!: SensitiveAction;

  @Field(() => DateTimeScalar, { description: "The code stops working at this instant." })
  expiresAt!: string;
}

@ObjectType({ description: "A code sent to the caller, shown in development only." })
export class DevelopmentVerificationCode {
  @Field(() => SensitiveAction, { description: "The action the code is for." })
  action!: SensitiveAction;

  @Field(() => String, { description: "The six-digit code." })
  code!: string;

  @Field(() => DateTimeScalar, { description: "The code stops working at this instant." })
  expiresAt!: string;
}

const hashOf = (partnerId: string, code: string) => createHash("sha256").update(`${partnerId}:${code}`).digest("hex");

@Resolver()
export class VerificationCodeResolver {
  @Mutation(() => Partner, { description: "Turn verification codes for sensitive requests on or off (admin)." })
  async setVerificationCodes(
    @Arg("enabled", () => Boolean, { description: "true to require codes for sensitive requests, false to stop." })
    enabled: boolean,
    @Ctx() { actor, db }: Context,
  ): Promise<Partner> {
    const admin = requireRole(actor, ["admin"], "change verification-code settings");
    await db.getRepository(Partner).update({ id: admin.partnerId }, { verificationCodesEnabled: enabled });
    return db.getRepository(Partner).findOneByOrFail({ id: admin.partnerId });
  }

  @Mutation(() => VerificationCodeTicket, {
    description:
      "Send me a one-time code for a sensitive action (valid 5 minutes; at most 15 an hour and 60 a day per partner).",
  })
  async sendVerificationCode(
    @Arg("action", () => SensitiveAction, { description: "The sensitive action the code is for." })
    action: SensitiveAction,
    @Ctx() { actor, db }: Context,
  ): Promise<VerificationCodeTicket> {
    const staff = requireRole(actor, ["admin", "supervisor", "manager"], "request verification codes");
    if (!staff.staffId)
      throw forbidden("Verification codes are sent to a person: use a token that names you (staff_id).");
    return db.transaction(async (tx) => {
      const now = Date.now();
      for (const limit of LIMITS) {
        const since = new Date(now - limit.windowMs).toISOString();
        const sent = await tx.getRepository(VerificationCode).find({
          where: { partnerId: staff.partnerId, createdAt: MoreThan(since) },
          order: { createdAt: "ASC" },
          take: limit.max,
        });
        if (sent.length >= limit.max) {
          const retryAfterSeconds = Math.ceil((Date.parse(sent[0]!.createdAt) + limit.windowMs - now) / 1000);
          throw rateLimited(
            `Verification code limit reached: at most ${limit.max} a ${limit.per} per partner. Try again in ${retryAfterSeconds} s.`,
            retryAfterSeconds,
          );
        }
      }
      const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
      const row = Object.assign(new VerificationCode(), {
        id: randomUUID(),
        partnerId: staff.partnerId,
        staffId: staff.staffId,
        action,
        codeHash: hashOf(staff.partnerId, code),
        developmentCode: process.env.NODE_ENV === "production" ? null : code,
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + CODE_LIFETIME_MS).toISOString(),
        consumedAt: null,
      });
      await tx.getRepository(VerificationCode).insert(row);
      // Stands in for the SMS gateway, which this deployment does not have.
      if (process.env.NODE_ENV !== "production" && process.env.NODE_ENV !== "test")
        console.log(`partners: verification code for ${staff.staffId} (${action}): ${code}`);
      return { id: row.id, action, expiresAt: row.expiresAt };
    });
  }

  @Query(() => [DevelopmentVerificationCode], {
    description:
      "Development only: the unexpired codes sent to me, newest first (there is no SMS here). Refused in production.",
  })
  async developmentVerificationCodes(@Ctx() { actor, db }: Context): Promise<DevelopmentVerificationCode[]> {
    const staff = requireStaff(actor);
    if (process.env.NODE_ENV === "production") throw forbidden("Verification codes are shown only in development.");
    const rows = await db.getRepository(VerificationCode).find({
      where: {
        partnerId: staff.partnerId,
        staffId: staff.staffId ?? "",
        expiresAt: MoreThan(new Date().toISOString()),
      },
      order: { createdAt: "DESC" },
    });
    return rows
      .filter((r) => !r.consumedAt && r.developmentCode)
      .map((r) => ({ action: r.action, code: r.developmentCode!, expiresAt: r.expiresAt }));
  }

  @Directive("@inaccessible")
  @Mutation(() => VerificationOutcome, {
    description: "Checks and uses up the caller's code for an action; called by other subgraphs, not by clients.",
  })
  async verifySensitiveAction(
    @Arg("action", () => SensitiveAction, { description: "The sensitive action the code is for." })
    action: SensitiveAction,
    @Arg("code", () => String, { nullable: true }) code: string | null,
    @Ctx() { actor, db }: Context,
  ): Promise<VerificationOutcome> {
    const staff = requireStaff(actor);
    const partner = await db.getRepository(Partner).findOneByOrFail({ id: staff.partnerId });
    if (!partner.verificationCodesEnabled) return VerificationOutcome.NOT_REQUIRED;
    if (!code) return VerificationOutcome.MISSING;
    const now = new Date().toISOString();
    const used = await db
      .createQueryBuilder()
      .update(VerificationCode)
      .set({ consumedAt: now })
      .where(
        "partner_id = :partnerId AND staff_id = :staffId AND action = :action AND code_hash = :hash AND consumed_at IS NULL AND expires_at > :now",
        {
          partnerId: staff.partnerId,
          staffId: staff.staffId ?? "",
          action,
          hash: hashOf(staff.partnerId, code),
          now,
        },
      )
      .execute();
    return used.affected ? VerificationOutcome.ACCEPTED : VerificationOutcome.INVALID;
  }
}
