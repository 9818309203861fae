import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";
import { PartnerReference } from "./partner.js";
import { IdColumn, RefColumn, InstantColumn } from "../../common/columns.js";

export enum DissociationRequestStatus {
  PENDING = "PENDING",
  EFFECTIVE = "EFFECTIVE",
  CANCELLED = "CANCELLED",
  BLOCKED = "BLOCKED",
}
registerEnumType(DissociationRequestStatus, {
  name: "DissociationRequestStatus",
  description: "Where a dissociation request stands.",
  valuesConfig: {
    PENDING: { description: "Filed; the association ends when the 7-day waiting period is over (effectiveAt)." },
    EFFECTIVE: { description: "The waiting period ended and the association ended with it." },
    CANCELLED: { description: "Withdrawn by the side that filed it before it took effect." },
    BLOCKED: {
      description:
        "When the waiting period ended a blocker stood in the way (frozen account, reserved instances, enterprise members, the 3-month rule): the association continues; the comment names the blocker.",
    },
  },
});

export enum DissociationSide {
  PARTNER = "PARTNER",
  CUSTOMER = "CUSTOMER",
}
registerEnumType(DissociationSide, {
  name: "DissociationSide",
  description: "Who filed a dissociation request.",
  valuesConfig: {
    PARTNER: { description: "The partner's admin, in the partner center." },
    CUSTOMER: { description: "The customer, in its account center." },
  },
});

/**
 * A request, by the partner or by the customer, to end their association. It takes effect by
 * itself when its waiting period ends (docs/domain.md, Dissociation); until then the
 * association stands and the side that filed it may withdraw it.
 */
@ObjectType({
  description:
    "A request to end a customer's association with a partner, filed by either side; the association ends when the 7-day waiting period is over unless the request is withdrawn first.",
})
@Entity({ name: "dissociation_requests" })
@Index(["partnerId", "requestedAt"])
@Index(["status", "effectiveAt"])
@Index("dissociation_requests_one_pending", ["associationId"], { unique: true, where: "status = 'PENDING'" })
export class DissociationRequest {
  @Field(() => ID, { description: "The request's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @RefColumn({ name: "customer_id" })
  customerId!: string;

  @RefColumn({ name: "association_id" })
  associationId!: string;

  @Field(() => DissociationSide, { description: "Who filed it: the partner or the customer." })
  @Column({ name: "filed_by", type: "varchar", length: 20 })
  filedBy!: DissociationSide;

  /** The subject of the token that filed it (staff or customer account). */
  @Column({ name: "requested_by", type: "varchar", length: 128 })
  requestedBy!: string;

  @Field(() => String, { description: "The reason given by the side that filed it." })
  @Column({ type: "varchar", length: 500 })
  reason!: string;

  @Field(() => DissociationRequestStatus, { description: "Where it stands." })
  @Column({ type: "varchar", length: 20 })
  status!: DissociationRequestStatus;

  @Field(() => DateTimeScalar, { description: "When it was filed." })
  @InstantColumn({ name: "requested_at" })
  requestedAt!: string;

  @Field(() => DateTimeScalar, {
    description: "When the waiting period ends: a pending request takes effect at this instant (7 days after filing).",
  })
  @InstantColumn({ name: "effective_at" })
  effectiveAt!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it took effect, was withdrawn or was blocked." })
  @InstantColumn({ name: "decided_at", nullable: true })
  decidedAt!: string | null;

  @Field(() => String, { nullable: true, description: "Why it was withdrawn, or the blocker that stopped it." })
  @Column({ type: "varchar", length: 500, nullable: true })
  comment!: string | null;

  @Field(() => PartnerReference, { description: "The partner the association is with." })
  get partner(): PartnerReference {
    return { id: this.partnerId };
  }
}
