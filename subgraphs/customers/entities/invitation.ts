import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";
import { mask } from "../masking.js";
import { AssociationType } from "./association.js";
import { PartnerReference } from "./partner.js";
import { IdColumn, RefColumn, InstantColumn } from "../../common/columns.js";

export enum InvitationStatus {
  PENDING = "PENDING",
  ACCEPTED = "ACCEPTED",
  DECLINED = "DECLINED",
  EXPIRED = "EXPIRED",
}
registerEnumType(InvitationStatus, {
  name: "InvitationStatus",
  description: "Where a partner's invitation to a customer stands.",
  valuesConfig: {
    PENDING: { description: "Waiting for the customer's answer in its account center." },
    ACCEPTED: { description: "The customer accepted; it is now associated with the partner." },
    DECLINED: { description: "The customer declined." },
    EXPIRED: { description: "The customer did not answer within 7 days." },
  },
});

/**
 * A partner's invitation to an account (by account name or e-mail) to associate with it. The
 * account need not exist yet: whoever holds that account name or address answers it.
 */
@ObjectType({
  description:
    "A partner's invitation to a customer account to associate with it, in a chosen association type; the customer accepts or declines it in its account center.",
})
@Entity({ name: "invitations" })
@Index(["partnerId", "invitedAt"])
export class Invitation {
  @Field(() => ID, { description: "The invitation's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  /** Invited by account name, or null when invited by e-mail. */
  @Column({ name: "account_name", type: "varchar", length: 32, nullable: true })
  accountName!: string | null;

  /** Invited by e-mail (lower case), or null when invited by account name. */
  @Column({ type: "varchar", length: 100, nullable: true })
  email!: string | null;

  @Field(() => AssociationType, { description: "The association type the customer is invited into." })
  @Column({ name: "association_type", type: "varchar", length: 20 })
  associationType!: AssociationType;

  @Field(() => String, { nullable: true, description: "The partner's message to the customer." })
  @Column({ type: "varchar", length: 500, nullable: true })
  message!: string | null;

  @Field(() => String, {
    description: "The invitation code the partner passes on to the customer; the account center shows it too.",
  })
  @Column({ type: "varchar", length: 12 })
  code!: string;

  @Column({ name: "invited_by", type: "varchar", length: 128 })
  invitedBy!: string;

  /** The manager who invited, who manages the customer once it accepts; null for an admin's invitation. */
  @RefColumn({ name: "manager_id", nullable: true })
  managerId!: string | null;

  @Field(() => DateTimeScalar, { description: "When the partner invited." })
  @InstantColumn({ name: "invited_at" })
  invitedAt!: string;

  @Field(() => DateTimeScalar, { description: "The customer may answer until this instant (7 days)." })
  @InstantColumn({ name: "expires_at" })
  expiresAt!: string;

  @Column({ name: "status", type: "varchar", length: 20 })
  storedStatus!: InvitationStatus;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the customer answered." })
  @InstantColumn({ name: "responded_at", nullable: true })
  respondedAt!: string | null;

  /** The account that answered. */
  @RefColumn({ name: "customer_id", nullable: true })
  customerId!: string | null;

  @Field(() => String, { description: "Whom it invites: the account name or e-mail, masked." })
  get invitee(): string {
    return mask(this.accountName ?? this.email ?? "");
  }

  @Field(() => PartnerReference, { description: "The partner that invites." })
  get partner(): PartnerReference {
    return { id: this.partnerId };
  }

  @Field(() => InvitationStatus, { description: "Where it stands; a pending one past expiresAt is EXPIRED." })
  get status(): InvitationStatus {
    return this.storedStatus === InvitationStatus.PENDING && this.expiresAt <= new Date().toISOString()
      ? InvitationStatus.EXPIRED
      : this.storedStatus;
  }
}
