import { Column, PrimaryColumn, type ColumnOptions, type TableColumnOptions } from "typeorm";
import { minorUnits } from "./money.js";

/**
 * Column shapes the migrations share, portable between SQLite and PostgreSQL: ids are UUID
 * text, instants fixed-width UTC ISO text (text order is time order), money integer fen.
 */
export const column = {
  id: (name = "id"): TableColumnOptions => ({ name, type: "varchar", length: "36", isPrimary: true }),
  ref: (name: string, isNullable = false): TableColumnOptions => ({ name, type: "varchar", length: "36", isNullable }),
  text: (name: string, length: number, isNullable = false): TableColumnOptions => ({
    name,
    type: "varchar",
    length: String(length),
    isNullable,
  }),
  instant: (name: string, isNullable = false): TableColumnOptions => ({
    name,
    type: "varchar",
    length: "24",
    isNullable,
  }),
  fen: (name: string): TableColumnOptions => ({ name, type: "bigint" }),
  int: (name: string): TableColumnOptions => ({ name, type: "integer" }),
  longText: (name: string): TableColumnOptions => ({ name, type: "text" }),
  flag: (name: string, fallback?: boolean): TableColumnOptions => ({
    name,
    type: "boolean",
    ...(fallback === undefined ? {} : { default: fallback }),
  }),
};

/**
 * The same shapes for entities: a column's type and length are said once, here, and each
 * entity names only what differs (its column name, nullability, default).
 */
type Options = Omit<ColumnOptions, "type" | "length" | "transformer">;
/** A UUID primary key. */
export const IdColumn = (options: Pick<Options, "name"> = {}) =>
  PrimaryColumn({ ...options, type: "varchar", length: 36 });
/** A UUID pointing at another row or another subgraph's entity. */
export const RefColumn = (options: Options = {}) => Column({ ...options, type: "varchar", length: 36 });
/** An instant as fixed-width UTC ISO text. */
export const InstantColumn = (options: Options = {}) => Column({ ...options, type: "varchar", length: 24 });
/** Money in integer fen, read as a bigint. */
export const FenColumn = (options: Options = {}) => Column({ ...options, type: "bigint", transformer: minorUnits });
