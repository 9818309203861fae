import "reflect-metadata";
import { composeServices } from "@apollo/composition";
import { printSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SUBGRAPHS } from "../subgraphs/all.js";
import { PROJECT_ROOT } from "../subgraphs/common/paths.js";
import { isMain, subgraphSchema, subgraphUrls } from "../subgraphs/common/subgraph.js";

/** The checked-in schema files, in the source tree (also when run from dist/). */
export const SCHEMA_DIR = join(PROJECT_ROOT, "schema");

export interface Composition {
  /** File name → content: each subgraph's SDL and the supergraph. */
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
  return { files };
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
    console.log(`Wrote ${Object.keys(composition.files).map((f) => `schema/${f}`).join(", ")}`);
  }
}
