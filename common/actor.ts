import { forbidden, unauthenticated } from "./errors.js";

/**
 * Roles of partner staff; `customer` is a sub-customer's own account; `platform` a reviewer
 * of the cloud provider (certifications, capability labels), who sees no partner's lists.
 */
export const STAFF_ROLES = ["admin", "supervisor", "manager", "analyst"] as const;
export const ROLES = [...STAFF_ROLES, "customer", "platform"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type Role = (typeof ROLES)[number];

export interface StaffActor {
  readonly role: StaffRole;
  readonly subject: string;
  readonly partnerId: string;
  /** Absent only for an admin or analyst token that names no person. */
  readonly staffId: string | null;
}
export interface CustomerActor {
  readonly role: "customer";
  readonly subject: string;
  readonly customerId: string;
}
export interface PlatformActor {
  readonly role: "platform";
  readonly subject: string;
}
/** A subgraph acting on its own (background work); only subgraph-signed tokens carry it. */
export interface ServiceActor {
  readonly role: "service";
  readonly subject: string;
}
/** Only where a deployment turned AUTH_REQUIRED off: sees the schema, no partner data. */
export interface AnonymousActor {
  readonly role: "anonymous";
  readonly subject: "anonymous";
}
export type Actor = StaffActor | CustomerActor | PlatformActor | ServiceActor | AnonymousActor;

export const ANONYMOUS: AnonymousActor = { role: "anonymous", subject: "anonymous" };

/** The token claims of docs/architecture.md, as both tokens (client's and gateway's) carry them. */
export interface ActorClaims {
  sub?: unknown;
  role?: unknown;
  partner_id?: unknown;
  staff_id?: unknown;
  customer_id?: unknown;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 && value.length <= 128 ? value : null;
}

/**
 * Validates claims into an actor; any inconsistency is UNAUTHENTICATED, never a guess.
 * `service` is accepted only where the caller says so (tokens subgraphs sign, never clients').
 */
export function actorFromClaims(claims: ActorClaims, { allowService = false } = {}): Actor {
  const role = claims.role;
  const subject = text(claims.sub);
  if (!subject) throw unauthenticated("The token has no subject (sub).");
  if (role === "anonymous" && subject === "anonymous" && allowService) return ANONYMOUS;
  if (role === "service" && allowService) return { role, subject };
  if (role === "platform") return { role, subject };
  if (role === "customer") {
    const customerId = text(claims.customer_id);
    if (!customerId) throw unauthenticated("A customer token must carry customer_id.");
    return { role, subject, customerId };
  }
  if (!STAFF_ROLES.includes(role as StaffRole)) {
    throw unauthenticated(`The token's role must be one of ${ROLES.join(", ")}.`);
  }
  const partnerId = text(claims.partner_id);
  if (!partnerId) throw unauthenticated(`A ${String(role)} token must carry partner_id.`);
  const staffId = text(claims.staff_id);
  if (!staffId && (role === "supervisor" || role === "manager")) {
    throw unauthenticated(`A ${role} token must carry staff_id.`);
  }
  return { role: role as StaffRole, subject, partnerId, staffId };
}

export function claimsOfActor(actor: Actor): Record<string, string> {
  switch (actor.role) {
    case "anonymous":
    case "platform":
    case "service":
      return { sub: actor.subject, role: actor.role };
    case "customer":
      return { sub: actor.subject, role: actor.role, customer_id: actor.customerId };
    default:
      return {
        sub: actor.subject,
        role: actor.role,
        partner_id: actor.partnerId,
        ...(actor.staffId ? { staff_id: actor.staffId } : {}),
      };
  }
}

export function isStaff(actor: Actor): actor is StaffActor {
  return (STAFF_ROLES as readonly string[]).includes(actor.role);
}

/** The partner whose data a request may touch; every tenant-scoped query starts here. */
export function requireStaff(actor: Actor): StaffActor {
  if (isStaff(actor)) return actor;
  if (actor.role === "anonymous") throw unauthenticated("Sign in: this field needs a partner staff token.");
  throw forbidden(`This field is for partner staff; a ${actor.role} token cannot use it.`);
}

/** Staff of one of the given roles, else FORBIDDEN naming who may. */
export function requireRole<R extends StaffRole>(
  actor: Actor,
  roles: readonly R[],
  what: string,
): StaffActor & { role: R } {
  const staff = requireStaff(actor);
  if (!(roles as readonly string[]).includes(staff.role))
    throw forbidden(`Only ${roles.join(" or ")} may ${what}; you are ${staff.role}.`);
  return staff as StaffActor & { role: R };
}

export function requireCustomer(actor: Actor): CustomerActor {
  if (actor.role === "customer") return actor;
  if (actor.role === "anonymous") throw unauthenticated("Sign in with a customer token.");
  throw forbidden("Only the customer itself may do this, from its own account.");
}

export function requirePlatform(actor: Actor): PlatformActor {
  if (actor.role === "platform") return actor;
  if (actor.role === "anonymous") throw unauthenticated("Sign in with a platform reviewer token.");
  throw forbidden("Only a platform reviewer may record a review outcome.");
}
