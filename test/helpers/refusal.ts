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

/** The rule (else the code) a refusal names, or null when the call passes. */
export function ruleOf(call: () => unknown): string | null {
  const extensions = refusal(call);
  return extensions ? String(extensions.rule ?? extensions.code) : null;
}

/** For each variant of a valid input, the argument its BAD_USER_INPUT names, or null when it passes. */
export function refusedArguments<T>(check: (input: T) => unknown, valid: T, variants: readonly Partial<T>[]) {
  return variants.map((variant) => {
    const extensions = refusal(() => check({ ...valid, ...variant }));
    return extensions?.code === "BAD_USER_INPUT" ? String(extensions.argument) : null;
  });
}
