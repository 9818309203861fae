import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";
import { IdColumn, InstantColumn } from "../../common/columns.js";

export enum DevelopmentStage {
  REGISTERED = "REGISTERED",
  CERTIFIED = "CERTIFIED",
  ADVANCED = "ADVANCED",
  PREMIER = "PREMIER",
}
registerEnumType(DevelopmentStage, {
  name: "DevelopmentStage",
  description: "Stages of the partner development path (伙伴发展路径), in order.",
  valuesConfig: {
    REGISTERED: { description: "Registered partner." },
    CERTIFIED: { description: "Certified partner." },
    ADVANCED: { description: "Advanced partner." },
    PREMIER: { description: "Premier partner." },
  },
});

/** Where a partner is on the development path, or that it left it. */
@ObjectType({ description: "My partner's place on the partner development path (伙伴发展路径)." })
@Entity({ name: "development_paths" })
export class DevelopmentPath {
  @IdColumn({ name: "partner_id" })
  partnerId!: string;

  @Field(() => DevelopmentStage, { description: "The current (or last, after an exit) stage." })
  @Column({ type: "varchar", length: 20 })
  stage!: DevelopmentStage;

  @Field(() => DateTimeScalar, { description: "When the partner reached this stage." })
  @InstantColumn({ name: "stage_since" })
  stageSince!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the partner exited the path; null while on it." })
  @InstantColumn({ name: "exited_at", nullable: true })
  exitedAt!: string | null;

  @Field(() => String, { nullable: true, description: "Why the partner exited." })
  @Column({ name: "exit_reason", type: "varchar", length: 500, nullable: true })
  exitReason!: string | null;

  @Field(() => Boolean, { description: "Whether the partner is on the path (has not exited)." })
  get active(): boolean {
    return this.exitedAt === null;
  }
}
