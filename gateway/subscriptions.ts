import { operationFromDocument, Supergraph, type Schema } from "@apollo/federation-internals";
import { buildOperationContext, executeQueryPlan, type GraphQLDataSource } from "@apollo/gateway";
import {
  QueryPlanner,
  type FetchNode,
  type PlanNode,
  type QueryPlan,
  type SubscriptionNode,
} from "@apollo/query-planner";
import { FixedBuffer, Repeater, type Push, type Stop } from "@repeaterjs/repeater";
import {
  getNamedType,
  getOperationAST,
  GraphQLError,
  isObjectType,
  Kind,
  print,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import type { GatewayContext } from "./createGateway.js";
import { parseScalarsAtGateway } from "./scalars.js";

/** The data source standing for the subscription's event in the plan of each event. */
const EVENT = "__subscription_event__";
/** Selected on the subscription field behind the client's back, to resume from the last event. */
const RESUME = "__resumeCursor";
const AFTER = "__resumeAfter";

/** Events a subscriber may fall behind a shared stream before it is ended (it can resume with `after`). */
const MOST_BEHIND = 1000;

/** One upstream stream and its event resolution, shared by the subscribers of one actor and operation. */
interface Broadcast {
  listeners: Set<{ push: Push<ExecutionResult>; stop: Stop }>;
  /** Events handed to the listeners so far. */
  delivered: number;
  close(): Promise<unknown>;
}

interface Planned {
  document: DocumentNode;
  /** The field whose events stream, e.g. approvalResults. */
  field: string;
  primary: FetchNode;
  eventPlan: QueryPlan;
  /** Whether the field takes `after` and returns a `cursor`, so a broken stream can resume. */
  resumable: boolean;
}

/**
 * Subscriptions across the federated graph (Apollo Gateway serves none). The owning subgraph
 * streams the subscription's own fields over graphql-ws; for every event the rest of the
 * selection (fields of other subgraphs) runs through the gateway's query-plan executor, so an
 * event carries `customer { balance }` like any query. If the upstream stream breaks (the
 * subgraph restarts), it reconnects and resumes after the last event delivered.
 */
export class FederatedSubscriptions {
  private planner?: QueryPlanner;
  private apiSchema?: Schema;
  private supergraphSchema?: GraphQLSchema;
  /** The gateway's API schema as graphql-js: validation and operation contexts. */
  schema?: GraphQLSchema;
  private readonly broadcasts = new Map<string, Broadcast>();

  constructor(
    private readonly dataSources: Map<string, GraphQLDataSource>,
    private readonly urls: Map<string, string>,
    private readonly log: (message: string) => void,
  ) {}

  /** Called with every supergraph the gateway loads. */
  load(supergraphSdl: string): void {
    const supergraph = Supergraph.build(supergraphSdl);
    this.apiSchema = supergraph.apiSchema();
    this.schema = this.apiSchema.toGraphQLJSSchema();
    parseScalarsAtGateway(this.schema);
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
  }

  /** Adds the resume cursor and an `after` variable the gateway controls to the subscription field. */
  private prepare(
    document: DocumentNode,
    operationName: string | null | undefined,
  ): {
    document: DocumentNode;
    field: string;
    resumable: boolean;
    initialAfter: (variables: Record<string, unknown>) => unknown;
  } {
    const operation = getOperationAST(document, operationName) as OperationDefinitionNode;
    const root = operation.selectionSet.selections[0] as FieldNode;
    const definition = this.schema!.getSubscriptionType()!.getFields()[root.name.value]!;
    const type = getNamedType(definition.type);
    const resumable =
      definition.args.some((a) => a.name === "after") && isObjectType(type) && "cursor" in type.getFields();
    if (!resumable)
      return { document, field: root.alias?.value ?? root.name.value, resumable, initialAfter: () => null };
    const given = root.arguments?.find((a) => a.name.value === "after")?.value;
    const initialAfter = (variables: Record<string, unknown>) =>
      !given
        ? null
        : given.kind === Kind.VARIABLE
          ? (variables[given.name.value] ?? null)
          : given.kind === Kind.STRING
            ? given.value
            : null;
    const field: FieldNode = {
      ...root,
      arguments: [
        ...(root.arguments ?? []).filter((a) => a.name.value !== "after"),
        {
          kind: Kind.ARGUMENT,
          name: { kind: Kind.NAME, value: "after" },
          value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER } },
        },
      ],
      selectionSet: {
        kind: Kind.SELECTION_SET,
        selections: [
          ...(root.selectionSet?.selections ?? []),
          { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: RESUME }, name: { kind: Kind.NAME, value: "cursor" } },
        ],
      },
    };
    const rewritten: OperationDefinitionNode = {
      ...operation,
      variableDefinitions: [
        ...(operation.variableDefinitions ?? []),
        {
          kind: Kind.VARIABLE_DEFINITION,
          variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER } },
          type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: "String" } },
        },
      ],
      selectionSet: { ...operation.selectionSet, selections: [field] },
    };
    return {
      document: { ...document, definitions: [rewritten] },
      field: root.alias?.value ?? root.name.value,
      resumable,
      initialAfter,
    };
  }

  private plan(
    document: DocumentNode,
    operationName: string | null | undefined,
    field: string,
    resumable: boolean,
  ): Planned {
    const plan = this.planner!.buildQueryPlan(
      operationFromDocument(this.apiSchema!, document, { operationName: operationName ?? undefined }),
    );
    const node = plan.node as SubscriptionNode;
    // Per event, the primary fetch is answered by the event itself; the rest runs as planned.
    const primary = { ...node.primary, serviceName: EVENT };
    const eventNode: PlanNode = node.rest ? { kind: "Sequence", nodes: [primary, node.rest] } : primary;
    return { document, field, primary: node.primary, eventPlan: { kind: "QueryPlan", node: eventNode }, resumable };
  }

  /**
   * The events of a validated subscription operation, as execution results. Subscribers of the
   * same actor, document, operation and variables share one upstream stream and one resolution
   * of each event (the answer depends on nothing else). A replay from `after` joins a shared
   * stream only while that stream has delivered nothing yet; later it gets a stream of its own,
   * or it would miss what the others were already sent.
   */
  subscribe(
    document: DocumentNode,
    variables: Record<string, unknown>,
    operationName: string | null | undefined,
    context: GatewayContext,
  ): AsyncIterable<ExecutionResult> {
    const prepared = this.prepare(document, operationName);
    const replays = prepared.initialAfter(variables) !== null;
    const key = JSON.stringify([context.actor, print(document), operationName ?? null, variables]);
    return new Repeater<ExecutionResult>(async (push, stop) => {
      const shared = this.broadcasts.get(key);
      const broadcast =
        shared && (!replays || shared.delivered === 0)
          ? shared
          : this.broadcast(key, this.stream(prepared, variables, operationName, context));
      const listener = { push, stop };
      broadcast.listeners.add(listener);
      await stop;
      broadcast.listeners.delete(listener);
      if (broadcast.listeners.size === 0) {
        if (this.broadcasts.get(key) === broadcast) this.broadcasts.delete(key);
        await broadcast.close();
      }
    }, new FixedBuffer(MOST_BEHIND));
  }

  /** Runs a stream and hands each of its events to every listener; a listener too far behind is ended. */
  private broadcast(key: string, events: AsyncIterable<ExecutionResult>): Broadcast {
    const iterator = events[Symbol.asyncIterator]();
    const broadcast: Broadcast = { listeners: new Set(), delivered: 0, close: async () => iterator.return?.() };
    this.broadcasts.set(key, broadcast);
    void (async () => {
      try {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
          broadcast.delivered++;
          for (const listener of broadcast.listeners) {
            try {
              void listener.push(next.value).catch(() => undefined);
            } catch {
              listener.stop(); // more than MOST_BEHIND events (and Repeater's queue) behind
            }
          }
        }
        for (const listener of broadcast.listeners) listener.stop();
      } catch (error) {
        for (const listener of broadcast.listeners) listener.stop(error);
      } finally {
        if (this.broadcasts.get(key) === broadcast) this.broadcasts.delete(key);
      }
    })();
    return broadcast;
  }

  /** One upstream stream of a subscription, resolved event by event and resumed when it breaks. */
  private stream(
    prepared: ReturnType<FederatedSubscriptions["prepare"]>,
    variables: Record<string, unknown>,
    operationName: string | null | undefined,
    context: GatewayContext,
  ): AsyncIterable<ExecutionResult> {
    const planned = this.plan(prepared.document, operationName, prepared.field, prepared.resumable);
    const operationContext = buildOperationContext({
      schema: this.schema!,
      operationDocument: planned.document,
      operationName: operationName ?? undefined,
    });
    const owner = planned.primary.serviceName;
    const upstreamVariables = Object.fromEntries(
      (planned.primary.variableUsages ?? []).map((name) => [name, variables[name]]),
    );
    let after = prepared.initialAfter(variables) as string | null;
    return new Repeater<ExecutionResult>(async (push, stop) => {
      let stopped = false;
      let client: Client | undefined;
      void stop.then(() => {
        stopped = true;
        void closeQuietly(client);
      });
      if (planned.resumable && after === null) after = await this.head(owner, planned.field, context);
      for (let attempt = 0; !stopped; attempt++) {
        client = this.client(owner, context);
        try {
          for await (const event of client.iterate({
            query: planned.primary.operation,
            variables: { ...upstreamVariables, ...(planned.resumable ? { [AFTER]: after } : {}) },
          })) {
            attempt = 0;
            if (!event.data) {
              await push({
                errors: (event.errors ?? []).map((e) => new GraphQLError(e.message, { extensions: e.extensions })),
              });
              stopped = true;
              break;
            }
            const result = await this.resolveEvent(
              planned,
              event.data as Record<string, unknown>,
              variables,
              context,
              operationContext,
            );
            const payload = (result.data as Record<string, Record<string, unknown> | null> | undefined)?.[
              planned.field
            ];
            if (payload && RESUME in payload) {
              after = payload[RESUME] as string;
              delete payload[RESUME];
            }
            await push(result);
          }
          if (!stopped) stop();
        } catch (error) {
          if (stopped) break;
          if (Array.isArray(error)) {
            await push({
              errors: error.map(
                (e: { message: string; extensions?: Record<string, unknown> }) =>
                  new GraphQLError(e.message, { extensions: e.extensions }),
              ),
            });
            stop();
            break;
          }
          // The stream broke (the subgraph restarted or is away): resume after the last event delivered.
          this.log(
            `subscriptions: ${owner} stream broke (${(error as { reason?: string; message?: string }).reason ?? (error as Error).message ?? "closed"}); resuming`,
          );
          await closeQuietly(client);
          await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, 5000)));
        }
      }
      await closeQuietly(client);
    });
  }

  /** A graphql-ws client to the owning subgraph, signed afresh with the gateway's token on every connect. */
  private client(service: string, context: GatewayContext): Client {
    const url = this.urls.get(service)!.replace(/^http/, "ws");
    return createClient({
      url,
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      connectionParams: async () => ({ authorization: `Bearer ${await context.subgraphToken(true)}` }),
    });
  }

  /** Where a live subscription starts: the owner's newest position (`<field>Head`). */
  private async head(service: string, field: string, context: GatewayContext): Promise<string | null> {
    const response = await fetch(this.urls.get(service)!, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await context.subgraphToken(true)}` },
      body: JSON.stringify({ query: `{ ${field}Head }` }),
    });
    const body = (await response.json()) as { data?: Record<string, string> };
    return body.data?.[`${field}Head`] ?? null;
  }

  private async resolveEvent(
    planned: Planned,
    event: Record<string, unknown>,
    variables: Record<string, unknown>,
    context: GatewayContext,
    operationContext: ReturnType<typeof buildOperationContext>,
  ): Promise<ExecutionResult> {
    const serviceMap: Record<string, GraphQLDataSource> = Object.fromEntries(this.dataSources);
    serviceMap[EVENT] = { process: async () => ({ data: event }) } as GraphQLDataSource;
    const requestContext = {
      request: { query: print(planned.document), variables, operationName: operationContext.operation.name?.value },
      context,
      metrics: {},
      logger: console,
    } as never;
    const result = await executeQueryPlan(
      planned.eventPlan,
      serviceMap,
      requestContext,
      operationContext,
      this.supergraphSchema!,
      this.apiSchema!,
    );
    // Errors of fetches are plain objects here: give graphql-ws real GraphQLErrors to send.
    const errors = result.errors?.map((e) => (e instanceof GraphQLError ? e : new GraphQLError((e as Error).message)));
    return { data: result.data as Record<string, unknown> | null | undefined, ...(errors?.length ? { errors } : {}) };
  }
}

/**
 * Closes an upstream client whatever state it is in: `dispose()` rejects with the close event
 * when the socket was still connecting and failed (the subgraph went away meanwhile).
 */
async function closeQuietly(client: Client | undefined): Promise<void> {
  try {
    await client?.dispose();
  } catch {
    // Already closed: nothing left to release.
  }
}
