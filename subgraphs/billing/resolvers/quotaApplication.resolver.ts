import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { requirePlatform, requireRole } from "../../../common/actor.js";
import { DecimalScalar } from "../../../common/scalars.js";
import type { SubgraphContext } from "../../common/context.js";
import { Partner } from "../entities/partner.js";
import { QuotaType, VoucherQuota } from "../entities/voucherQuota.js";
import { QuotaApplicationStatus, VoucherQuotaApplication } from "../entities/voucherQuotaApplication.js";
import type { BillingLoaders } from "../loaders.js";
import { checkQuotaRequest, decideApplication, fileApplication, reviewComment } from "../quotaApplications.js";

type Context = SubgraphContext<BillingLoaders>;

@InputType({ description: "An application for a voucher quota." })
export class VoucherQuotaApplicationInput {
  @Field(() => QuotaType, { description: "What the quota would issue: vouchers or cash coupons." })
  type!: QuotaType;

  @Field(() => DecimalScalar, { description: 'The quota\'s value in yuan, e.g. "50000.00"; at most 1000000.00.' })
  amount!: string;

  @Field(() => Int, { description: "How many months the quota stays valid once granted, 1 to 24." })
  validity!: number;

  @Field(() => [String], {
    nullable: true,
    description: "Service types its vouchers may cover, 1 to 10 (default ECS, EVS, OBS, RDS, CDN).",
  })
  serviceTypes?: string[] | null;

  @Field(() => String, { description: "Why my partner needs it (a campaign, new customers), 1 to 500 characters." })
  reason!: string;
}

@InputType({ description: "A platform reviewer's decision on a voucher quota application." })
export class VoucherQuotaReviewInput {
  @Field(() => ID, { description: "The application reviewed." })
  applicationId!: string;

  @Field(() => Boolean, { description: "true grants the quota; false rejects the application." })
  approve!: boolean;

  @Field(() => String, { nullable: true, description: "A comment for the partner (why, when rejected)." })
  comment?: string | null;
}

@Resolver(() => VoucherQuotaApplication)
export class QuotaApplicationResolver {
  @Mutation(() => VoucherQuotaApplication, {
    description:
      "Apply for a voucher quota (admin). A platform reviewer approves it (the quota then appears in voucherQuotas) or rejects it; one application of a type is under review at a time.",
  })
  applyForVoucherQuota(
    @Arg("input", () => VoucherQuotaApplicationInput, { description: "What to apply for, and why." })
    input: VoucherQuotaApplicationInput,
    @Ctx() { actor, db }: Context,
  ): Promise<VoucherQuotaApplication> {
    const admin = requireRole(actor, ["admin"], "apply for voucher quotas");
    const request = checkQuotaRequest(input);
    return db.transaction((tx) => fileApplication(tx, admin.partnerId, admin.subject, input.type, request));
  }

  @Query(() => [VoucherQuotaApplication], {
    description: "My partner's voucher quota applications, newest first (admin, analyst).",
  })
  voucherQuotaApplications(@Ctx() { actor, db }: Context): Promise<VoucherQuotaApplication[]> {
    const staff = requireRole(actor, ["admin", "analyst"], "read voucher quota applications");
    return db
      .getRepository(VoucherQuotaApplication)
      .find({ where: { partnerId: staff.partnerId }, order: { appliedAt: "DESC", id: "ASC" } });
  }

  @Query(() => [VoucherQuotaApplication], {
    description: "Voucher quota applications under review, oldest first (platform reviewer).",
  })
  pendingVoucherQuotaApplications(@Ctx() { actor, db }: Context): Promise<VoucherQuotaApplication[]> {
    requirePlatform(actor);
    return db.getRepository(VoucherQuotaApplication).find({
      where: { status: QuotaApplicationStatus.UNDER_REVIEW },
      order: { appliedAt: "ASC", id: "ASC" },
    });
  }

  @Mutation(() => VoucherQuotaApplication, {
    description:
      "Approve or reject a voucher quota application (platform reviewer). Approval grants the quota, usable from now for the months applied for, in the same transaction.",
  })
  reviewVoucherQuotaApplication(
    @Arg("input", () => VoucherQuotaReviewInput, { description: "The application and the decision." })
    input: VoucherQuotaReviewInput,
    @Ctx() { actor, db }: Context,
  ): Promise<VoucherQuotaApplication> {
    requirePlatform(actor);
    const comment = reviewComment(input.comment);
    return db.transaction((tx) => decideApplication(tx, input.applicationId, input.approve, comment));
  }

  @FieldResolver(() => VoucherQuota, { nullable: true, description: "The quota granted, once approved." })
  quota(@Root() application: VoucherQuotaApplication, @Ctx() { db }: Context): Promise<VoucherQuota | null> | null {
    return application.quotaId ? db.getRepository(VoucherQuota).findOneBy({ id: application.quotaId }) : null;
  }

  @FieldResolver(() => Partner, { description: "The partner that applied." })
  partner(@Root() application: VoucherQuotaApplication): Partner {
    return { id: application.partnerId };
  }
}
