import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";
import { AssociationType } from "./association.js";
import { IdColumn, RefColumn, InstantColumn } from "../../common/columns.js";

export enum SwitchRequestStatus {
  PENDING = "PENDING",
  APPROVED = "APPROVED",
  REJECTED = "REJECTED",
  CANCELLED = "CANCELLED",
  EXPIRED = "EXPIRED",
}
registerEnumType(SwitchRequestStatus, {
  name: "SwitchRequestStatus",
  description: "Where an association-type switch request stands.",
  valuesConfig: {
    PENDING: { description: "Waiting for the customer's decision in its account center." },
    APPROVED: { description: "The customer approved; the association type changed." },
    REJECTED: { description: "The customer rejected it." },
    CANCELLED: { description: "The partner withdrew it, or the association ended first." },
    EXPIRED: { description: "The customer did not decide within 7 days." },
  },
});

/** A partner's request to switch a customer's association type, pending the customer's consent. */
@ObjectType({
  description: "A request to switch a customer's association type; it takes effect only when the customer approves.",
})
@Entity({ name: "association_switch_requests" })
@Index(["customerId", "status"])
export class AssociationSwitchRequest {
  @Field(() => ID, { description: "The request's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "customer_id" })
  customerId!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @RefColumn({ name: "association_id" })
  associationId!: string;

  @Field(() => AssociationType, { description: "The association type when the request was made." })
  @Column({ name: "from_type", type: "varchar", length: 20 })
  fromType!: AssociationType;

  @Field(() => AssociationType, { description: "The association type asked for." })
  @Column({ name: "target_type", type: "varchar", length: 20 })
  targetType!: AssociationType;

  @Field(() => String, { description: "The partner's reason, shown to the customer." })
  @Column({ type: "varchar", length: 500 })
  reason!: string;

  @Field(() => SwitchRequestStatus, { description: "Where the request stands." })
  @Column({ type: "varchar", length: 20 })
  status!: SwitchRequestStatus;

  @Column({ name: "requested_by", type: "varchar", length: 128 })
  requestedBy!: string;

  @Field(() => DateTimeScalar, { description: "When the partner made the request." })
  @InstantColumn({ name: "requested_at" })
  requestedAt!: string;

  @Field(() => DateTimeScalar, { description: "A pending request expires at this instant (7 days after it was made)." })
  @InstantColumn({ name: "expires_at" })
  expiresAt!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it was decided, cancelled or expired." })
  @InstantColumn({ name: "decided_at", nullable: true })
  decidedAt!: string | null;

  @Field(() => String, { nullable: true, description: "The customer's (or canceller's) comment." })
  @Column({ type: "varchar", length: 500, nullable: true })
  comment!: string | null;
}
