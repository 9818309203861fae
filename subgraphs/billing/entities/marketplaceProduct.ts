import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity } from "typeorm";
import { money, Money } from "../../common/money.js";
import { IdColumn, FenColumn } from "../../common/columns.js";

/** A product of the marketplace (严选商城) that resellers sell, at a list price in fen. */
@ObjectType({
  description:
    "A marketplace (严选商城) product resellers sell, with my partner's discount and the price difference it makes.",
})
@Entity({ name: "marketplace_products" })
export class MarketplaceProduct {
  @Field(() => ID, { description: "The product's id." })
  @IdColumn()
  id!: string;

  @Field(() => String, { description: "The product's name." })
  @Column({ type: "varchar", length: 100 })
  name!: string;

  @Field(() => String, { description: "Cloud service type." })
  @Column({ name: "service_type", type: "varchar", length: 20 })
  serviceType!: string;

  @Field(() => String, { description: 'What the price is for, e.g. "per month".' })
  @Column({ type: "varchar", length: 40 })
  unit!: string;

  @FenColumn({ name: "list_price" })
  listPriceFen!: bigint;

  @Field(() => Money, { description: "The marketplace's list price." })
  get listPrice(): Money {
    return money(this.listPriceFen);
  }
}
