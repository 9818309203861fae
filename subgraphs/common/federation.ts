import { buildSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse, type GraphQLSchema } from "graphql";
import { buildSchema, createResolversMap, type NonEmptyArray } from "type-graphql";
import type { Class } from "./class.js";

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7",
  import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag"])`;

/**
 * type-graphql wants a pub/sub for any subscription; ours each bring their own stream (the
 * approval results come from the database's outbox), so nothing may publish through this one.
 */
const NO_PUB_SUB = {
  publish: () => {
    throw new Error("Subscriptions here stream from their own source, not a pub/sub.");
  },
  subscribe: () => {
    throw new Error("Subscriptions here stream from their own source, not a pub/sub.");
  },
};

/** How a subgraph finds an entity the gateway names by key (`_entities`). */
export type ReferenceResolvers = Record<string, { __resolveReference(reference: never, context: never): unknown }>;

export interface FederatedSchemaOptions {
  resolvers: NonEmptyArray<Class>;
  /** Types reached only through references (entity stubs, interface implementations). */
  orphanedTypes?: Class[];
  references?: ReferenceResolvers;
}

/**
 * The whole bridge from type-graphql to a federation-2 subgraph: build, print with
 * directives, hand to `buildSubgraphSchema` under the federation `@link`.
 */
export async function buildFederatedSchema(options: FederatedSchemaOptions): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    skipCheck: true,
    pubSub: NO_PUB_SUB,
  });
  const resolvers = createResolversMap(schema) as Record<string, object>;
  for (const [type, reference] of Object.entries(options.references ?? {})) {
    resolvers[type] = { ...resolvers[type], ...reference };
  }
  return buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`),
    resolvers: resolvers as never,
  });
}

/**
 * Options of a field a subgraph adds to an entity another subgraph owns: nullable, so that
 * when this subgraph cannot answer, the field is null with an error naming the service and
 * the rest of the answer still comes (a non-null field would null its parents up to `data`).
 */
export const ADDED_TO_ENTITY = { nullable: true } as const;
