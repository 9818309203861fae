import type { TableColumnOptions } from "typeorm";

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
