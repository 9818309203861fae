import type { GraphQLError } from "graphql";

/** The rule (else the code) a domain rule's refusal names, or null when the call passes. */
export function ruleOf(call: () => void): string | null {
  try {
    call();
    return null;
  } catch (error) {
    return String((error as GraphQLError).extensions.rule ?? (error as GraphQLError).extensions.code);
  }
}
