import { badUserInput } from "../../common/errors.js";
import type { DevelopmentPath } from "./entities/developmentPath.js";
import { refuse } from "./rules.js";

/**
 * The partner development path (docs/domain.md, Partners) can be walked and left: a partner on
 * it exits once, with a reason. The rules are plain functions of facts; the resolver reads and writes.
 */

/** The reason for exiting, trimmed: 1 to 500 characters. */
export function checkExitReason(reason: string): string {
  if (!reason.trim() || reason.length > 500) throw badUserInput("reason", "reason must be 1 to 500 characters.");
  return reason.trim();
}

/** Only a partner on the path exits it, once. */
export function assertMayExit(path: Pick<DevelopmentPath, "exitedAt"> | null): asserts path is DevelopmentPath {
  if (!path) throw refuse("not-on-development-path", "Your partner is not on the development path.");
  if (path.exitedAt) throw refuse("already-exited", `Your partner exited the development path on ${path.exitedAt}.`);
}
