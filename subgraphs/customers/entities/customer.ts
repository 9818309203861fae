import { Directive, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";
import { Association, AssociationSource, AssociationType } from "./association.js";
import { Staff } from "./staff.js";
import { IdColumn, InstantColumn } from "../../common/columns.js";

export enum CustomerType {
  ENTERPRISE = "ENTERPRISE",
  INDIVIDUAL = "INDIVIDUAL",
}
registerEnumType(CustomerType, {
  name: "CustomerType",
  description: "Whether the customer's account is a company's or a person's.",
  valuesConfig: {
    ENTERPRISE: { description: "A company account." },
    INDIVIDUAL: { description: "A person's account." },
  },
});

export enum NewCustomerTag {
  YES = "YES",
  NO = "NO",
  UNDETERMINED = "UNDETERMINED",
}
registerEnumType(NewCustomerTag, {
  name: "NewCustomerTag",
  description: "Whether the platform counts the customer as new (it decides new-customer vouchers and incentives).",
  valuesConfig: {
    YES: { description: "A new customer." },
    NO: { description: "Not a new customer." },
    UNDETERMINED: { description: "The platform has not decided yet." },
  },
});

export enum VerificationStatus {
  NONE = "NONE",
  UNDER_REVIEW = "UNDER_REVIEW",
  FAILED = "FAILED",
  VERIFIED = "VERIFIED",
}
registerEnumType(VerificationStatus, {
  name: "VerificationStatus",
  description: "The customer's real-name verification.",
  valuesConfig: {
    NONE: { description: "Not verified." },
    UNDER_REVIEW: { description: "Verification under review." },
    FAILED: { description: "Verification failed." },
    VERIFIED: { description: "Verified." },
  },
});

/**
 * A sub-customer's account. Fields of its association with the caller's partner come from
 * `association`, which every query that loads customers joins (visibility lives there).
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: "A sub-customer a partner brought to the cloud, as the caller's partner sees it." })
@Entity({ name: "customers" })
@Index(["accountName"], { unique: true })
export class Customer {
  @Field(() => ID, { description: "The customer's account id." })
  @IdColumn()
  id!: string;

  /** Real name (company or person); exposed masked through `name(reveal:)`. */
  @Column({ name: "real_name", type: "varchar", length: 64 })
  realName!: string;

  /** Account name; exposed masked through `accountName(reveal:)`. */
  @Column({ name: "account_name", type: "varchar", length: 32 })
  accountName!: string;

  @Field(() => CustomerType, { description: "Company or person." })
  @Column({ name: "customer_type", type: "varchar", length: 20 })
  customerType!: CustomerType;

  @Field(() => NewCustomerTag, { description: "Whether the platform counts the customer as new." })
  @Column({ name: "new_customer_tag", type: "varchar", length: 20 })
  newCustomerTag!: NewCustomerTag;

  @Column({ type: "varchar", length: 20, nullable: true })
  phone!: string | null;

  @Column({ type: "varchar", length: 100, nullable: true })
  email!: string | null;

  @Field(() => VerificationStatus, { description: "Real-name verification status." })
  @Column({ name: "verification_status", type: "varchar", length: 20, default: VerificationStatus.NONE })
  verificationStatus!: VerificationStatus;

  @Field(() => String, { description: "Customer level, V0 to V5." })
  @Column({ type: "varchar", length: 4, default: "V0" })
  level!: string;

  @Field(() => Boolean, { description: "Whether the account is frozen; a frozen customer cannot be dissociated." })
  @Column({ type: "boolean", default: false })
  frozen!: boolean;

  @Field(() => Int, { description: "Enterprise member accounts still attached; they must be dissociated first." })
  @Column({ name: "enterprise_members", type: "integer", default: 0 })
  enterpriseMembers!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "Until when the customer holds reserved instances; while it does it cannot be dissociated.",
  })
  @InstantColumn({ name: "reserved_instances_until", nullable: true })
  reservedInstancesUntil!: string | null;

  /** The active association with the caller's partner, joined by every customer query. */
  association!: Association;

  @Field(() => AssociationType, { description: "Consulting sales or resale." })
  get associationType(): AssociationType {
    return this.association.associationType;
  }

  @Field(() => DateTimeScalar, { description: "When the customer was associated with the partner." })
  get associatedAt(): string {
    return this.association.associatedAt;
  }

  @Field(() => AssociationSource, { description: "How the customer came to be associated." })
  get source(): AssociationSource {
    return this.association.source;
  }

  @Field(() => String, { nullable: true, description: 'The partner\'s label for the customer, e.g. "key account".' })
  get label(): string | null {
    return this.association.label;
  }

  @Field(() => Staff, {
    nullable: true,
    description: "The customer manager the customer is assigned to; null if none.",
  })
  get manager(): Staff | null {
    return this.association.managerId ? { id: this.association.managerId } : null;
  }

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      "When the current manager was assigned; that manager sees the customer's consumption from this instant only.",
  })
  get managerAssignedAt(): string | null {
    return this.association.managerAssignedAt;
  }

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When the association ended (dissociation); null while associated.",
  })
  get dissociatedAt(): string | null {
    return this.association.endedAt;
  }
}
