import { GraphQLError, isAbstractType, isInterfaceType, isObjectType, type GraphQLSchema } from "graphql";
import type { BatchFetch, Deferred, Fetch, PlanNode, Requires, Rewrite, Step } from "./plan.js";

type Json = Record<string, unknown>;
type Path = (string | number)[];

/** One operation for a subgraph, as it goes over the wire. */
export interface SubgraphRequest {
  query: string;
  variables: Json;
  operationName?: string;
}

/** A subgraph's answer; errors as the subgraph wrote them. */
export interface SubgraphResult {
  data?: Json | null;
  errors?: readonly { message?: string; path?: readonly (string | number)[]; extensions?: Json }[];
  /** The whole answer's bytes as the subgraph sent them, when it held `data` and nothing else. */
  bytes?: Buffer;
  /** The whole answer's bytes, not parsed (no `data`, no `errors`): a verbatim call's answer of data alone. */
  unparsed?: Buffer;
}

/**
 * Sends one operation to a subgraph; throws a GraphQLError (coded, naming the subgraph) when no
 * answer came. `verbatim`: an answer of data alone may come back as its bytes only (`answersVerbatim`).
 */
export type CallSubgraph = (
  service: string,
  request: SubgraphRequest,
  readOnly: boolean,
  verbatim?: boolean,
) => Promise<SubgraphResult>;

/** An object found in the response so far, and where: an entity a Flatten hands to a subgraph. */
interface Location {
  entity: Json;
  path: Path;
}

/**
 * Representations of one `_entities` call: identical ones are sent once, and every location
 * remembers which representation answers for it.
 */
class Representations {
  readonly list: Json[] = [];
  readonly targets: { location: Location; index: number }[] = [];
  private readonly indexes = new Map<string, number>();

  add(representation: Json, location: Location): void {
    const key = JSON.stringify(representation);
    let index = this.indexes.get(key);
    if (index === undefined) {
      index = this.list.push(representation) - 1;
      this.indexes.set(key, index);
    }
    this.targets.push({ location, index });
  }
}

/**
 * Runs one query plan: calls the subgraphs in the plan's order and merges their answers into
 * one response tree (`data`), keyed by the client's response names as the planner keeps them.
 * Shaping that tree onto the operation is `shapeResponse`'s work. Errors of subgraphs are
 * collected with their paths moved from the subgraph's operation to the client's.
 */
export class PlanExecution {
  readonly errors: GraphQLError[] = [];
  /** The bytes of a fetch's answer that made the root's data from nothing, as it came (see `unchangedAnswers.ts`). */
  rootAnswerBytes?: Buffer;
  /** Set when the plan's one fetch answers the client as it stands (`answersVerbatim`): its answer may stay bytes. */
  verbatim = false;
  /** The root fetch's answer, unparsed, when it came back as bytes (only with `verbatim`). */
  verbatimBytes?: Buffer;

  constructor(
    /** The supergraph's schema: type conditions are decided on every type, also those clients cannot see. */
    private readonly schema: GraphQLSchema,
    private readonly variables: Json,
    private readonly condition: (variable: string) => boolean,
    private readonly call: CallSubgraph,
    readonly data: Json = {},
  ) {}

  async run(node: PlanNode): Promise<void> {
    switch (node.kind) {
      case "Sequence":
        for (const child of node.nodes) await this.run(child);
        return;
      case "Parallel":
        await Promise.all(node.nodes.map((child) => this.run(child)));
        return;
      case "Condition": {
        const branch = this.condition(node.variable) ? node.ifClause : node.elseClause;
        return branch && this.run(branch);
      }
      case "Fetch":
        return this.fetch(node, [{ entity: this.data, path: [] }]);
      case "Flatten":
        return this.fetch(node.node, this.locate(node.path));
      case "BatchFetch":
        return this.batchFetch(node);
      case "Subscription":
        throw new Error("a subscription's plan runs event by event (FederatedSubscriptions)");
      case "Defer":
        // All at once (a client that cannot take a stream): the primary part, then every deferred one.
        if (node.primary) await this.run(node.primary);
        await this.runDeferred(node.deferred);
        return;
    }
  }

  /** Deferred fragments side by side, each followed by those deferred inside it. */
  private async runDeferred(deferred: readonly Deferred[]): Promise<void> {
    await Promise.all(
      deferred.map(async (fragment) => {
        if (fragment.node) await this.run(fragment.node);
        await this.runDeferred(fragment.deferred);
      }),
    );
  }

  private fetch(fetch: Fetch, locations: Location[]): Promise<void> {
    if (!locations.length) return Promise.resolve();
    return fetch.requires ? this.entities(fetch, fetch.requires, locations) : this.fields(fetch, locations);
  }

  /** A fetch of fields (at the root, or merged into each location of a Flatten). */
  private async fields(fetch: Fetch, locations: Location[]): Promise<void> {
    const result = await this.send(fetch, this.variablesOf(fetch), this.verbatim);
    if (!result) return;
    if (this.verbatim && result.unparsed) {
      this.verbatimBytes = result.unparsed;
      return;
    }
    const at = locations.length === 1 ? locations[0].path : [];
    for (const error of result.errors ?? [])
      this.errors.push(downstream(error, fetch.service, error.path && [...at, ...error.path]));
    if (!result.data) return;
    const fromNothing = locations[0].entity === this.data && !Object.keys(this.data).length;
    if (fromNothing && !fetch.outputRewrites?.length) this.rootAnswerBytes = result.bytes;
    rewrite(this.schema, result.data, fetch.outputRewrites);
    for (const { entity } of locations) deepMerge(entity, result.data);
  }

  /** An `_entities` fetch for the entities found where a Flatten points. */
  private async entities(fetch: Fetch, requires: readonly Requires[], locations: Location[]): Promise<void> {
    const representations = new Representations();
    for (const location of locations) this.represent(location, requires, fetch.inputRewrites, representations);
    if (!representations.list.length) return;
    const result = await this.send(fetch, { ...this.variablesOf(fetch), representations: representations.list });
    if (!result) return;
    const { list, targets } = representations;
    this.mergeEntities(fetch.service, result, "_entities", list, targets, fetch.outputRewrites);
  }

  /** Several `_entities` fields (one per alias) in one request to one subgraph. */
  private async batchFetch(node: BatchFetch): Promise<void> {
    const byVariable = new Map<string, Representations>();
    const groups = node.batches.map((batch) => {
      let representations = byVariable.get(batch.variable);
      if (!representations) byVariable.set(batch.variable, (representations = new Representations()));
      const targetsBefore = representations.targets.length;
      for (const path of batch.paths) {
        for (const location of this.locate(path)) {
          this.represent(location, batch.requires, batch.inputRewrites, representations);
        }
      }
      return { batch, representations, targets: representations.targets.slice(targetsBefore) };
    });
    if (![...byVariable.values()].some((representations) => representations.list.length)) return;
    const variables = this.variablesOf(node);
    for (const [variable, representations] of byVariable) variables[variable] = representations.list;
    const result = await this.send(node, variables);
    if (!result) return;
    for (const { batch, representations, targets } of groups) {
      this.mergeEntities(node.service, result, batch.alias, representations.list, targets, batch.outputRewrites);
    }
  }

  /** Adds the representation of the entity at a location, if it has what the subgraph needs. */
  private represent(
    location: Location,
    requires: readonly Requires[],
    inputRewrites: readonly Rewrite[] | undefined,
    representations: Representations,
  ): void {
    const representation = project(this.schema, location.entity, requires);
    if (!representation || typeof representation.__typename !== "string") return;
    rewrite(this.schema, representation, inputRewrites);
    representations.add(representation, location);
  }

  /** Merges each returned entity into every location it answers for; errors move to those locations. */
  private mergeEntities(
    service: string,
    result: SubgraphResult,
    field: string,
    sent: readonly Json[],
    targets: Representations["targets"],
    outputRewrites: readonly Rewrite[] | undefined,
  ): void {
    for (const error of result.errors ?? []) {
      const [head, index, ...rest] = error.path ?? [];
      const answering = head === field && typeof index === "number" ? targets.filter((t) => t.index === index) : [];
      if (!answering.length) this.errors.push(downstream(error, service, undefined));
      for (const { location } of answering) this.errors.push(downstream(error, service, [...location.path, ...rest]));
    }
    if (!result.data) return;
    const entities = result.data[field];
    if (!Array.isArray(entities) || entities.length !== sent.length) {
      this.errors.push(
        new GraphQLError(`The ${service} service answered ${sent.length} entities wrongly.`, {
          extensions: { code: "DOWNSTREAM_SERVICE_ERROR", serviceName: service },
        }),
      );
      return;
    }
    for (const entity of entities) if (isObject(entity)) rewrite(this.schema, entity, outputRewrites);
    for (const { location, index } of targets) {
      const entity = entities[index];
      if (!isObject(entity)) continue;
      if (entity.__typename === undefined) entity.__typename = location.entity.__typename;
      deepMerge(location.entity, entity);
    }
  }

  private async send(
    fetch: Fetch | BatchFetch,
    variables: Json,
    verbatim = false,
  ): Promise<SubgraphResult | undefined> {
    const request = { query: fetch.operation, variables, operationName: fetch.operationName };
    try {
      return await this.call(fetch.service, request, fetch.readOnly, verbatim);
    } catch (error) {
      this.errors.push(
        error instanceof GraphQLError
          ? error
          : new GraphQLError((error as Error).message, { originalError: error as Error }),
      );
      return undefined;
    }
  }

  private variablesOf(fetch: Fetch | BatchFetch): Json {
    const variables: Json = {};
    for (const name of fetch.variableUsages) {
      if (this.variables[name] !== undefined) variables[name] = this.variables[name];
    }
    return variables;
  }

  /** The objects at a plan path in the response so far, with their response paths. */
  private locate(path: readonly Step[]): Location[] {
    const found: Location[] = [];
    const trail: Path = [];
    const walk = (value: unknown, at: number): void => {
      if (value === null || typeof value !== "object") return;
      if (Array.isArray(value)) {
        const next = path[at] === "@" ? at + 1 : at;
        value.forEach((item, index) => {
          trail.push(index);
          walk(item, next);
          trail.pop();
        });
        return;
      }
      const object = value as Json;
      const step = path[at];
      if (step === undefined) found.push({ entity: object, path: trail.slice() });
      else if (step === "@") walk(object, at + 1);
      else if (typeof step === "object") {
        if (typeof object.__typename !== "string" || isOfType(this.schema, object.__typename, step.on))
          walk(object, at + 1);
      } else {
        trail.push(step);
        walk(object[step], at + 1);
        trail.pop();
      }
    };
    walk(this.data, 0);
    return found;
  }
}

/** A subgraph's error as the client gets it: its message and code, the subgraph named, its path in the client's response. */
function downstream(error: NonNullable<SubgraphResult["errors"]>[number], service: string, path: Path | undefined) {
  const extensions: Json = { ...error.extensions, serviceName: service };
  extensions.code ??= "DOWNSTREAM_SERVICE_ERROR";
  const message = error.message || `Error while fetching subquery from service "${service}"`;
  return new GraphQLError(message, { path, extensions });
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Whether an object of type `typename` matches one of the conditions (a type, or an abstract type it belongs to). */
export function isOfType(schema: GraphQLSchema, typename: string, conditions: readonly string[]): boolean {
  if (conditions.includes(typename)) return true;
  const type = schema.getType(typename);
  if (!isObjectType(type) && !isInterfaceType(type)) return false;
  return conditions.some((name) => {
    const condition = schema.getType(name);
    return isAbstractType(condition) && schema.isSubType(condition, type);
  });
}

/**
 * The representation a subgraph needs of an entity: the `requires` selection read from what is
 * known of it. A missing field means the entity cannot be represented (null), as in Apollo Gateway.
 */
function project(schema: GraphQLSchema, source: unknown, selections: readonly Requires[]): Json | null {
  if (!isObject(source)) return null;
  const result: Json = {};
  for (const selection of selections) {
    if (selection.kind === "InlineFragment") {
      const typename = source.__typename;
      if (!selection.typeCondition || typeof typename !== "string") continue;
      if (isOfType(schema, typename, [selection.typeCondition])) {
        deepMerge(result, project(schema, source, selection.selections));
      }
      continue;
    }
    const key = selection.from.find((name) => Object.hasOwn(source, name) && source[name] !== undefined);
    if (key === undefined) return null;
    const value = source[key];
    const inner = selection.selections;
    const to = selection.to;
    if (!inner) result[to] = value;
    else if (Array.isArray(value)) result[to] = value.map((item) => project(schema, item, inner));
    else result[to] = project(schema, value, inner);
  }
  return result;
}

/** Applies rewrites to a representation (before sending) or an answer (before merging). */
function rewrite(schema: GraphQLSchema, value: Json, rewrites: readonly Rewrite[] | undefined): void {
  for (const change of rewrites ?? []) {
    const last = change.path[change.path.length - 1];
    if (typeof last !== "string") continue;
    const apply = (object: Json) => {
      if (change.kind === "ValueSetter") object[last] = change.setValueTo;
      else if (object[last] !== undefined && object[last] !== null) {
        object[change.renameKeyTo] = object[last];
        delete object[last];
      }
    };
    applyAt(schema, value, change.path.slice(0, -1), apply);
  }
}

function applyAt(schema: GraphQLSchema, value: unknown, path: readonly Step[], apply: (object: Json) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) applyAt(schema, item, path, apply);
    return;
  }
  if (!isObject(value)) return;
  const [step, ...rest] = path;
  if (step === undefined) apply(value);
  else if (typeof step === "object") {
    const typename = value.__typename;
    if (typeof typename !== "string" || isOfType(schema, typename, step.on)) applyAt(schema, value, rest, apply);
  } else if (step !== "@") applyAt(schema, value[step], rest, apply);
  else applyAt(schema, value, rest, apply);
}

/** Merges a subgraph's answer into what is known: objects field by field, lists of equal length item by item. */
export function deepMerge(target: Json, source: Json | null | undefined): void {
  if (!source) return;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    const existing = target[key];
    if (isObject(existing) && isObject(value)) deepMerge(existing, value);
    else if (Array.isArray(existing) && Array.isArray(value) && existing.length === value.length) {
      value.forEach((item, index) => {
        if (isObject(existing[index]) && isObject(item)) deepMerge(existing[index] as Json, item);
        else existing[index] = item;
      });
    } else target[key] = value;
  }
}
