import { registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { IdColumn, RefColumn, InstantColumn } from "../../common/columns.js";

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
  @IdColumn()
  id!: string;

  @RefColumn({ name: "customer_id" })
  customerId!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @Column({ name: "association_type", type: "varchar", length: 20 })
  associationType!: AssociationType;

  @Column({ type: "varchar", length: 20 })
  source!: AssociationSource;

  @InstantColumn({ name: "associated_at" })
  associatedAt!: string;

  @Column({ type: "varchar", length: 40, nullable: true })
  label!: string | null;

  @RefColumn({ name: "manager_id", nullable: true })
  managerId!: string | null;

  @InstantColumn({ name: "manager_assigned_at", nullable: true })
  managerAssignedAt!: string | null;

  @InstantColumn({ name: "ended_at", nullable: true })
  endedAt!: string | null;
}
