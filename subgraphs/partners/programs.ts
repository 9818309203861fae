import { randomInt } from "node:crypto";
import type { Partner } from "./entities/partner.js";
import type { Program } from "./entities/program.js";
import type { ProgramBenefit } from "./entities/programBenefit.js";
import { refuse } from "./rules.js";

/**
 * Programs (docs/domain.md, Partners): a partner joins a program once, if the program admits its
 * partner type; joining issues a certificate valid for the program's months and grants its
 * benefits. The rules are plain functions of facts; the resolver reads and writes.
 */

const DAY = 86_400_000;

/** A program for one partner type admits only partners of that type. */
export function assertMayJoin(program: Pick<Program, "name" | "partnerType">, partner: Pick<Partner, "type">): void {
  if (program.partnerType && program.partnerType !== partner.type)
    throw refuse(
      "program-partner-type",
      `Only ${program.partnerType} partners may join ${program.name}; your partner is a ${partner.type}.`,
    );
}

/** A partner joins a program once. */
export function assertNotMember(program: Pick<Program, "name">, member: boolean): void {
  if (member) throw refuse("already-a-member", `Your partner is already a member of ${program.name}.`);
}

/** `months` calendar months after `from`, at the same minute (UTC); a day past a short month's end rolls over. */
export const addMonths = (from: Date, months: number) =>
  new Date(
    Date.UTC(
      from.getUTCFullYear(),
      from.getUTCMonth() + months,
      from.getUTCDate(),
      from.getUTCHours(),
      from.getUTCMinutes(),
    ),
  );

/** A membership's certificate: its number and until when it is valid. */
export function certificateOf(
  program: Pick<Program, "code" | "validityMonths">,
  now: Date,
  serial = randomInt(0, 1_000_000),
): { certificateNumber: string; validUntil: string } {
  return {
    certificateNumber: `PC-${now.getUTCFullYear()}-${program.code}-${String(serial).padStart(6, "0")}`,
    validUntil: addMonths(now, program.validityMonths).toISOString(),
  };
}

/** Until when a benefit granted at `now` lasts. */
export const benefitValidUntil = (benefit: Pick<ProgramBenefit, "validityDays">, now: Date): string =>
  new Date(now.getTime() + benefit.validityDays * DAY).toISOString();
