import { Directive, Field, ID, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../../../common/scalars.js";
import { Staff } from "./staff.js";

/**
 * A customer as billing sees it: its key, plus the assignment facts billing requires from
 * the customers subgraph (`@external`) for the from-assignment rule.
 */
@Directive('@key(fields: "id")')
@ObjectType("Customer")
export class Customer {
  @Field(() => ID)
  id!: string;

  @Directive("@external")
  @Field(() => Staff, { nullable: true })
  manager?: Staff | null;

  @Directive("@external")
  @Field(() => DateTimeScalar, { nullable: true })
  managerAssignedAt?: string | null;
}
