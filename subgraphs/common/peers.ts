import { GraphQLError } from "graphql";
import { isRefusal } from "../../common/errors.js";

/**
 * The documented cross-subgraph calls (a supervisor's team, verification codes, billing facts)
 * go through the other subgraph's GraphQL endpoint with a gateway token, never its tables.
 */
export async function callSubgraph<T>(
  service: string,
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  }).catch(() => null);
  const body = (await response?.json().catch(() => null)) as {
    data?: T;
    errors?: { message: string; extensions?: { code?: string; rule?: string } }[];
  } | null;
  const refusal = body?.errors?.find((e) => isRefusal(e.extensions?.code));
  if (refusal) throw new GraphQLError(refusal.message, { extensions: { ...refusal.extensions } });
  if (!body?.data || body.errors?.length) {
    throw new GraphQLError(`The ${service} service could not answer; try again shortly.`, {
      extensions: { code: "INTERNAL_SERVER_ERROR", serviceName: service },
    });
  }
  return body.data;
}
