import { callSubgraph } from "../common/peers.js";

/**
 * Who reports to whom is the partners subgraph's fact. A supervisor's visibility needs it,
 * so the customers subgraph asks partners for the supervisor's managers through its
 * federation interface (`_entities`), with the gateway token of the same request: the
 * answer is scoped to the caller's partner there too. One call per supervisor request.
 */
const REPORTS = `query Team($staff: [_Any!]!) { _entities(representations: $staff) { ... on Staff { id role reports { id } } } }`;

export interface StaffFacts {
  id: string;
  role: "ADMIN" | "SUPERVISOR" | "MANAGER" | "ANALYST";
  reports: { id: string }[];
}

/** Staff of the caller's partner by id, with their reports; null for anyone else. */
export async function staffFacts(
  staffIds: readonly string[],
  partnersUrl: string,
  gatewayToken: string,
): Promise<(StaffFacts | null)[]> {
  const data = await callSubgraph<{ _entities: (StaffFacts | null)[] }>(
    "partners",
    partnersUrl,
    gatewayToken,
    REPORTS,
    {
      staff: staffIds.map((id) => ({ __typename: "Staff", id })),
    },
  );
  return data._entities;
}
