import { composeServices } from "@apollo/composition";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { execute, parse, type DocumentNode, type ExecutionResult } from "graphql";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listen } from "../../common/httpApp.js";

/** A small federation-2 subgraph of the tests and the bench: its `@link`, SDL and resolvers. */
export interface TestSubgraph {
  name: string;
  link: string;
  typeDefs: string;
  resolvers: GraphQLResolverMap<unknown>;
  /** The answer's text (default: JSON.stringify), for a test that needs a subgraph's own formatting. */
  write?: (result: ExecutionResult) => string;
}

/** One served subgraph: where it answers, and the SDL composition reads. */
export interface ServedSubgraph {
  name: string;
  url: string;
  typeDefs: DocumentNode;
  server: Server;
}

/**
 * Serves a subgraph with graphql-js over HTTP on a loopback port (0: any free one). Parsed
 * documents are kept per text: a gateway sends the same few, so a call costs one execution.
 * `onCall` sees every operation it receives.
 */
export async function serveSubgraph(
  subgraph: TestSubgraph,
  port: number,
  onCall?: (call: { query: string; variables?: Record<string, unknown> }) => void,
): Promise<ServedSubgraph> {
  const typeDefs = parse(`${subgraph.link}\n${subgraph.typeDefs}`);
  const schema = buildSubgraphSchema({ typeDefs, resolvers: subgraph.resolvers });
  const documents = new Map<string, DocumentNode>();
  const server = createServer(async (request, response) => {
    let text = "";
    for await (const chunk of request) text += chunk;
    const { query, variables, operationName } = JSON.parse(text);
    onCall?.({ query, variables });
    let document = documents.get(query);
    if (!document) documents.set(query, (document = parse(query)));
    const result = await execute({ schema, document, variableValues: variables, operationName });
    response.setHeader("content-type", "application/json").end((subgraph.write ?? JSON.stringify)(result));
  });
  const url = `${await listen(server, port, "127.0.0.1")}/graphql`;
  return { name: subgraph.name, url, typeDefs, server };
}

/** Composes served subgraphs as `npm run compose` does and writes the supergraph to a temporary file; its path and text. */
export function writeSupergraph(subgraphs: Omit<ServedSubgraph, "server">[]): { path: string; sdl: string } {
  const composed = composeServices(subgraphs.map(({ name, url, typeDefs }) => ({ name, url, typeDefs })));
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join("\n"));
  const path = join(mkdtempSync(join(tmpdir(), "supergraph-")), "supergraph.graphql");
  writeFileSync(path, composed.supergraphSdl);
  return { path, sdl: composed.supergraphSdl };
}
