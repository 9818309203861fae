import { Field, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../../../common/scalars.js";
import { AssociationType } from "./association.js";
import { PartnerReference } from "./partner.js";

/** A customer's view of one of its associations ("my partners"). */
@ObjectType({ description: "A partner I am (or was) associated with, as my account center shows it." })
export class PartnerAssociation {
  /** The association's id (not exposed): its pending dissociation request hangs on it. */
  id!: string;

  @Field(() => PartnerReference, { description: "The partner." })
  partner!: PartnerReference;

  @Field(() => AssociationType, { description: "Consulting sales or resale." })
  associationType!: AssociationType;

  @Field(() => DateTimeScalar, { description: "When the association began." })
  associatedAt!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it ended; null while active." })
  endedAt!: string | null;

  @Field(() => Boolean, { description: "Whether the association is active." })
  active!: boolean;
}
