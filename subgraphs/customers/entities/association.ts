import { registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";

export enum AssociationType {
  CONSULTING_SALES = "CONSULTING_SALES",
  RESALE = "RESALE",
}
registerEnumType(AssociationType, {
  name: "AssociationType",
  description: "How a sub-customer is associated with its partner.",
  valuesConfig: {
    CONSULTING_SALES: {
      description:
        "Consulting sales (顾问销售): the customer pays its own consumption (or the partner pays on its behalf) and manages everything else itself.",
    },
    RESALE: {
      description: "Resale (代售): the partner allocates and recovers the customer's cash and issues its invoices.",
    },
  },
});

export enum AssociationSource {
  PARTNER_API = "PARTNER_API",
  IAM = "IAM",
  INVITATION = "INVITATION",
}
registerEnumType(AssociationSource, {
  name: "AssociationSource",
  description: "How the customer came to be associated with the partner.",
  valuesConfig: {
    PARTNER_API: { description: "Created through the partner's create-customer API (always resale)." },
    IAM: { description: "Brought in through IAM integration (always resale)." },
    INVITATION: { description: "Accepted the partner's invitation." },
  },
});

/**
 * A customer's association with a partner. At most one is active (endedAt null) per
 * customer; ended ones stay as history. Visibility of customers is decided on this table.
 */
@Entity({ name: "associations" })
@Index(["partnerId", "associatedAt", "customerId"])
@Index(["partnerId", "managerId"])
export class Association {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id!: string;

  @Column({ name: "customer_id", type: "varchar", length: 36 })
  customerId!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Column({ name: "association_type", type: "varchar", length: 20 })
  associationType!: AssociationType;

  @Column({ type: "varchar", length: 20 })
  source!: AssociationSource;

  @Column({ name: "associated_at", type: "varchar", length: 24 })
  associatedAt!: string;

  @Column({ type: "varchar", length: 40, nullable: true })
  label!: string | null;

  @Column({ name: "manager_id", type: "varchar", length: 36, nullable: true })
  managerId!: string | null;

  @Column({ name: "manager_assigned_at", type: "varchar", length: 24, nullable: true })
  managerAssignedAt!: string | null;

  @Column({ name: "ended_at", type: "varchar", length: 24, nullable: true })
  endedAt!: string | null;
}
