import { operationFromDocument, Supergraph, type Schema } from "@apollo/federation-internals";
import { QueryPlanner as ApolloPlanner } from "@apollo/query-planner";
import { QueryPlanner as HivePlanner } from "@graphql-hive/router-query-planner";
import {
  getOperationAST,
  print,
  visit,
  BREAK,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { LRUCache } from "lru-cache";
import type { GatewayContext, SubgraphDataSource } from "./dataSource.js";
import { PlanExecution, type CallSubgraph } from "./engine/execute.js";
import { placesAt } from "./engine/places.js";
import { fromApollo, fromHive, type Defer, type Deferred, type PlanNode, type QueryPlan } from "./engine/plan.js";
import { conditionOf, ResponseShaper } from "./engine/shape.js";
import { answerSchemaFields, mergeAnswers, splitSchemaFields } from "./introspection.js";
import { parseScalarsAtGateway } from "./scalars.js";
import { answeredUnchanged, verbatimAnswer } from "./unchangedAnswers.js";
import { answersVerbatim } from "./engine/verbatim.js";

/** Makes the data source of one subgraph, given its name and the URL the supergraph names. */
export type DataSourceFactory = (name: string, url: string) => { url: string; dataSource: SubgraphDataSource };

/** Whose query planner makes the plans this gateway executes (`QUERY_PLANNER`). */
export type PlannerKind = "hive" | "apollo";

type Plan = (document: DocumentNode, operationName: string | undefined) => QueryPlan;

/**
 * Hive Router's planner (Rust, a native addon) plans from the operation's text; Apollo's from its
 * own operation model. Both plans are turned into the executor's form once, when made.
 */
function plannerOf(kind: PlannerKind, supergraphSdl: string, supergraph: Supergraph, apiSchema: Schema): Plan {
  if (kind === "apollo") {
    const planner = new ApolloPlanner(supergraph);
    return (document, operationName) =>
      fromApollo(planner.buildQueryPlan(operationFromDocument(apiSchema, document, { operationName })));
  }
  const planner = new HivePlanner(supergraphSdl);
  const noOverrideLabels = new Set<string>();
  return (document, operationName) => fromHive(planner.plan(print(document), operationName, noOverrideLabels, 0));
}

/** One payload of an incremental (`@defer`) answer: the primary part, then the deferred ones. */
export interface IncrementalResult extends ExecutionResult {
  hasNext: boolean;
  incremental?: {
    data: Record<string, unknown> | null;
    path: (string | number)[];
    label?: string;
    errors?: readonly GraphQLError[];
  }[];
}

const deferring = new WeakMap<DocumentNode, boolean>();

/** Whether a document uses `@defer` anywhere; walked once per parsed document (they are cached by text). */
function defers(document: DocumentNode): boolean {
  const known = deferring.get(document);
  if (known !== undefined) return known;
  let found = false;
  visit(document, {
    Directive(node) {
      if (node.name.value !== "defer") return undefined;
      found = true;
      return BREAK;
    },
  });
  deferring.set(document, found);
  return found;
}

/** A parsed document and what validation said of it, kept per text (validation never changes for a text). */
export interface ParsedDocument {
  document: DocumentNode;
  /** What validation found wrong; empty when the document is valid. */
  errors: readonly GraphQLError[];
}

/**
 * One loaded supergraph as this gateway runs it: the API schema clients see, a query
 * planner, the subgraphs' data sources, and the caches that belong to this schema (parsed and
 * validated documents by text, query plans by document and operation name). A reload builds a
 * new one and the gateway swaps it in whole, so no request mixes two schemas.
 */
export class FederatedGraph {
  /** The API schema clients query (graphql-js), parsing our scalars at the gateway. */
  readonly schema: GraphQLSchema;
  readonly supergraphSchema: GraphQLSchema;
  readonly apiSchema: Schema;
  private readonly planner: Plan;
  private readonly supergraph: Supergraph;
  /** Apollo's planner with `@defer` (Hive's plans it as if absent), made when first needed. */
  private deferPlanner?: ApolloPlanner;
  /** Where each subgraph answers, by name. */
  readonly routes = new Map<string, string>();
  readonly dataSources = new Map<string, SubgraphDataSource>();
  /** Parsed and validated documents by text, up to about 4 MB of text. */
  readonly documents = new LRUCache<string, ParsedDocument>({
    maxSize: 4_000_000,
    sizeCalculation: (_value, text) => text.length + 1,
  });
  private readonly plans = new WeakMap<DocumentNode, Map<string, QueryPlan>>();
  /** Whether a plan's subgraph answer is its client's answer as it stands (`answersVerbatim`), by plan. */
  private readonly verbatim = new WeakMap<QueryPlan, boolean>();

  constructor(supergraphSdl: string, dataSourceOf: DataSourceFactory, plannerKind: PlannerKind = "hive") {
    const supergraph = Supergraph.build(supergraphSdl);
    this.supergraph = supergraph;
    this.apiSchema = supergraph.apiSchema();
    // Clients may defer fragments (`@defer`): the schema they validate against declares it.
    this.schema = this.apiSchema.toGraphQLJSSchema({ includeDefer: true });
    parseScalarsAtGateway(this.schema);
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.planner = plannerOf(plannerKind, supergraphSdl, supergraph, this.apiSchema);
    for (const subgraph of supergraph.subgraphs()) {
      const { url, dataSource } = dataSourceOf(subgraph.name, subgraph.url);
      this.routes.set(subgraph.name, url);
      this.dataSources.set(subgraph.name, dataSource);
    }
  }

  /** The query plan of an operation, made once per document and operation name. */
  plan(document: DocumentNode, operationName: string | undefined): QueryPlan {
    let byName = this.plans.get(document);
    if (!byName) this.plans.set(document, (byName = new Map()));
    let plan = byName.get(operationName ?? "");
    if (!plan) {
      plan = defers(document) ? this.planDeferred(document, operationName) : this.planner(document, operationName);
      byName.set(operationName ?? "", plan);
    }
    return plan;
  }

  private planDeferred(document: DocumentNode, operationName: string | undefined): QueryPlan {
    this.deferPlanner ??= new ApolloPlanner(this.supergraph, { incrementalDelivery: { enableDefer: true } });
    const operation = operationFromDocument(this.apiSchema, document, { operationName });
    return fromApollo(this.deferPlanner.buildQueryPlan(operation));
  }

  /** Whether an operation answers in parts: it defers a fragment (and asks no schema field). */
  incremental(document: DocumentNode, operation: OperationDefinitionNode): boolean {
    if (!defers(document) || splitSchemaFields(document, operation)) return false;
    return this.plan(document, operation.name?.value).node?.kind === "Defer";
  }

  /**
   * An operation with `@defer`, in parts: the primary part as soon as its fetches are done, then
   * each deferred fragment, in the order they complete, at every place of the response it belongs.
   */
  async *executeIncremental(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
    context: GatewayContext,
  ): AsyncGenerator<IncrementalResult> {
    const plan = this.plan(document, operation.name?.value).node as Defer;
    const condition = conditionOf(operation, variables);
    const execution = this.execution(variables, condition, context);
    if (plan.primary) await execution.run(plan.primary);
    const shaper = new ResponseShaper(this.schema, document.definitions, condition, true);
    const data = shaper.shape(operation, execution.data);
    const errors = execution.errors.length ? execution.errors : shaper.errors;
    let reported = execution.errors.length;
    yield { data, ...(errors.length ? { errors: [...errors] } : {}), hasNext: plan.deferred.length > 0 };
    // A fragment deferred inside another starts once that one has answered: its places exist then.
    const pending = new Map<Deferred, Promise<Deferred>>();
    const start = (fragments: readonly Deferred[]) => {
      for (const fragment of fragments)
        pending.set(
          fragment,
          (fragment.node ? execution.run(fragment.node) : Promise.resolve()).then(() => fragment),
        );
    };
    start(plan.deferred);
    while (pending.size) {
      const fragment = await Promise.race(pending.values());
      pending.delete(fragment);
      start(fragment.deferred);
      const { path, selections, label } = fragment;
      const parts = new ResponseShaper(this.schema, document.definitions, condition, true);
      const incremental: NonNullable<IncrementalResult["incremental"]> = placesAt(
        this.schema,
        document,
        operation,
        path,
        execution.data,
      )
        .map((place) => ({
          data: parts.shapeAt(place.type, selections, place.value, place.path),
          path: place.path,
          ...(label ? { label } : {}),
        }))
        // A fragment on one member of an abstract type adds nothing where the object is another.
        .filter((item) => item.data === null || Object.keys(item.data).length > 0);
      const failed = [...execution.errors.slice(reported), ...(execution.errors.length > reported ? [] : parts.errors)];
      reported = execution.errors.length;
      if (failed.length && incremental[0]) incremental[0].errors = failed;
      yield { incremental, hasNext: pending.size > 0 };
    }
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
    if (!split) return this.executePlan(document, operation, variables, context);
    const parts = await Promise.all([
      split.schema ? answerSchemaFields(this.schema, split.schema, variables) : { data: {} },
      split.data
        ? this.executePlan(split.data, getOperationAST(split.data, operation.name?.value)!, variables, context)
        : { data: {} },
    ]);
    return mergeAnswers(split.order, parts);
  }

  private async executePlan(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
    context: GatewayContext,
  ): Promise<ExecutionResult> {
    const plan = this.plan(document, operation.name?.value);
    let verbatim = this.verbatim.get(plan);
    if (verbatim === undefined) {
      verbatim = answersVerbatim(plan, operation, this.schema, this.supergraphSchema);
      this.verbatim.set(plan, verbatim);
    }
    return this.run(plan.node, document, operation, variables, context, {}, verbatim);
  }

  /**
   * Runs a plan node (a query's whole plan, or what a subscription's event still needs) from
   * what is known (`data`: nothing, or the event), and shapes the answer onto the operation.
   */
  async run(
    node: PlanNode | undefined,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
    context: GatewayContext,
    data: Record<string, unknown> = {},
    /** The plan's one fetch answers the client as it stands (`answersVerbatim`). */
    verbatim = false,
  ): Promise<ExecutionResult> {
    const condition = conditionOf(operation, variables);
    const execution = this.execution(variables, condition, context, data);
    execution.verbatim = verbatim;
    if (node) await execution.run(node);
    if (execution.verbatimBytes) return verbatimAnswer(execution.verbatimBytes);
    const shaper = new ResponseShaper(this.schema, document.definitions, condition);
    const shaped = shaper.shape(operation, execution.data);
    // A subgraph's error explains the nulls it left; only without one do completion errors tell why.
    const errors = execution.errors.length ? execution.errors : shaper.errors;
    if (errors.length) return { data: shaped, errors };
    // One fetch made all of the data and the shaping kept it as it came (the same object): the
    // answer is that subgraph's.
    const bytes = execution.rootAnswerBytes;
    if (bytes && node?.kind === "Fetch" && shaped === execution.data) answeredUnchanged(shaped, bytes);
    return { data: shaped };
  }

  private execution(
    variables: Record<string, unknown>,
    condition: (variable: string) => boolean,
    context: GatewayContext,
    data: Record<string, unknown> = {},
  ): PlanExecution {
    const call: CallSubgraph = (service, request, readOnly, verbatim) =>
      this.dataSources.get(service)!.call(request, readOnly, context, verbatim);
    return new PlanExecution(this.supergraphSchema, variables, condition, call, data);
  }
}
