import type { MigrationInterface, QueryRunner } from "typeorm";
import { claimDeadlineOf } from "../claimDeadline.js";

/**
 * Claim deadlines were 365 days after the notice; they are one calendar year after it
 * (claimDeadline.ts). Rewrites every notice's deadline from its notice date, and gives back a
 * notice that expired only because of the short deadline (not claimed, new deadline ahead).
 */
export class CalendarYearDeadlines1764806400000 implements MigrationInterface {
  name = "CalendarYearDeadlines1764806400000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const notices: { id: string; notifiedAt: string; deadline: string; status: string }[] = await queryRunner.manager
      .createQueryBuilder()
      .select("n.id", "id")
      .addSelect("n.notified_at", "notifiedAt")
      .addSelect("n.claim_deadline", "deadline")
      .addSelect("n.status", "status")
      .from("incentive_notices", "n")
      .getRawMany();
    const now = new Date().toISOString();
    const postgres = queryRunner.connection.options.type === "postgres";
    for (const notice of notices) {
      const deadline = claimDeadlineOf(notice.notifiedAt);
      if (deadline === notice.deadline) continue;
      const reopened = notice.status === "EXPIRED" && deadline > now && notice.deadline <= now;
      const [first, second, third] = postgres ? ["$1", "$2", "$3"] : ["?", "?", "?"];
      await queryRunner.query(
        `UPDATE incentive_notices SET claim_deadline = ${first}, status = ${second} WHERE id = ${third}`,
        [deadline, reopened ? "NOTIFIED" : notice.status, notice.id],
      );
    }
  }

  async down(): Promise<void> {
    // The 365-day deadlines were wrong; there is nothing to go back to.
  }
}
