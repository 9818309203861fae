import type { GraphQLError } from "graphql";

/** The extensions of the error a rule throws, or null when it lets the call through. */
export function refusal(call: () => unknown): Record<string, unknown> | null {
  try {
    call();
    return null;
  } catch (error) {
    return (error as GraphQLError).extensions;
  }
}
