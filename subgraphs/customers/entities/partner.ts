import { Directive, Field, ID, ObjectType } from "type-graphql";

/** A partner as this subgraph names it: only its key; the partners subgraph owns it. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType("Partner")
export class PartnerReference {
  @Field(() => ID)
  id!: string;
}
