import { createClient } from "graphql-ws";
import WebSocket from "ws";

/** Every door into the graph a client can use. */
export const TRANSPORTS = ["post", "get", "batch", "multipart", "event-stream", "websocket", "sse"] as const;

/** The Accept headers of clients that take a subscription as a stream over /graphql itself. */
const STREAM_ACCEPT: Partial<Record<Transport, string>> = {
  // Apollo Client's, for subscriptions.
  multipart: 'multipart/mixed;boundary="graphql";subscriptionSpec=1.0,application/json',
  // urql's, for subscriptions over fetch.
  "event-stream": "text/event-stream, multipart/mixed",
};
export type Transport = (typeof TRANSPORTS)[number];

export interface Operation {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

/** What came back: the HTTP status or the socket's close code, and the GraphQL answer if any. */
export interface Answer {
  status?: number;
  close?: number;
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, any> }[];
  /** A batch's answer to its one operation, when the request as a whole was not refused. */
  batched?: boolean;
}

/** Sends one operation through one transport with an optional bearer token, as a client library would. */
export async function ask(
  transport: Transport,
  graphqlUrl: string,
  operation: Operation,
  token?: string,
): Promise<Answer> {
  const authorization: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  switch (transport) {
    case "post":
    case "batch": {
      const body = transport === "batch" ? [operation] : operation;
      const response = await fetch(graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json", ...authorization },
        body: JSON.stringify(body),
      });
      const json = (await response.json()) as Answer | Answer[];
      if (Array.isArray(json)) return { status: response.status, ...json[0], batched: true };
      return { status: response.status, ...json };
    }
    case "get": {
      const url = new URL(graphqlUrl);
      url.searchParams.set("query", operation.query);
      if (operation.operationName) url.searchParams.set("operationName", operation.operationName);
      if (operation.variables) url.searchParams.set("variables", JSON.stringify(operation.variables));
      const response = await fetch(url, { headers: { "apollo-require-preflight": "true", ...authorization } });
      return { status: response.status, ...((await response.json()) as Answer) };
    }
    case "multipart":
    case "event-stream": {
      const response = await fetch(graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json", accept: STREAM_ACCEPT[transport]!, ...authorization },
        body: JSON.stringify(operation),
      });
      return { status: response.status, ...(await firstAnswer(response)) };
    }
    case "websocket":
      return overWebSocket(graphqlUrl.replace(/^http/, "ws"), operation, authorization);
    case "sse":
      return overServerSentEvents(`${graphqlUrl}/stream`, operation, authorization);
  }
}

/** graphql-ws: the first result, the errors the server answered with, or the code the socket closed with. */
function overWebSocket(url: string, operation: Operation, connectionParams: Record<string, string>): Promise<Answer> {
  return new Promise((resolve) => {
    let close: number | undefined;
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams,
      retryAttempts: 0,
      on: { closed: (event) => (close = (event as { code: number }).code) },
    });
    const done = (answer: Answer) => {
      void client.dispose();
      resolve(answer);
    };
    client.subscribe(operation, {
      next: (result) => done(result as Answer),
      error: (error) =>
        done(Array.isArray(error) ? { errors: error } : { close: close ?? (error as { code?: number }).code }),
      complete: () => done({}),
    });
  });
}

/** Server-Sent Events at /graphql/stream (graphql-sse's distinct connections). */
async function overServerSentEvents(
  url: string,
  operation: Operation,
  headers: Record<string, string>,
): Promise<Answer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", ...headers },
    body: JSON.stringify(operation),
  });
  return { status: response.status, ...(await firstAnswer(response)) };
}

/** A response's first GraphQL answer: the JSON body, the first multipart `payload`, or the first SSE `next` event. */
async function firstAnswer(response: Response): Promise<Answer> {
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("json")) return (await response.json()) as Answer;
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += chunk.value;
      const part = /\r\n\r\n(\{"payload".*?)\r\n--graphql/.exec(text);
      if (part) return (JSON.parse(part[1]!) as { payload: Answer }).payload;
      const event = /event: next\ndata: (.*)\n/.exec(text);
      if (event) return JSON.parse(event[1]!) as Answer;
    }
    return {};
  } finally {
    await reader.cancel();
  }
}
