import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from "graphql";

function invalid(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
}

function stringScalar(name: string, description: string, check: (value: string) => string): GraphQLScalarType {
  const parse = (value: unknown): string => {
    if (typeof value !== "string") throw invalid(`${name} must be a string: ${description}`);
    return check(value);
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (value) => (value instanceof Date ? value.toISOString() : parse(value)),
    parseValue: parse,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw invalid(`${name} must be a string: ${description}`);
      return parse(ast.value);
    },
  });
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const day = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return day.toISOString().slice(0, 10) === value;
}

export const DateScalar = stringScalar(
  "Date",
  'A calendar day in UTC, written YYYY-MM-DD, e.g. "2026-06-30".',
  (value) => {
    if (!isCalendarDate(value)) throw invalid(`"${value}" is not a calendar date written YYYY-MM-DD.`);
    return value;
  },
);

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

/** Instants are kept as UTC ISO-8601 strings of fixed width, so text order is time order. */
export const DateTimeScalar = stringScalar(
  "DateTime",
  'An instant, ISO-8601 in UTC, e.g. "2026-06-30T08:00:00.000Z".',
  (value) => {
    const instant = new Date(value);
    const valid = !Number.isNaN(instant.getTime());
    // The stored form (every instant the graph answers with) is its own canonical form, a real
    // day and time by construction (24 characters: no extended years); the slower checks below
    // are for what callers send.
    if (valid && value.length === 24 && instant.toISOString() === value) return value;
    if (!valid || !DATE_TIME.test(value) || !isCalendarDate(value.slice(0, 10))) {
      throw invalid(`"${value}" is not an ISO-8601 instant such as 2026-06-30T08:00:00Z.`);
    }
    return instant.toISOString();
  },
);

const DECIMAL = /^-?\d{1,15}(\.\d{1,8})?$/;

/** Exact decimals travel as strings; a float never holds an amount. */
export const DecimalScalar = stringScalar(
  "Decimal",
  'An exact decimal number written as a string, e.g. "1234.56"; never a float.',
  (value) => {
    if (!DECIMAL.test(value)) throw invalid(`"${value}" is not a decimal number written like "1234.56".`);
    return value;
  },
);
