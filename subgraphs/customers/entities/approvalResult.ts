import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";
import { RefColumn, InstantColumn } from "../../common/columns.js";

export enum ApprovalKind {
  ASSOCIATION_TYPE_SWITCH = "ASSOCIATION_TYPE_SWITCH",
  DISSOCIATION = "DISSOCIATION",
  INVITATION = "INVITATION",
  VOUCHER_QUOTA_APPLICATION = "VOUCHER_QUOTA_APPLICATION",
}
registerEnumType(ApprovalKind, {
  name: "ApprovalKind",
  description: "What a decision was about.",
  valuesConfig: {
    ASSOCIATION_TYPE_SWITCH: { description: "A request to switch the customer's association type." },
    DISSOCIATION: {
      description:
        "A dissociation request of the partner or the customer: APPROVED when it took effect (the association ended), CANCELLED when the side that filed it withdrew it, REJECTED (by SYSTEM) when a blocker stopped it at the end of its waiting period.",
    },
    INVITATION: {
      description:
        "The customer accepted the partner's invitation: the association began (declined and expired invitations show on the invitation only).",
    },
    VOUCHER_QUOTA_APPLICATION: {
      description:
        "A platform reviewer approved (the quota was granted) or rejected the partner's voucher quota application; about no customer.",
    },
  },
});

export enum ApprovalStatus {
  APPROVED = "APPROVED",
  REJECTED = "REJECTED",
  EXPIRED = "EXPIRED",
  CANCELLED = "CANCELLED",
}
registerEnumType(ApprovalStatus, {
  name: "ApprovalStatus",
  description: "How it was decided.",
  valuesConfig: {
    APPROVED: { description: "Approved (for a dissociation: carried out)." },
    REJECTED: {
      description: "The customer rejected it (for a dissociation request: a blocker stopped it, see the comment).",
    },
    EXPIRED: { description: "Nobody decided in time." },
    CANCELLED: { description: "Withdrawn before a decision." },
  },
});

export enum DecidedBy {
  CUSTOMER = "CUSTOMER",
  PARTNER = "PARTNER",
  SYSTEM = "SYSTEM",
  PLATFORM = "PLATFORM",
}
registerEnumType(DecidedBy, {
  name: "DecidedBy",
  description: "Who made a decision.",
  valuesConfig: {
    CUSTOMER: { description: "The customer." },
    PARTNER: { description: "The partner's staff." },
    SYSTEM: { description: "The platform (expiry)." },
    PLATFORM: { description: "A platform reviewer." },
  },
});

/** The customer id of a decision about the partner itself (a voucher quota application): the column is NOT NULL. */
export const NO_CUSTOMER = "";

/**
 * A decision about a customer's association, stored in the same transaction as the decision
 * itself: this table is the outbox that partner apps and billing read in `sequence` order.
 */
@ObjectType({
  description:
    "A decision about a customer's association (approved, rejected, expired or cancelled), or the platform's on my partner's voucher quota application.",
})
@Entity({ name: "approval_results" })
@Index(["partnerId", "sequence"])
export class ApprovalResult {
  @PrimaryGeneratedColumn({ type: "integer" })
  sequence!: number;

  @Field(() => ID, { description: "The result's id." })
  @RefColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  /** The customer decided about; NO_CUSTOMER for a decision about the partner itself. */
  @RefColumn({ name: "customer_id" })
  customerId!: string;

  /** The customer's manager when it was decided: whose managers' apps see it. */
  @RefColumn({ name: "manager_id", nullable: true })
  managerId!: string | null;

  @Field(() => ApprovalKind, { description: "What was decided." })
  @Column({ type: "varchar", length: 40 })
  kind!: ApprovalKind;

  @Field(() => ApprovalStatus, { description: "How it was decided." })
  @Column({ type: "varchar", length: 20 })
  status!: ApprovalStatus;

  @Field(() => ID, {
    nullable: true,
    description:
      "What was decided: the switch request, the dissociation request, the invitation accepted, or the voucher quota application.",
  })
  @RefColumn({ name: "request_id", nullable: true })
  requestId!: string | null;

  @Field(() => DateTimeScalar, { description: "When it was decided." })
  @InstantColumn({ name: "decided_at" })
  decidedAt!: string;

  @Field(() => DecidedBy, { description: "Who decided." })
  @Column({ name: "decided_by", type: "varchar", length: 20 })
  decidedBy!: DecidedBy;

  @Field(() => String, { nullable: true, description: "The decider's comment or reason." })
  @Column({ type: "varchar", length: 500, nullable: true })
  comment!: string | null;

  @Field(() => String, {
    description:
      "Position in the history: pass it as `after` to the approvalResults connection (or subscription) to continue from here.",
  })
  cursor!: string;
}
