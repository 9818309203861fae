import { getIntrospectionQuery } from "graphql";

/**
 * The introspection queries tools send, made as the tools make them (graphql-js's
 * `getIntrospectionQuery` with each tool's options).
 */
export const TOOL_INTROSPECTION_QUERIES: Record<string, string> = {
  "graphql-js, every option on": getIntrospectionQuery({
    descriptions: true,
    specifiedByUrl: true,
    directiveIsRepeatable: true,
    schemaDescription: true,
    inputValueDeprecation: true,
    oneOf: true,
  }),
  // @graphiql/react 4: generateIntrospectionQuery, and its variant without subscriptions.
  "GraphiQL 4": getIntrospectionQuery({ inputValueDeprecation: true, schemaDescription: true }),
  "GraphiQL 4, without subscriptions": getIntrospectionQuery({
    inputValueDeprecation: true,
    schemaDescription: true,
  }).replace("subscriptionType { name }", ""),
  // GraphQL Code Generator's URL loader (@graphql-tools/url-loader).
  "GraphQL Code Generator": getIntrospectionQuery({
    descriptions: true,
    specifiedByUrl: true,
    directiveIsRepeatable: true,
    schemaDescription: true,
    inputValueDeprecation: true,
  }),
  // Apollo Client devtools, Postman and most IDE plugins: the default query.
  "the default (Apollo Client devtools, Postman, IDE plugins)": getIntrospectionQuery(),
};
