import { operationFromDocument, Supergraph, type Schema } from "@apollo/federation-internals";
import { buildOperationContext, executeQueryPlan, type GraphQLDataSource } from "@apollo/gateway";
import { QueryPlanner, type QueryPlan } from "@apollo/query-planner";
import type { DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema, OperationDefinitionNode } from "graphql";
import { LRUCache } from "lru-cache";
import type { GatewayContext } from "./dataSource.js";
import { answerSchemaFields, mergeAnswers, splitSchemaFields } from "./introspection.js";
import { parseScalarsAtGateway } from "./scalars.js";

/** Makes the data source of one subgraph, given its name and the URL the supergraph names. */
export type DataSourceFactory = (name: string, url: string) => { url: string; dataSource: GraphQLDataSource };

/** A parsed document and what validation said of it, kept per text (validation never changes for a text). */
export interface ParsedDocument {
  document: DocumentNode;
  /** What validation found wrong; empty when the document is valid. */
  errors: readonly GraphQLError[];
}

/**
 * One loaded supergraph as this gateway runs it: the API schema clients see, Apollo's query
 * planner, the subgraphs' data sources, and the caches that belong to this schema (parsed and
 * validated documents by text, query plans by document and operation name). A reload builds a
 * new one and the gateway swaps it in whole, so no request mixes two schemas.
 */
export class FederatedGraph {
  /** The API schema clients query (graphql-js), parsing our scalars at the gateway. */
  readonly schema: GraphQLSchema;
  readonly supergraphSchema: GraphQLSchema;
  readonly apiSchema: Schema;
  readonly planner: QueryPlanner;
  /** Where each subgraph answers, by name. */
  readonly routes = new Map<string, string>();
  readonly dataSources: Record<string, GraphQLDataSource> = Object.create(null);
  /** Parsed and validated documents by text, up to about 4 MB of text. */
  readonly documents = new LRUCache<string, ParsedDocument>({
    maxSize: 4_000_000,
    sizeCalculation: (_value, text) => text.length + 1,
  });
  private readonly plans = new WeakMap<DocumentNode, Map<string, QueryPlan>>();

  constructor(supergraphSdl: string, dataSourceOf: DataSourceFactory) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.apiSchema = supergraph.apiSchema();
    this.schema = this.apiSchema.toGraphQLJSSchema();
    parseScalarsAtGateway(this.schema);
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    // Each fetch carries its parsed operation: the data source tells a query from a mutation by it.
    this.planner = new QueryPlanner(supergraph, { exposeDocumentNodeInFetchNode: true });
    for (const subgraph of supergraph.subgraphs()) {
      const { url, dataSource } = dataSourceOf(subgraph.name, subgraph.url);
      this.routes.set(subgraph.name, url);
      this.dataSources[subgraph.name] = dataSource;
    }
  }

  /** The query plan of an operation, made once per document and operation name. */
  plan(document: DocumentNode, operationName: string | undefined): QueryPlan {
    let byName = this.plans.get(document);
    if (!byName) this.plans.set(document, (byName = new Map()));
    let plan = byName.get(operationName ?? "");
    if (!plan) {
      plan = this.planner.buildQueryPlan(operationFromDocument(this.apiSchema, document, { operationName }));
      byName.set(operationName ?? "", plan);
    }
    return plan;
  }

  /**
   * Runs a validated query or mutation: its schema fields (`__schema`, `__type`) from the API
   * schema, the rest through the query plan across the subgraphs.
   */
  async execute(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
    context: GatewayContext,
  ): Promise<ExecutionResult> {
    const split = splitSchemaFields(document, operation);
    if (!split) return this.executePlan(document, operation.name?.value, variables, context);
    const parts = await Promise.all([
      split.schema ? answerSchemaFields(this.schema, split.schema, variables) : { data: {} },
      split.data ? this.executePlan(split.data, operation.name?.value, variables, context) : { data: {} },
    ]);
    return mergeAnswers(split.order, parts);
  }

  private async executePlan(
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown>,
    context: GatewayContext,
  ): Promise<ExecutionResult> {
    const plan = this.plan(document, operationName);
    const operationContext = buildOperationContext({ schema: this.schema, operationDocument: document, operationName });
    // What Apollo's executor reads of Apollo Server's request context.
    const requestContext = {
      request: { variables, operationName },
      operationName,
      context,
      metrics: {},
      logger: console,
    } as never;
    const result = await executeQueryPlan(
      plan,
      this.dataSources,
      requestContext,
      operationContext,
      this.supergraphSchema,
      this.apiSchema,
    );
    return result as ExecutionResult;
  }
}
