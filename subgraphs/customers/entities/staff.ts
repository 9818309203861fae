import { Directive, Field, ID, ObjectType } from "type-graphql";

/** A partner's staff member: owned by the partners subgraph; here only its key. */
@Directive('@key(fields: "id")')
@ObjectType("Staff")
export class Staff {
  @Field(() => ID)
  id!: string;
}
