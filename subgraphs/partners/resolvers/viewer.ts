import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { CustomerReference } from "../entities/customer.js";
import { Partner } from "../entities/partner.js";
import { Staff } from "../entities/staff.js";

export enum ViewerRole {
  ADMIN = "ADMIN",
  SUPERVISOR = "SUPERVISOR",
  MANAGER = "MANAGER",
  ANALYST = "ANALYST",
  CUSTOMER = "CUSTOMER",
  PLATFORM = "PLATFORM",
  SERVICE = "SERVICE",
  ANONYMOUS = "ANONYMOUS",
}
registerEnumType(ViewerRole, {
  name: "ViewerRole",
  description: "The role the caller's token gives it.",
  valuesConfig: {
    ADMIN: { description: "Partner admin." },
    SUPERVISOR: { description: "Customer manager supervisor." },
    MANAGER: { description: "Customer manager." },
    ANALYST: { description: "Read-only analyst of a partner." },
    CUSTOMER: { description: "A sub-customer's own account." },
    PLATFORM: {
      description: "A reviewer of the cloud provider: records certification and capability-label review outcomes.",
    },
    SERVICE: { description: "A subgraph acting on its own (background work); never a client." },
    ANONYMOUS: {
      description: "No token, where the deployment allows that (AUTH_REQUIRED=false); sees no partner data.",
    },
  },
});

@ObjectType({ description: "Who the caller's token says it is." })
export class Viewer {
  @Field(() => String, { description: "The token's subject." })
  subject!: string;

  @Field(() => ViewerRole, { description: "The caller's role." })
  role!: ViewerRole;

  @Field(() => Partner, {
    nullable: true,
    description: "The caller's partner; null for customers and anonymous callers.",
  })
  partner?: Partner | null;

  @Field(() => Staff, { nullable: true, description: "The caller as a staff member, where the token names one." })
  staff?: Staff | null;

  @Field(() => CustomerReference, {
    nullable: true,
    description: "The caller's customer account, for a customer token.",
  })
  customer?: CustomerReference | null;

  @Field(() => ID, { nullable: true, description: "The caller's partner id (also when the partner is not loaded)." })
  partnerId?: string | null;
}
