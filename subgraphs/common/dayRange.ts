import { ArgsType, Field } from "type-graphql";
import { DateScalar } from "../../common/scalars.js";

/** A range of whole days, both ends inclusive, as every consumption query takes it. */
@ArgsType()
export class DayRangeArgs {
  @Field(() => DateScalar, { description: "First day, YYYY-MM-DD (UTC)." })
  from!: string;

  @Field(() => DateScalar, { description: "Last day, YYYY-MM-DD (UTC), inclusive." })
  to!: string;
}
