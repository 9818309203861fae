import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * GraphQL Code Generator for a frontend (`npm run codegen`): typed documents of the console's
 * operations (schema/operations/) against the client-facing schema (schema/api.graphql),
 * written to schema/generated/. Scalars are the strings the graph sends: dates as YYYY-MM-DD,
 * instants as ISO-8601, money as exact decimal strings (never a float).
 */
const config: CodegenConfig = {
  schema: "schema/api.graphql",
  documents: ["schema/operations/*.graphql"],
  generates: {
    "schema/generated/": {
      preset: "client",
      config: {
        scalars: { Date: "string", DateTime: "string", Decimal: "string" },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
  ignoreNoDocuments: false,
};

export default config;
