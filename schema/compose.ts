import "reflect-metadata";
import { composeServices } from "@apollo/composition";
import { printSubgraphSchema } from "@apollo/subgraph";
import { Supergraph } from "@apollo/federation-internals";
import {
  Kind,
  parse,
  print,
  printSchema,
  validate,
  visit,
  type DefinitionNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from "graphql";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SUBGRAPHS } from "../subgraphs/all.js";
import { sha256 } from "../gateway/documents.js";
import { PROJECT_ROOT } from "../common/paths.js";
import { isMain, subgraphSchema } from "../subgraphs/common/subgraph.js";
import { subgraphUrls } from "../common/services.js";

/** The checked-in schema files, in the source tree (also when run from dist/). */
export const SCHEMA_DIR = join(PROJECT_ROOT, "schema");

export interface Composition {
  /**
   * File name → content: each subgraph's SDL, the supergraph, the client-facing schema
   * (`api.graphql`: what clients and code generators see, with every description and nothing of
   * federation's) and the trusted-documents manifest.
   */
  files: Record<string, string>;
}

/** Builds each subgraph's schema from the code and composes them with @apollo/composition. */
export async function compose(): Promise<Composition> {
  const urls = subgraphUrls({});
  const services = [];
  for (const definition of SUBGRAPHS) {
    const sdl = printSubgraphSchema(await subgraphSchema(definition));
    services.push({ name: definition.name, url: urls[definition.name], sdl });
  }
  const result = composeServices(services.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  if (result.errors) throw new Error(`Composition failed:\n${result.errors.map((e) => `- ${e.message}`).join("\n")}`);
  const files: Record<string, string> = {};
  for (const { name, sdl } of services) files[`${name}.graphql`] = `${sdl}\n`;
  files["supergraph.graphql"] = result.supergraphSdl;
  // As the gateway serves it: `@defer` declared.
  const api = Supergraph.build(result.supergraphSdl).apiSchema().toGraphQLJSSchema({ includeDefer: true });
  files["api.graphql"] = `${printSchema(api)}\n`;
  files["trusted-documents.json"] = trustedDocumentsManifest(api);
  return { files };
}

/**
 * The manifest of the frontend's operations (schema/operations/*.graphql) in Apollo's
 * persisted-query format: each operation with the fragments it uses, by the SHA-256 of its text.
 * An operation the graph would refuse fails here, not in a browser.
 */
export function trustedDocumentsManifest(schema: GraphQLSchema, dir = join(SCHEMA_DIR, "operations")): string {
  const operations = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".graphql"))
    .sort()) {
    const document = parse(readFileSync(join(dir, file), "utf8"));
    const errors = validate(schema, document);
    if (errors.length) throw new Error(`schema/operations/${file}: ${errors.map((e) => e.message).join("; ")}`);
    const fragments = new Map(
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((f) => [f.name.value, f]),
    );
    for (const operation of document.definitions) {
      if (operation.kind !== Kind.OPERATION_DEFINITION) continue;
      if (!operation.name) throw new Error(`schema/operations/${file}: every operation needs a name.`);
      const body = print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragmentsUsed(operation, fragments)] });
      operations.push({ id: sha256(body), name: operation.name.value, type: operation.operation, body });
    }
  }
  return `${JSON.stringify({ format: "apollo-persisted-query-manifest", version: 1, operations }, null, 2)}\n`;
}

function fragmentsUsed(
  definition: DefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  used = new Map<string, FragmentDefinitionNode>(),
): FragmentDefinitionNode[] {
  visit(definition, {
    FragmentSpread(spread) {
      const fragment = fragments.get(spread.name.value);
      if (fragment && !used.has(fragment.name.value)) {
        used.set(fragment.name.value, fragment);
        fragmentsUsed(fragment, fragments, used);
      }
    },
  });
  return [...used.values()];
}

/** Files whose committed content differs from what the code builds. */
export function staleFiles({ files }: Composition, dir = SCHEMA_DIR): string[] {
  return Object.entries(files)
    .filter(([file, content]) => {
      try {
        return readFileSync(join(dir, file), "utf8") !== content;
      } catch {
        return true;
      }
    })
    .map(([file]) => file);
}

if (isMain(import.meta.url)) {
  const composition = await compose();
  if (process.argv.includes("--check")) {
    const stale = staleFiles(composition);
    if (stale.length > 0) {
      console.error(`Out of date: ${stale.join(", ")}. Run \`npm run compose\` and commit the result.`);
      process.exit(1);
    }
    console.log("schema/ matches the code.");
  } else {
    for (const [file, content] of Object.entries(composition.files)) writeFileSync(join(SCHEMA_DIR, file), content);
    console.log(
      `Wrote ${Object.keys(composition.files)
        .map((f) => `schema/${f}`)
        .join(", ")}`,
    );
  }
}
