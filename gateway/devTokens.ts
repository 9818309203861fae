import { claimsOfActor, ROLES, STAFF_ROLES, type Actor, type Role, type StaffRole } from "../common/actor.js";
import { DEFAULT_DEMO, demoCustomers, demoPartners, type DemoOptions } from "../common/demo.js";
import { mintToken } from "./auth.js";

/** The demo ids a developer needs to make tokens: partners, their staff, a few customers each. */
export interface DemoDirectory {
  partners: {
    id: string;
    name: string;
    type: string;
    staff: { id: string; role: StaffRole; name: string }[];
    customers: string[];
  }[];
}

export function demoDirectory(demo: DemoOptions = DEFAULT_DEMO, customersEach = 5): DemoDirectory {
  const partners = demoPartners(demo.seed).map((p) => ({
    id: p.id,
    name: p.name,
    type: p.type,
    staff: p.staff.map((s) => ({ id: s.id, role: s.role, name: s.name })),
    customers: [] as string[],
  }));
  for (const customer of demoCustomers(demo)) {
    const partner = partners.find((p) => p.id === customer.partnerId)!;
    if (partner.customers.length < customersEach) partner.customers.push(customer.id);
    if (partners.every((p) => p.customers.length >= customersEach)) break;
  }
  return { partners };
}

export interface TokenRequest {
  role: string;
  partner?: string;
  staff?: string;
  customer?: string;
}

/**
 * The actor a development token stands for. Left out, the partner is the first demo partner,
 * and the staff member or customer one of that partner's of the role. A platform reviewer
 * belongs to no partner; `--staff` names the reviewer.
 */
export function demoActor(request: TokenRequest, directory: DemoDirectory = demoDirectory()): Actor {
  if (!ROLES.includes(request.role as Role))
    throw new Error(`--role must be one of ${ROLES.join(", ")}; got "${request.role}".`);
  const partner = request.partner ? directory.partners.find((p) => p.id === request.partner) : directory.partners[0];
  // Named ids stand as given (a customer created after seeding has a token too); a partner to pick them from must exist.
  if (!partner && !request.staff && !request.customer && request.role !== "platform")
    throw new Error(`No demo partner has the id "${request.partner}" (see --list).`);
  if (request.role === "platform") return { role: "platform", subject: request.staff ?? "platform-reviewer" };
  if (request.role === "customer") {
    const customerId = request.customer ?? partner?.customers[0];
    if (!customerId) throw new Error("Name the customer with --customer (see --list).");
    return { role: "customer", subject: customerId, customerId };
  }
  const partnerId = request.partner ?? partner!.id;
  const staffId = request.staff ?? partner?.staff.find((s) => s.role === request.role)?.id;
  if (!staffId) throw new Error(`Name the ${request.role} with --staff (see --list).`);
  if (!STAFF_ROLES.includes(request.role as StaffRole)) throw new Error(`Unknown staff role "${request.role}".`);
  return { role: request.role as StaffRole, subject: staffId, partnerId, staffId };
}

export function mintDemoToken(request: TokenRequest, secret: Uint8Array, expiresIn = "12h"): Promise<string> {
  return mintToken(claimsOfActor(demoActor(request)), secret, expiresIn);
}
