import { Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";
import { IdColumn, RefColumn, InstantColumn } from "../../common/columns.js";

/** An uploaded proof, e.g. a bank letter (银行函); its content is kept with a SHA-256 checksum. */
@ObjectType({ description: "A document a partner uploaded, e.g. a bank letter (银行函)." })
@Entity({ name: "documents" })
export class Document {
  @Field(() => ID, { description: "The document's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @Field(() => String, { description: "The file name as uploaded." })
  @Column({ name: "file_name", type: "varchar", length: 200 })
  fileName!: string;

  @Field(() => String, { description: "Media type: application/pdf, image/png or image/jpeg." })
  @Column({ name: "content_type", type: "varchar", length: 60 })
  contentType!: string;

  @Field(() => Int, { description: "Size in bytes." })
  @Column({ type: "integer" })
  size!: number;

  @Field(() => String, { description: "SHA-256 of the content, hex: what the platform reviewed." })
  @Column({ type: "varchar", length: 64 })
  sha256!: string;

  /** Base64 text, portable between SQLite and PostgreSQL. */
  @Column({ name: "content_base64", type: "text" })
  contentBase64!: string;

  @Field(() => DateTimeScalar, { description: "When it was uploaded." })
  @InstantColumn({ name: "uploaded_at" })
  uploadedAt!: string;
}
