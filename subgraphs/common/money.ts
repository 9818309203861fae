import { Directive, Field, ObjectType } from "type-graphql";
import { badUserInput } from "../../common/errors.js";
import { DecimalScalar } from "../../common/scalars.js";

/** Every amount in the graph is yuan (CNY) kept as integer fen (minor units). */
export const CURRENCY = "CNY";
const SCALE = 2n;
const UNIT = 10n ** SCALE;

@Directive("@shareable")
@ObjectType({ description: "An exact amount of money." })
export class Money {
  @Field(() => DecimalScalar, { description: 'The amount in the currency\'s main unit, exact, e.g. "1234.56".' })
  amount!: string;

  @Field(() => String, { description: "ISO-4217 currency code; CNY (yuan) throughout the partner center." })
  currency!: string;
}

/** Normalises what drivers return for integer columns and SUMs (number, string or bigint). */
export function minor(value: bigint | number | string | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new Error(`Amount in minor units is not an exact integer: ${value}`);
  }
  return BigInt(value);
}

export function formatMinor(value: bigint): string {
  const sign = value < 0n ? "-" : "";
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / UNIT}.${(abs % UNIT).toString().padStart(Number(SCALE), "0")}`;
}

export function money(value: bigint | number | string | null | undefined): Money {
  return Object.assign(new Money(), { amount: formatMinor(minor(value)), currency: CURRENCY });
}

const DECIMAL = /^(-?)(\d{1,16})(?:\.(\d{1,2}))?$/;

/** Exact fen of a decimal string another service sent (sign and zero allowed, at most 2 decimals). */
export function fenOf(decimal: string): bigint {
  const m = DECIMAL.exec(decimal);
  if (!m) throw new Error(`Not an amount with at most 2 decimals: "${decimal}"`);
  const fen = BigInt(m[2]!) * UNIT + BigInt((m[3] ?? "").padEnd(Number(SCALE), "0"));
  return m[1] ? -fen : fen;
}

const AMOUNT = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/**
 * Parses an amount a caller sends: positive, at most 2 decimals (API_NOTES.md, Conventions).
 * `argument` names the input field in the error.
 */
export function parseAmount(argument: string, value: string): bigint {
  const m = AMOUNT.exec(value);
  if (!m) {
    throw badUserInput(
      argument,
      `${argument} must be a positive amount with at most 2 decimals, e.g. "100.00"; got "${value}".`,
    );
  }
  const amount = BigInt(m[1]!) * UNIT + BigInt((m[2] ?? "").padEnd(Number(SCALE), "0"));
  if (amount <= 0n) throw badUserInput(argument, `${argument} must be greater than zero; got "${value}".`);
  return amount;
}

/** TypeORM column transformer: integer minor units in the database, `bigint` in code. */
export const minorUnits = {
  to: (value: bigint | null | undefined) => (value === null || value === undefined ? value : value.toString()),
  from: (value: number | string | null) => (value === null ? null : BigInt(value)),
};
