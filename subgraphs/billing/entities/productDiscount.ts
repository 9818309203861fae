import { Column, Entity, PrimaryColumn } from "typeorm";

/** A reseller's discount on a marketplace product for its customers, in basis points. */
@Entity({ name: "product_discounts" })
export class ProductDiscount {
  @PrimaryColumn({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @PrimaryColumn({ name: "product_id", type: "varchar", length: 36 })
  productId!: string;

  @Column({ name: "rate", type: "integer" })
  rateBasisPoints!: number;
}
