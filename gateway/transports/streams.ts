import type { IncomingMessage, ServerResponse } from "node:http";
import type { FormattedExecutionResult } from "graphql";

/**
 * GraphQL over Server-Sent Events as graphql-sse's clients speak it (distinct connections), for
 * HTTP-only clients: every answer at this path is an event stream, a query's too.
 */
export const EVENT_STREAM_PATH = "/graphql/stream";

/** How one kind of HTTP stream frames a subscription's results. */
interface StreamFormat {
  contentType: string;
  /** Written before the first result. */
  start: string;
  /** One result as the client reads it. */
  result(value: FormattedExecutionResult): string;
  /** Written while nothing happens, so that proxies keep the connection, and how often. */
  heartbeat: string;
  heartbeatMs: number;
  /** Written when the subscription ends. */
  end: string;
}

/** A part of a multipart body, closed by the boundary at once: the client can read it without waiting for the next. */
const part = (body: object) =>
  `\r\ncontent-type: application/json; charset=utf-8\r\n\r\n${JSON.stringify(body)}\r\n--graphql`;

/** Apollo's multipart HTTP subscriptions (Apollo Client's default): `{ payload }` parts, `{}` heartbeats every 5 s. */
const MULTIPART: StreamFormat = {
  contentType: 'multipart/mixed; boundary="graphql"; subscriptionSpec="1.0"',
  start: "\r\n--graphql",
  result: (value) => part({ payload: value }),
  heartbeat: part({}),
  heartbeatMs: 5_000,
  // The last boundary becomes the closing one.
  end: "--\r\n",
};

/**
 * Incremental delivery (`@defer`) over multipart HTTP, as Apollo Client asks for it
 * (`Accept: multipart/mixed; deferSpec=20220824`): each part is a payload as it is, no heartbeat.
 */
const DEFER_MULTIPART: StreamFormat = {
  contentType: 'multipart/mixed; boundary="graphql"; deferSpec=20220824',
  start: "\r\n--graphql",
  result: (value) => part(value),
  heartbeat: "",
  heartbeatMs: 60_000,
  end: "--\r\n",
};

/** GraphQL over Server-Sent Events, distinct connections (urql's subscriptions over fetch), as graphql-sse frames it. */
export const EVENT_STREAM: StreamFormat = {
  contentType: "text/event-stream; charset=utf-8",
  start: "",
  result: (value) => `event: next\ndata: ${JSON.stringify(value)}\n\n`,
  heartbeat: ":\n\n",
  heartbeatMs: 12_000,
  end: "event: complete\ndata:\n\n",
};

/**
 * The stream a client asks for on /graphql, if any: Apollo's multipart protocols
 * (`Accept: multipart/mixed; subscriptionSpec=1.0`, or `deferSpec=20220824` for `@defer`) or, as
 * its first choice, Server-Sent Events.
 */
export function streamFormatOf(request: IncomingMessage): StreamFormat | null {
  const accepted = (request.headers.accept ?? "").toLowerCase().split(",");
  if (accepted[0]!.trim().startsWith("text/event-stream")) return EVENT_STREAM;
  const multipart = (spec: RegExp) => accepted.some((p) => p.trim().startsWith("multipart/mixed") && spec.test(p));
  if (multipart(/;\s*subscriptionspec=/)) return MULTIPART;
  // Apollo Client names the defer protocol's version; urql accepts plain multipart/mixed for it.
  const plain = accepted.some((p) => p.trim() === "multipart/mixed");
  return plain || multipart(/;\s*deferspec=/) ? DEFER_MULTIPART : null;
}

/**
 * Streams a subscription's results in the client's format until the subscription ends, or
 * the client goes away (the stream is returned, which ends the upstream subscription).
 */
export async function writeStream(
  request: IncomingMessage,
  response: ServerResponse,
  stream: AsyncIterable<FormattedExecutionResult>,
  format: StreamFormat,
): Promise<void> {
  response.writeHead(200, {
    "content-type": format.contentType,
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  response.write(format.start);
  const iterator = stream[Symbol.asyncIterator]();
  const heartbeat = setInterval(() => response.write(format.heartbeat), format.heartbeatMs);
  const gone = () => void iterator.return?.();
  request.socket.once("close", gone);
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (response.destroyed) break;
      // A client that reads slowly holds the next result back, so a subscription's own buffer
      // fills and ends it (1,000 events behind) instead of the socket's growing without bound.
      if (!response.write(format.result(next.value))) await drainedOrClosed(response);
    }
    if (!response.destroyed) response.end(format.end);
  } finally {
    clearInterval(heartbeat);
    request.socket.off("close", gone);
  }
}

function drainedOrClosed(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off("drain", done).off("close", done);
      resolve();
    };
    response.once("drain", done).once("close", done);
  });
}
