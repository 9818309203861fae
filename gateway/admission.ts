import {
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  visit,
  BREAK,
  type DocumentNode,
  type OperationDefinitionNode,
} from "graphql";
import { getVariableValues } from "graphql/execution/values.js";
import type { Context as Trace } from "@opentelemetry/api";
import type { Actor } from "../common/actor.js";
import { badUserInput, statusOf } from "../common/errors.js";
import { signGatewayToken } from "../common/gatewayToken.js";
import { authenticate, type AuthConfig } from "./auth.js";
import type { GatewayContext } from "./dataSource.js";
import { PersistedDocuments, type DocumentReference } from "./documents.js";
import type { FederatedGraph, ParsedDocument } from "./graph.js";
import { limitErrors, type OperationLimits } from "./limits.js";
import { callerKey, type RateLimiter } from "./rateLimit.js";

/** One GraphQL request as a client sent it, whatever carried it. */
export interface OperationRequest extends DocumentReference {
  operationName?: unknown;
  variables?: unknown;
}

/** How a request arrived. A transport only says this; the admission decides. */
export interface Arrival {
  transport: "http" | "websocket";
  /** The HTTP method, where there is one: a GET may not run a mutation. */
  method?: "GET" | "POST";
  /** Whether this door can stream a subscription's events. */
  streams: boolean;
  /** The `Authorization` header, or graphql-ws `connection_init`'s `authorization`. */
  authorization: string | undefined;
  /** The caller's address, for the rate limit of callers without a token. */
  address: string | undefined;
  requestId: string;
  /** The request's place in its trace (`traceparent`), passed on to the subgraphs and logged. */
  trace: Trace;
  /** The graph's origin as the client reached it (download links point there). */
  origin: string;
}

/** An operation admitted to run: parsed, valid, within the limits, with its caller's context. */
export interface Admitted {
  graph: FederatedGraph;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
  context: GatewayContext;
  /** The door can stream: an operation with `@defer` answers in parts there, at once elsewhere. */
  streams: boolean;
}

/** A request or operation refused before anything ran: the errors and the HTTP status they mean. */
export class Refused extends Error {
  readonly status: number;
  constructor(
    readonly errors: readonly GraphQLError[],
    status?: number,
  ) {
    super(errors[0]?.message ?? "refused");
    this.status = status ?? statusOf(errors[0]?.extensions.code);
  }
}

export interface AdmissionOptions {
  auth: AuthConfig;
  gatewayTokenSecret: Uint8Array;
  limits: OperationLimits;
  rateLimiter: RateLimiter | null;
  documents: PersistedDocuments;
  introspection: boolean;
  /** The loaded graph; undefined until the supergraph is loaded. */
  graph(): FederatedGraph | undefined;
}

/**
 * The one way into the graph, whatever the transport (HTTP POST, GET and batches, graphql-ws,
 * Server-Sent Events): authenticate, rate limit, resolve the document (trusted, persisted or
 * sent), parse within the token limit, validate with the operation limits. Nothing reaches a
 * subgraph before all of it passed.
 */
export class Admission {
  constructor(private readonly options: AdmissionOptions) {}

  /**
   * Who calls (the token's actor, or the one a verified download link stands for), counted
   * against the caller's rate for `operations` operations.
   */
  async caller(arrival: Arrival, operations = 1, verified?: Actor): Promise<GatewayContext> {
    let actor: Actor;
    try {
      actor = verified ?? (await authenticate(arrival.authorization, this.options.auth));
    } catch (error) {
      throw new Refused([error as GraphQLError]);
    }
    try {
      // Opening a socket runs nothing: only its operations count.
      if (operations > 0) await this.options.rateLimiter?.take(callerKey(actor, arrival.address), operations);
    } catch (error) {
      if (error instanceof GraphQLError) throw new Refused([error]);
      throw error;
    }
    return contextFor(actor, arrival, this.options.gatewayTokenSecret);
  }

  /** Admits one operation of a caller; throws Refused with the coded errors. */
  operation(request: OperationRequest, context: GatewayContext, arrival: Arrival): Admitted {
    const graph = this.options.graph();
    if (!graph) {
      const error = new GraphQLError("The supergraph is not loaded yet; try again shortly.", {
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      });
      throw new Refused([error]);
    }
    const { document, errors } = this.parsed(graph, this.text(request));
    if (errors.length) throw new Refused(errors);
    const operation = operationOf(document, request.operationName);
    checkDoor(operation, arrival);
    const variables = variablesOf(request.variables);
    const coercion = getVariableValues(graph.schema, operation.variableDefinitions ?? [], variables);
    if (coercion.errors) throw new Refused(coercion.errors.map((e) => coded(e, "BAD_USER_INPUT")));
    const withNul = Object.keys(coercion.coerced).find((name) => holdsNul(coercion.coerced[name]));
    if (withNul) throw new Refused([nulRefusal(`variables.${withNul}`)]);
    const refusals = limitErrors(graph.schema, document, operation, this.options.limits, variables);
    if (refusals.length) throw new Refused(refusals);
    return { graph, document, operation, variables, context, streams: arrival.streams };
  }

  private text(request: OperationRequest): string {
    try {
      return this.options.documents.resolve(request);
    } catch (error) {
      throw new Refused([error as GraphQLError]);
    }
  }

  /** A text parsed and validated once per loaded schema; later requests with the same text reuse it. */
  private parsed(graph: FederatedGraph, text: string): ParsedDocument {
    const known = graph.documents.get(text);
    if (known) return known;
    let document: DocumentNode;
    try {
      // graphql-js stops reading a document at this many tokens: a huge query costs nothing.
      document = parse(text, { maxTokens: this.options.limits.maxTokens });
    } catch (error) {
      throw new Refused([coded(error as GraphQLError, "GRAPHQL_PARSE_FAILED")]);
    }
    const rules = this.options.introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
    const errors = validate(graph.schema, document, rules).map((e) => coded(e, "GRAPHQL_VALIDATION_FAILED"));
    if (!errors.length && literalHoldsNul(document)) errors.push(nulRefusal("query"));
    const parsed = { document, errors };
    graph.documents.set(text, parsed);
    return parsed;
  }
}

/** The context of one request or socket operation of an actor. */
export function contextFor(
  actor: Actor,
  { requestId, trace, origin }: Pick<Arrival, "requestId" | "trace" | "origin">,
  secret: Uint8Array,
): GatewayContext {
  let token: Promise<string> | undefined;
  return {
    actor,
    requestId,
    trace,
    origin,
    subgraphToken: (fresh) => (fresh ? signGatewayToken(actor, secret) : (token ??= signGatewayToken(actor, secret))),
  };
}

/**
 * The error with a code: a malformed scalar keeps its own (BAD_USER_INPUT), anything else
 * gets the step's code.
 */
function coded(error: GraphQLError, code: string): GraphQLError {
  const own = error.extensions?.code ?? (error.originalError as GraphQLError | undefined)?.extensions?.code;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code: own === "BAD_USER_INPUT" ? own : code },
  });
}

function operationOf(document: DocumentNode, operationName: unknown): OperationDefinitionNode {
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string") {
    throw new Refused([badUserInput("operationName", "operationName must be a string.")]);
  }
  const operation = getOperationAST(document, operationName || undefined);
  if (operation) return operation;
  const message = operationName
    ? `Unknown operation named "${operationName}".`
    : "The document holds several operations: name the one to run (operationName).";
  throw new Refused([badUserInput("operationName", message)]);
}

/** What the door itself cannot carry: a stream over plain HTTP, a mutation over GET. */
function checkDoor(operation: OperationDefinitionNode, arrival: Arrival): void {
  if (operation.operation === "subscription" && !arrival.streams) {
    const message =
      "A subscription streams: over graphql-ws at this /graphql path, over HTTP with Accept: multipart/mixed;" +
      "subscriptionSpec=1.0 or text/event-stream, or over Server-Sent Events at /graphql/stream.";
    throw new Refused([badUserInput("query", message)]);
  }
  if (operation.operation === "mutation" && arrival.method === "GET") {
    throw new Refused([badUserInput("query", "A mutation runs over POST only, never GET.")], 405);
  }
}

function variablesOf(variables: unknown): Record<string, unknown> {
  if (variables === undefined || variables === null) return {};
  if (typeof variables === "object" && !Array.isArray(variables)) return variables as Record<string, unknown>;
  throw new Refused([badUserInput("variables", "variables must be a JSON object.")]);
}

/**
 * Text with U+0000 is refused at the door: PostgreSQL cannot store or compare it, so it would
 * fail deep in a subgraph as an internal error; no name, id or comment of the domain holds one.
 */
function nulRefusal(argument: string): GraphQLError {
  return badUserInput(argument, "Text may not contain the NUL character (U+0000).");
}

function holdsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value && typeof value === "object") return Object.values(value).some(holdsNul);
  return false;
}

/** Whether a string literal of the document (checked once per parsed document) holds U+0000. */
function literalHoldsNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes("\u0000")) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}
