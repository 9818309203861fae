import { Directive, Field, ID, ObjectType } from "type-graphql";

/** A customer as this subgraph names it: only its key; the customers subgraph owns it. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType("Customer")
export class CustomerReference {
  @Field(() => ID)
  id!: string;
}
