import { In } from "typeorm";
import { isStaff } from "../../common/actor.js";
import { rowLoader, rowsLoader } from "../common/loaders.js";
import type { RequestScope } from "../common/subgraph.js";
import { BenefitGrant } from "./entities/benefitGrant.js";
import { BusinessCertification } from "./entities/businessCertification.js";
import { CapabilityLabel } from "./entities/capabilityLabel.js";
import { CapabilityLabelApplication } from "./entities/capabilityLabelApplication.js";
import { DevelopmentPath } from "./entities/developmentPath.js";
import { Document } from "./entities/document.js";
import { Partner } from "./entities/partner.js";
import { Program } from "./entities/program.js";
import { ProgramBenefit } from "./entities/programBenefit.js";
import { ProgramMembership } from "./entities/programMembership.js";
import { Staff } from "./entities/staff.js";

/**
 * Every loader of partner data is scoped to the actor's partner in SQL: another partner's
 * rows never load. Customers and platform reviewers load partners' public profile only
 * (their sensitive fields are `StaffOnly`); catalogues (programs, labels) are public.
 */
export function createLoaders({ db, actor }: RequestScope) {
  const own = isStaff(actor) ? actor.partnerId : null;
  const mine = (partnerIds: readonly string[]) => (own ? partnerIds.filter((id) => id === own) : []);
  const publicProfiles = ["customer", "platform", "service"].includes(actor.role);
  const repo = db.getRepository.bind(db);
  return {
    partner: rowLoader<string, Partner>(
      (ids) => repo(Partner).findBy({ id: In(own ? mine(ids) : publicProfiles ? [...ids] : []) }),
      (p) => p.id,
    ),
    staff: rowLoader<string, Staff>(
      (ids) => (own ? repo(Staff).findBy({ id: In([...ids]), partnerId: own }) : Promise.resolve([])),
      (s) => s.id,
    ),
    staffOfPartner: rowsLoader<string, Staff>(
      (ids) => repo(Staff).find({ where: { partnerId: In(mine(ids)) }, order: { name: "ASC", id: "ASC" } }),
      (s) => s.partnerId,
    ),
    reports: rowsLoader<string, Staff>(
      (ids) =>
        own
          ? repo(Staff).find({
              where: { supervisorId: In([...ids]), partnerId: own },
              order: { name: "ASC", id: "ASC" },
            })
          : Promise.resolve([]),
      (s) => s.supervisorId!,
    ),
    program: rowLoader<string, Program>(
      (ids) => repo(Program).findBy({ id: In([...ids]) }),
      (p) => p.id,
    ),
    benefitsOfProgram: rowsLoader<string, ProgramBenefit>(
      (ids) => repo(ProgramBenefit).find({ where: { programId: In([...ids]) }, order: { name: "ASC" } }),
      (b) => b.programId,
    ),
    benefit: rowLoader<string, ProgramBenefit>(
      (ids) => repo(ProgramBenefit).findBy({ id: In([...ids]) }),
      (b) => b.id,
    ),
    membershipsOfPartner: rowsLoader<string, ProgramMembership>(
      (ids) => repo(ProgramMembership).find({ where: { partnerId: In(mine(ids)) }, order: { joinedAt: "ASC" } }),
      (m) => m.partnerId,
    ),
    grantsOfMembership: rowsLoader<string, BenefitGrant>(
      (ids) =>
        own
          ? repo(BenefitGrant).find({
              where: { membershipId: In([...ids]), partnerId: own },
              order: { grantedAt: "ASC" },
            })
          : Promise.resolve([]),
      (g) => g.membershipId,
    ),
    certificationsOfPartner: rowsLoader<string, BusinessCertification>(
      (ids) =>
        repo(BusinessCertification).find({
          where: { partnerId: In(actor.role === "platform" ? [...ids] : mine(ids)) },
          order: { submittedAt: "DESC", id: "DESC" },
        }),
      (c) => c.partnerId,
    ),
    document: rowLoader<string, Document>(
      (ids) =>
        repo(Document).findBy({ id: In([...ids]), ...(actor.role === "platform" ? {} : { partnerId: own ?? "" }) }),
      (d) => d.id,
    ),
    label: rowLoader<string, CapabilityLabel>(
      (ids) => repo(CapabilityLabel).findBy({ id: In([...ids]) }),
      (l) => l.id,
    ),
    labelApplicationsOfPartner: rowsLoader<string, CapabilityLabelApplication>(
      (ids) =>
        repo(CapabilityLabelApplication).find({
          where: { partnerId: In(mine(ids)) },
          order: { appliedAt: "DESC", id: "DESC" },
        }),
      (a) => a.partnerId,
    ),
    developmentPath: rowLoader<string, DevelopmentPath>(
      (ids) => repo(DevelopmentPath).findBy({ partnerId: In(mine(ids)) }),
      (d) => d.partnerId,
    ),
  };
}

export type PartnersLoaders = ReturnType<typeof createLoaders>;
