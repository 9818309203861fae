import { Directive, Field, ID, ObjectType } from "type-graphql";

/** A partner's staff member, named here only so billing can require a customer's manager. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType("Staff")
export class Staff {
  @Field(() => ID)
  id!: string;
}
