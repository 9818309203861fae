import { GraphQLError } from "graphql";

/**
 * Who reports to whom is the partners subgraph's fact. A supervisor's visibility needs it,
 * so the customers subgraph asks partners for the supervisor's managers through its
 * federation interface (`_entities`), with the gateway token of the same request: the
 * answer is scoped to the caller's partner there too. One call per supervisor request.
 */
const REPORTS = `query Team($staff: [_Any!]!) { _entities(representations: $staff) { ... on Staff { reports { id } } } }`;

export async function managersUnder(supervisorIds: readonly string[], partnersUrl: string, gatewayToken: string): Promise<string[][]> {
  const response = await fetch(partnersUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${gatewayToken}` },
    body: JSON.stringify({ query: REPORTS, variables: { staff: supervisorIds.map((id) => ({ __typename: "Staff", id })) } }),
  }).catch(() => null);
  const body = response?.ok ? ((await response.json()) as { data?: { _entities: ({ reports: { id: string }[] } | null)[] } }) : null;
  if (!body?.data) {
    throw new GraphQLError("Your team of customer managers could not be looked up; try again shortly.", {
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
  }
  return body.data._entities.map((staff) => staff?.reports.map((report) => report.id) ?? []);
}
