/** The total of a Prometheus counter's lines whose labels include `label`, in a `/metrics` text. */
function counterTotal(text: string, name: string, label: string): number {
  return text
    .split("\n")
    .filter((line) => line.startsWith(`${name}{`) && line.includes(label))
    .reduce((total, line) => total + Number(line.split(" ").at(-1)), 0);
}

const metricsOf = async (url: string | URL) => (await fetch(new URL("/metrics", url))).text();

/** SQL statements a service has sent for requests so far. */
export async function statementsOf(baseUrl: string): Promise<number> {
  return counterTotal(await metricsOf(baseUrl), "sql_statements_total", 'origin="request"');
}

/** GraphQL calls a subgraph has answered and SQL statements it has sent for requests so far. */
export async function subgraphWork(graphqlUrl: string): Promise<{ calls: number; sql: number }> {
  const text = await metricsOf(graphqlUrl);
  return {
    calls: counterTotal(text, "http_requests_total", 'route="/graphql"'),
    sql: counterTotal(text, "sql_statements_total", 'origin="request"'),
  };
}
