import { createClient, type Client } from "graphql-ws";
import type { TokenRequest } from "../../gateway/devTokens.js";
import type { DemoCustomer } from "../../common/demo.js";
import WebSocket from "ws";

/** A graphql-ws subscriber that collects what it receives, for tests to wait on. */
export interface Subscriber {
  client: Client;
  events: Record<string, any>[];
  errors: unknown[];
  /** Resolves once `count` events arrived (rejects after `timeoutMs`). */
  received(count: number, timeoutMs?: number): Promise<Record<string, any>[]>;
  close(): Promise<void>;
}

export function subscribe(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Subscriber {
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  const events: Record<string, any>[] = [];
  const errors: unknown[] = [];
  const waiters: (() => void)[] = [];
  const unsubscribe = client.subscribe(
    { query, variables },
    {
      next: (value) => {
        events.push(value as Record<string, any>);
        waiters.splice(0).forEach((wake) => wake());
      },
      error: (error) => {
        errors.push(error);
        waiters.splice(0).forEach((wake) => wake());
      },
      complete: () => {},
    },
  );
  return {
    client,
    events,
    errors,
    received: async (count, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (Date.now() > deadline)
          throw new Error(`received ${events.length} of ${count} events; errors: ${JSON.stringify(errors)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return events.slice(0, count);
    },
    close: async () => {
      unsubscribe();
      await client.dispose();
    },
  };
}

/** Gives a fresh subscription time to reach its owning subgraph before an event is made. */
export const settle = (ms = 400) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends one operation as an actor, through whichever gateway the test talks to. */
export type Send = (query: string, as: TokenRequest) => Promise<{ data?: Record<string, any>; errors?: unknown[] }>;

/**
 * An approval result made to order: the customer's partner asks to switch its association
 * type and the customer rejects it. Returns the request's id, which is the result's comment.
 */
export async function rejectedSwitch(send: Send, customer: DemoCustomer): Promise<string> {
  const target = customer.associationType === "RESALE" ? "CONSULTING_SALES" : "RESALE";
  const request = await send(
    `mutation { requestAssociationTypeSwitch(input: { customerId: "${customer.id}", targetType: ${target}, reason: "test" }) { id } }`,
    { role: "admin", partner: customer.partnerId },
  );
  if (request.errors) throw new Error(JSON.stringify(request.errors));
  const id = request.data!.requestAssociationTypeSwitch.id as string;
  await send(
    `mutation { respondToAssociationSwitch(input: { requestId: "${id}", approve: false, comment: "${id}" }) { status } }`,
    { role: "customer", customer: customer.id },
  );
  return id;
}
