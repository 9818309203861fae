import type { DataSource } from "typeorm";
import { demoPartners, type DemoOptions } from "../common/demo.js";
import { Partner, PartnerType, TaxpayerType } from "./entities/partner.js";
import { Staff, StaffRole } from "./entities/staff.js";

export async function seedPartners(db: DataSource, demo: DemoOptions, progress: (message: string) => void): Promise<void> {
  const partners = demoPartners(demo.seed);
  await db.transaction(async (tx) => {
    await tx.getRepository(Partner).insert(
      partners.map((p) => ({
        id: p.id,
        name: p.name,
        type: p.type as PartnerType,
        taxpayerType: p.taxpayerType as TaxpayerType,
        verificationCodesEnabled: false,
        joinedAt: p.joinedAt,
      })),
    );
    const staff = partners.flatMap((p) => p.staff);
    await tx.getRepository(Staff).insert(
      staff.map((s) => ({ id: s.id, partnerId: s.partnerId, name: s.name, email: s.email, role: s.role.toUpperCase() as StaffRole, supervisorId: s.supervisorId })),
    );
    progress(`${partners.length} partners, ${staff.length} staff`);
  });
}
