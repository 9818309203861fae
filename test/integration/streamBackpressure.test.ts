import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EVENT_STREAM, writeStream } from "../../gateway/transports/streams.js";

/** Results a stream of 5,000 answers of 10 kB has handed out so far: 50 MB if nobody held it back. */
let pulled = 0;
async function* results() {
  for (let i = 0; i < 5_000; i++) {
    pulled++;
    yield { data: { padding: "x".repeat(10_000) } };
  }
}

let server: Server;
beforeAll(async () => {
  server = createServer((request, response) => void writeStream(request, response, results(), EVENT_STREAM));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

it("writes a stream no faster than its client reads it", async () => {
  const { port } = server.address() as AddressInfo;
  const response = await new Promise<IncomingMessage>((resolve) =>
    httpRequest({ port, path: "/graphql/stream", headers: { accept: "text/event-stream" } }, resolve).end(),
  );
  response.pause(); // the client stops reading
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  // What the socket buffers holds back the rest (a few MB on loopback).
  expect(pulled).toBeLessThan(2_000);
  let text = "";
  response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
  response.resume();
  await new Promise((resolve) => response.once("end", resolve));
  const events = text.split("event: next").length - 1;
  expect([pulled, events]).toEqual([5_000, 5_000]);
});
