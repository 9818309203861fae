import { randomUUID } from "node:crypto";
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, UseMiddleware } from "type-graphql";
import { requireRole, requireStaff } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { notFound } from "../../../common/errors.js";
import { StaffOnly } from "../../common/staffOnly.js";
import { BenefitGrant } from "../entities/benefitGrant.js";
import { Partner } from "../entities/partner.js";
import { Program } from "../entities/program.js";
import { ProgramBenefit } from "../entities/programBenefit.js";
import { ProgramMembership } from "../entities/programMembership.js";
import type { PartnersLoaders } from "../loaders.js";
import { assertMayJoin, assertNotMember, benefitValidUntil, certificateOf } from "../programs.js";

type Context = SubgraphContext<PartnersLoaders>;

@Resolver(() => Program)
export class ProgramResolver {
  @Query(() => [Program], {
    description: "The programs partners may join: partner programs (伙伴计划) and the co-expansion program (共拓计划).",
  })
  programs(@Ctx() { actor, db }: Context): Promise<Program[]> {
    requireStaff(actor);
    return db.getRepository(Program).find({ order: { kind: "ASC", name: "ASC" } });
  }

  @FieldResolver(() => [ProgramBenefit], {
    description: "The benefits (权益) a member gets; the co-expansion program grants them on joining.",
  })
  benefits(@Root() program: Program, @Ctx() { loaders }: Context): Promise<ProgramBenefit[]> {
    return loaders.benefitsOfProgram.load(program.id);
  }

  @Mutation(() => ProgramMembership, {
    description: "Join a program (admin). Grants the program's benefits and issues its certificate.",
  })
  async joinProgram(
    @Arg("programId", () => ID, { description: "The program to join." }) programId: string,
    @Ctx() { actor, db, loaders }: Context,
  ): Promise<ProgramMembership> {
    const admin = requireRole(actor, ["admin"], "join programs");
    const program = await loaders.program.load(programId);
    if (!program) throw notFound("program", programId);
    const partner = (await loaders.partner.load(admin.partnerId))!;
    assertMayJoin(program, partner);
    return db.transaction(async (tx) => {
      assertNotMember(
        program,
        await tx.getRepository(ProgramMembership).existsBy({ partnerId: admin.partnerId, programId }),
      );
      const now = new Date();
      const membership = Object.assign(new ProgramMembership(), {
        id: randomUUID(),
        partnerId: admin.partnerId,
        programId,
        joinedAt: now.toISOString(),
        ...certificateOf(program, now),
      });
      await tx.getRepository(ProgramMembership).insert(membership);
      const benefits = await tx.getRepository(ProgramBenefit).findBy({ programId });
      await tx.getRepository(BenefitGrant).insert(
        benefits.map((benefit) => ({
          id: randomUUID(),
          partnerId: admin.partnerId,
          membershipId: membership.id,
          benefitId: benefit.id,
          grantedAt: membership.joinedAt,
          validUntil: benefitValidUntil(benefit, now),
        })),
      );
      return membership;
    });
  }
}

@Resolver(() => ProgramMembership)
export class ProgramMembershipResolver {
  @FieldResolver(() => Program, { description: "The program joined." })
  async program(@Root() membership: ProgramMembership, @Ctx() { loaders }: Context): Promise<Program> {
    return (await loaders.program.load(membership.programId))!;
  }

  @FieldResolver(() => String, {
    description:
      "A link to download the certificate (PDF), for a browser's `<a href>`: signed for you, valid 5 minutes, " +
      "no Authorization header needed. Ask again for a fresh one.",
  })
  certificateUrl(@Root() membership: ProgramMembership, @Ctx() { downloadLink }: Context): string {
    return downloadLink(`/certificates/${membership.id}.pdf`);
  }

  @FieldResolver(() => [BenefitGrant], { description: "Benefits granted by this membership (co-expansion program)." })
  benefits(@Root() membership: ProgramMembership, @Ctx() { loaders }: Context): Promise<BenefitGrant[]> {
    return loaders.grantsOfMembership.load(membership.id);
  }
}

@Resolver(() => BenefitGrant)
export class BenefitGrantResolver {
  @FieldResolver(() => ProgramBenefit, { description: "The benefit granted." })
  async benefit(@Root() grant: BenefitGrant, @Ctx() { loaders }: Context): Promise<ProgramBenefit> {
    return (await loaders.benefit.load(grant.benefitId))!;
  }
}

@Resolver(() => Partner)
export class PartnerProgramsResolver {
  @FieldResolver(() => [ProgramMembership], {
    description: "The programs my partner joined, oldest first. Staff only.",
  })
  @UseMiddleware(StaffOnly)
  programs(@Root() partner: Partner, @Ctx() { loaders }: Context): Promise<ProgramMembership[]> {
    return loaders.membershipsOfPartner.load(partner.id);
  }
}
