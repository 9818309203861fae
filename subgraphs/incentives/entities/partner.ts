import { Directive, Field, ID, ObjectType } from "type-graphql";

/** A partner as incentives sees it: its key; incentives adds its incentives and performance. */
@Directive('@key(fields: "id")')
@ObjectType("Partner")
export class Partner {
  @Field(() => ID)
  id!: string;
}
