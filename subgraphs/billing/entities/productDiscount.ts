import { Column, Entity } from "typeorm";
import { IdColumn } from "../../common/columns.js";

/** A reseller's discount on a marketplace product for its customers, in basis points. */
@Entity({ name: "product_discounts" })
export class ProductDiscount {
  @IdColumn({ name: "partner_id" })
  partnerId!: string;

  @IdColumn({ name: "product_id" })
  productId!: string;

  @Column({ name: "rate", type: "integer" })
  rateBasisPoints!: number;
}
