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
import { requirePlatform, requireRole } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { notFound } from "../../../common/errors.js";
import { StaffOnly } from "../../common/staffOnly.js";
import { BusinessCertification, CertificationStatus } from "../entities/businessCertification.js";
import { Document } from "../entities/document.js";
import { Partner } from "../entities/partner.js";
import { SupplierRecord } from "../entities/supplierRecord.js";
import type { PartnersLoaders } from "../loaders.js";
import {
  assertMaySubmit,
  assertUnderReview,
  checkReview,
  checkSubmission,
  decodeDocument,
  matchesSupplier,
  reviewOutcome,
  submissionOutcome,
} from "../certifications.js";

type Context = SubgraphContext<PartnersLoaders>;

@InputType({ description: "A file to upload, its content in base64 (at most 5 MB once decoded)." })
export class DocumentInput {
  @Field(() => String, { description: 'File name, e.g. "bank-letter.pdf".' })
  fileName!: string;

  @Field(() => String, { description: "application/pdf, image/png or image/jpeg." })
  contentType!: string;

  @Field(() => String, { description: "The file's bytes, base64-encoded." })
  contentBase64!: string;
}

@InputType({ description: "My partner's business information for certification." })
export class BusinessCertificationInput {
  @Field(() => String, { description: "The company's registered name." })
  companyName!: string;

  @Field(() => String, { description: "The bank of the company's account." })
  bankName!: string;

  @Field(() => String, { description: "The bank account number, digits only." })
  bankAccount!: string;

  @Field(() => String, { description: "The account holder's name." })
  accountHolder!: string;

  @Field(() => DocumentInput, {
    nullable: true,
    description:
      "A bank letter (银行函) proving the account; needed when the bank details differ from the supplier records.",
  })
  bankLetter?: DocumentInput | null;
}

@InputType({ description: "A platform reviewer's decision on a certification under manual review." })
export class CertificationReviewInput {
  @Field(() => ID, { description: "The submission reviewed." })
  certificationId!: string;

  @Field(() => Boolean, { description: "true to approve, false to fail it." })
  approve!: boolean;

  @Field(() => String, { nullable: true, description: "Why it failed; required when approve is false." })
  reason?: string | null;
}

@Resolver(() => BusinessCertification)
export class BusinessCertificationResolver {
  @Mutation(() => BusinessCertification, {
    description:
      "Submit (or resubmit) my partner's business information (admin). Bank details matching the platform's supplier records are certified at once; otherwise a bank letter is needed and goes to manual review.",
  })
  async submitBusinessCertification(
    @Arg("input", () => BusinessCertificationInput, {
      description: "The business information, or the review's outcome.",
    })
    input: BusinessCertificationInput,
    @Ctx() { actor, db }: Context,
  ): Promise<BusinessCertification> {
    const admin = requireRole(actor, ["admin"], "submit business information");
    checkSubmission(input);
    const letter = input.bankLetter ? decodeDocument(input.bankLetter, admin.partnerId) : null;
    return db.transaction(async (tx) => {
      const latest = await tx
        .getRepository(BusinessCertification)
        .findOne({ where: { partnerId: admin.partnerId }, order: { submittedAt: "DESC", id: "DESC" } });
      assertMaySubmit(latest);
      const supplier = await tx.getRepository(SupplierRecord).findOneBy({ partnerId: admin.partnerId });
      const matches = matchesSupplier(supplier, input);
      const now = new Date();
      if (letter) await tx.getRepository(Document).insert(letter);
      const certification = Object.assign(new BusinessCertification(), {
        id: randomUUID(),
        partnerId: admin.partnerId,
        companyName: input.companyName,
        bankName: input.bankName,
        bankAccount: input.bankAccount,
        accountHolder: input.accountHolder,
        bankLetterId: letter?.id ?? null,
        submittedAt: now.toISOString(),
        ...submissionOutcome(matches, letter !== null, now),
      });
      await tx.getRepository(BusinessCertification).insert(certification);
      return certification;
    });
  }

  @Mutation(() => BusinessCertification, {
    description:
      "Record the outcome of a manual review (platform reviewer). Approval makes the submitted bank account the supplier record.",
  })
  async reviewBusinessCertification(
    @Arg("input", () => CertificationReviewInput, { description: "The business information, or the review's outcome." })
    input: CertificationReviewInput,
    @Ctx() { actor, db }: Context,
  ): Promise<BusinessCertification> {
    requirePlatform(actor);
    checkReview(input);
    return db.transaction(async (tx) => {
      const certification = await tx.getRepository(BusinessCertification).findOneBy({ id: input.certificationId });
      if (!certification) throw notFound("business certification", input.certificationId);
      assertUnderReview(certification);
      Object.assign(certification, reviewOutcome(input, new Date().toISOString()));
      await tx.getRepository(BusinessCertification).save(certification);
      if (input.approve) {
        const { partnerId, bankName, bankAccount, accountHolder } = certification;
        await tx.getRepository(SupplierRecord).save({ partnerId, bankName, bankAccount, accountHolder });
      }
      return certification;
    });
  }

  @Query(() => [BusinessCertification], {
    description: "Submissions waiting for manual review, oldest first (platform reviewer).",
  })
  pendingBusinessCertifications(@Ctx() { actor, db }: Context): Promise<BusinessCertification[]> {
    requirePlatform(actor);
    return db
      .getRepository(BusinessCertification)
      .find({ where: { status: CertificationStatus.MANUAL_REVIEW }, order: { submittedAt: "ASC" } });
  }

  @FieldResolver(() => Document, { nullable: true, description: "The bank letter submitted with it, if any." })
  bankLetter(
    @Root() certification: BusinessCertification,
    @Ctx() { loaders }: Context,
  ): Promise<Document | null> | null {
    return certification.bankLetterId ? loaders.document.load(certification.bankLetterId) : null;
  }

  @FieldResolver(() => Partner, { description: "The partner that submitted it." })
  async partner(@Root() certification: BusinessCertification, @Ctx() { loaders }: Context): Promise<Partner> {
    return (await loaders.partner.load(certification.partnerId))!;
  }
}

@Resolver(() => Partner)
export class PartnerCertificationResolver {
  @FieldResolver(() => BusinessCertification, {
    nullable: true,
    description: "The latest business-information certification; null if never submitted. Staff only.",
  })
  @UseMiddleware(StaffOnly)
  async businessCertification(
    @Root() partner: Partner,
    @Ctx() { loaders }: Context,
  ): Promise<BusinessCertification | null> {
    return (await loaders.certificationsOfPartner.load(partner.id))[0] ?? null;
  }

  @FieldResolver(() => [BusinessCertification], { description: "Every submission, newest first. Staff only." })
  @UseMiddleware(StaffOnly)
  businessCertificationHistory(
    @Root() partner: Partner,
    @Ctx() { loaders }: Context,
  ): Promise<BusinessCertification[]> {
    return loaders.certificationsOfPartner.load(partner.id);
  }
}
