import type { Express, Request } from "express";
import type { DataSource } from "typeorm";
import { requireStaff, type Actor } from "../../common/actor.js";
import { notFound } from "../../common/errors.js";
import { sendError } from "../../common/httpErrors.js";
import { writeCertificate } from "./certificate.js";
import { Partner } from "./entities/partner.js";
import { Program } from "./entities/program.js";
import { ProgramMembership } from "./entities/programMembership.js";

/** `GET /certificates/<membershipId>.pdf`: a program certificate, for staff of its partner only. */
export function partnersRoutes(
  app: Express,
  { db, actorOf }: { db: DataSource; actorOf(request: Request): Promise<Actor> },
): void {
  app.get("/certificates/:file", async (request, response) => {
    try {
      const staff = requireStaff(await actorOf(request));
      const id = String(request.params.file).replace(/\.pdf$/, "");
      const membership = await db.getRepository(ProgramMembership).findOneBy({ id, partnerId: staff.partnerId });
      if (!membership) throw notFound("certificate", id);
      const [program, partner] = await Promise.all([
        db.getRepository(Program).findOneByOrFail({ id: membership.programId }),
        db.getRepository(Partner).findOneByOrFail({ id: staff.partnerId }),
      ]);
      writeCertificate(
        {
          partnerName: partner.name,
          programName: program.name,
          certificateNumber: membership.certificateNumber,
          joinedAt: membership.joinedAt,
          validUntil: membership.validUntil,
        },
        response,
      );
    } catch (error) {
      sendError(response, error);
    }
  });
}
