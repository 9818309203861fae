import type { GraphQLSchema } from "graphql";
import { GraphQLScalarType } from "graphql";
import { DateScalar, DateTimeScalar, DecimalScalar } from "../common/scalars.js";

const OURS = [DateScalar, DateTimeScalar, DecimalScalar];

/**
 * The supergraph knows our scalars by name only. Giving the gateway's schema their parsing
 * refuses a malformed Date, DateTime or Decimal at the gateway, with BAD_USER_INPUT, before
 * any subgraph is called. Values are passed on as the client sent them.
 */
export function parseScalarsAtGateway(schema: GraphQLSchema): void {
  for (const scalar of OURS) {
    const type = schema.getType(scalar.name);
    if (!(type instanceof GraphQLScalarType)) continue;
    type.parseValue = (value) => {
      scalar.parseValue(value);
      return value;
    };
    type.parseLiteral = (node, variables) => {
      scalar.parseLiteral(node, variables);
      return node.kind === "StringValue" ? node.value : undefined;
    };
  }
}
