/** The services of the graph: their names, default ports and where each answers. */
export const SUBGRAPH_NAMES = ["partners", "customers", "billing", "incentives"] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];
export const DEFAULT_PORTS: Record<SubgraphName, number> = {
  partners: 4001,
  customers: 4002,
  billing: 4003,
  incentives: 4004,
};

/** Subgraph GraphQL URLs set in the environment (`PARTNERS_URL`, …); unset ones are left out. */
export function subgraphUrlsFromEnv(env = process.env): Partial<Record<SubgraphName, string>> {
  return Object.fromEntries(
    SUBGRAPH_NAMES.flatMap((name) =>
      env[`${name.toUpperCase()}_URL`] ? [[name, env[`${name.toUpperCase()}_URL`]!]] : [],
    ),
  );
}

/** Where each subgraph answers: the environment's URL, else the default port on loopback. */
export function subgraphUrls(
  overrides: Partial<Record<SubgraphName, string>> = subgraphUrlsFromEnv(),
): Record<SubgraphName, string> {
  return Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, overrides[name] ?? `http://127.0.0.1:${DEFAULT_PORTS[name]}/graphql`]),
  ) as Record<SubgraphName, string>;
}
