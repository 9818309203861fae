import { FixedBuffer, Repeater, type Push, type Stop } from "@repeaterjs/repeater";
import {
  getOperationAST,
  GraphQLError,
  print,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  type OperationDefinitionNode,
} from "graphql";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import type { GatewayContext } from "./dataSource.js";
import type { Fetch, PlanNode, Subscription } from "./engine/plan.js";
import type { FederatedGraph } from "./graph.js";
import { AFTER, RESUME, resumableSubscription, type ResumableSubscription } from "./resumable.js";

/** Events a subscriber may fall behind a shared stream before it is ended (it can resume with `after`). */
const MOST_BEHIND = 1000;

/** One upstream stream and its event resolution, shared by the subscribers of one actor and operation. */
interface Broadcast {
  listeners: Set<{ push: Push<FormattedExecutionResult>; stop: Stop; format: Format }>;
  /** Events handed to the listeners so far. */
  delivered: number;
  close(): Promise<unknown>;
}

/** How a subscriber's answers look on the wire (errors coded and masked with its request id). */
type Format = (result: ExecutionResult) => FormattedExecutionResult;

interface Planned extends ResumableSubscription {
  graph: FederatedGraph;
  operation: OperationDefinitionNode;
  primary: Fetch;
  /** What each event still needs from other subgraphs. */
  rest: PlanNode | undefined;
}

/**
 * Subscriptions across the federated graph (Apollo Gateway serves none). The owning subgraph
 * streams the subscription's own fields over graphql-ws; for every event the rest of the
 * selection (fields of other subgraphs) runs through the gateway's query-plan executor, so an
 * event carries `customer { balance }` like any query. If the upstream stream breaks (the
 * subgraph restarts), it reconnects and resumes after the last event delivered.
 */
export class FederatedSubscriptions {
  private readonly broadcasts = new Map<string, Broadcast>();

  constructor(private readonly log: (message: string) => void) {}

  /** The subscription's plan: the owner streams the primary fetch; per event, the rest runs from the event's data. */
  private plan(graph: FederatedGraph, stream: ResumableSubscription, operationName: string | undefined): Planned {
    const node = graph.plan(stream.document, operationName).node as Subscription;
    const operation = getOperationAST(stream.document, operationName)!;
    return { ...stream, graph, operation, primary: node.primary, rest: node.rest };
  }

  /**
   * The events of a validated subscription operation, as execution results. Subscribers of the
   * same actor, document, operation and variables share one upstream stream and one resolution
   * of each event (the answer depends on nothing else). A replay from `after` joins a shared
   * stream only while that stream has delivered nothing yet; later it gets a stream of its own,
   * or it would miss what the others were already sent.
   */
  subscribe(
    graph: FederatedGraph,
    document: DocumentNode,
    variables: Record<string, unknown>,
    operationName: string | undefined,
    context: GatewayContext,
    format: Format,
  ): AsyncIterable<FormattedExecutionResult> {
    const stream = resumableSubscription(graph.schema, document, operationName, variables);
    const replays = stream.after !== null;
    const key = JSON.stringify([context.actor, print(document), operationName ?? null, variables]);
    return new Repeater<FormattedExecutionResult>(async (push, stop) => {
      const shared = this.broadcasts.get(key);
      const broadcast =
        shared && (!replays || shared.delivered === 0)
          ? shared
          : this.broadcast(key, this.stream(this.plan(graph, stream, operationName), variables, context));
      const listener = { push, stop, format };
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
              void listener.push(listener.format(next.value)).catch(() => undefined);
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
    planned: Planned,
    variables: Record<string, unknown>,
    context: GatewayContext,
  ): AsyncIterable<ExecutionResult> {
    const owner = planned.primary.service;
    const upstreamVariables = Object.fromEntries(
      (planned.primary.variableUsages ?? []).map((name) => [name, variables[name]]),
    );
    let after = planned.after;
    return new Repeater<ExecutionResult>(async (push, stop) => {
      let stopped = false;
      let client: Client | undefined;
      void stop.then(() => {
        stopped = true;
        void closeQuietly(client);
      });
      if (planned.resumable && after === null) after = await this.head(planned, owner, context);
      for (let attempt = 0; !stopped; attempt++) {
        client = this.client(planned.graph.routes.get(owner)!, context);
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
            const { graph, rest, document, operation } = planned;
            const data = event.data as Record<string, unknown>;
            const result = await graph.run(rest, document, operation, variables, context, data);
            const payload = (result.data as Record<string, Record<string, unknown> | null> | undefined)?.[
              planned.responseKey
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
  private client(url: string, context: GatewayContext): Client {
    return createClient({
      url: url.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      connectionParams: async () => ({ authorization: `Bearer ${await context.subgraphToken(true)}` }),
    });
  }

  /** Where a live subscription starts: the owner's newest position (`<field>Head`). */
  private async head(planned: Planned, service: string, context: GatewayContext): Promise<string | null> {
    const response = await fetch(planned.graph.routes.get(service)!, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await context.subgraphToken(true)}` },
      body: JSON.stringify({ query: `{ ${planned.field}Head }` }),
    });
    const body = (await response.json()) as { data?: Record<string, string> };
    return body.data?.[`${planned.field}Head`] ?? null;
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
