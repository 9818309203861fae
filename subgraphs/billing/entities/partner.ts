import { Directive, Field, ID, ObjectType } from "type-graphql";

/** A partner as billing sees it: its key; billing adds its balances and marketplace prices. */
@Directive('@key(fields: "id")')
@ObjectType("Partner")
export class Partner {
  @Field(() => ID)
  id!: string;
}
