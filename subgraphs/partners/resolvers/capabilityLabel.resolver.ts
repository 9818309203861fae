import { randomUUID } from "node:crypto";
import {
  Arg,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  Query,
  Resolver,
  Root,
  UseMiddleware,
} from "type-graphql";
import { requirePlatform, requireRole, requireStaff } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { notFound } from "../../../common/errors.js";
import { StaffOnly } from "../../common/staffOnly.js";
import { CapabilityLabel } from "../entities/capabilityLabel.js";
import { CapabilityLabelApplication, ReviewStatus } from "../entities/capabilityLabelApplication.js";
import { Partner } from "../entities/partner.js";
import type { PartnersLoaders } from "../loaders.js";
import { assertMayApply, assertUnderReview, reviewDueBy, reviewOutcome } from "../capabilityLabels.js";

type Context = SubgraphContext<PartnersLoaders>;

@InputType({ description: "A platform reviewer's decision on a capability-label application." })
export class CapabilityLabelReviewInput {
  @Field(() => ID, { description: "The application reviewed." })
  applicationId!: string;

  @Field(() => Boolean, { description: "true to approve, false to reject." })
  approve!: boolean;

  @Field(() => String, { nullable: true, description: "The reviewer's comment for the partner." })
  comment?: string | null;
}

@Resolver(() => CapabilityLabelApplication)
export class CapabilityLabelResolver {
  @Query(() => [CapabilityLabel], {
    description: "The capability labels (能力标签) partners can apply for, with each review's service level.",
  })
  capabilityLabels(@Ctx() { actor, db }: Context): Promise<CapabilityLabel[]> {
    requireStaff(actor);
    return db.getRepository(CapabilityLabel).find({ order: { name: "ASC" } });
  }

  @Mutation(() => CapabilityLabelApplication, {
    description: "Apply for a capability label (admin); the review is due within the label's service level.",
  })
  async applyForCapabilityLabel(
    @Arg("labelId", () => ID, { description: "The label applied for." }) labelId: string,
    @Ctx() { actor, db, loaders }: Context,
  ): Promise<CapabilityLabelApplication> {
    const admin = requireRole(actor, ["admin"], "apply for capability labels");
    const label = await loaders.label.load(labelId);
    if (!label) throw notFound("capability label", labelId);
    return db.transaction(async (tx) => {
      const earlier = await tx
        .getRepository(CapabilityLabelApplication)
        .findBy({ partnerId: admin.partnerId, labelId });
      assertMayApply(label, earlier);
      const now = new Date();
      const application = Object.assign(new CapabilityLabelApplication(), {
        id: randomUUID(),
        partnerId: admin.partnerId,
        labelId,
        status: ReviewStatus.UNDER_REVIEW,
        appliedAt: now.toISOString(),
        reviewDueBy: reviewDueBy(label, now),
        reviewedAt: null,
        comment: null,
      });
      await tx.getRepository(CapabilityLabelApplication).insert(application);
      return application;
    });
  }

  @Mutation(() => CapabilityLabelApplication, {
    description: "Approve or reject a capability-label application (platform reviewer).",
  })
  async reviewCapabilityLabel(
    @Arg("input", () => CapabilityLabelReviewInput, { description: "The application and the review's outcome." })
    input: CapabilityLabelReviewInput,
    @Ctx() { actor, db }: Context,
  ): Promise<CapabilityLabelApplication> {
    requirePlatform(actor);
    return db.transaction(async (tx) => {
      const application = await tx.getRepository(CapabilityLabelApplication).findOneBy({ id: input.applicationId });
      if (!application) throw notFound("capability label application", input.applicationId);
      assertUnderReview(application);
      Object.assign(application, reviewOutcome(input, new Date().toISOString()));
      await tx.getRepository(CapabilityLabelApplication).save(application);
      return application;
    });
  }

  @Query(() => [CapabilityLabelApplication], {
    description: "Applications under review, oldest first (platform reviewer).",
  })
  pendingCapabilityLabelApplications(@Ctx() { actor, db }: Context): Promise<CapabilityLabelApplication[]> {
    requirePlatform(actor);
    return db
      .getRepository(CapabilityLabelApplication)
      .find({ where: { status: ReviewStatus.UNDER_REVIEW }, order: { appliedAt: "ASC" } });
  }

  @FieldResolver(() => CapabilityLabel, { description: "The label applied for." })
  async label(@Root() application: CapabilityLabelApplication, @Ctx() { loaders }: Context): Promise<CapabilityLabel> {
    return (await loaders.label.load(application.labelId))!;
  }

  @FieldResolver(() => Partner, { description: "The partner that applied." })
  async partner(@Root() application: CapabilityLabelApplication, @Ctx() { loaders }: Context): Promise<Partner> {
    return (await loaders.partner.load(application.partnerId))!;
  }
}

@Resolver(() => Partner)
export class PartnerCapabilityLabelsResolver {
  @FieldResolver(() => [CapabilityLabelApplication], {
    description: "My partner's capability-label applications, newest first. Staff only.",
  })
  @UseMiddleware(StaffOnly)
  capabilityLabelApplications(
    @Root() partner: Partner,
    @Ctx() { loaders }: Context,
  ): Promise<CapabilityLabelApplication[]> {
    return loaders.labelApplicationsOfPartner.load(partner.id);
  }
}
