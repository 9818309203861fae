import { createServer } from "node:http";
import { Pool } from "undici";

/**
 * The floor under any gateway written for Node: it takes the client's request, sends the body
 * unchanged to one subgraph (TARGET_URL) over a kept-alive undici pool, and writes the answer
 * back. No parsing, planning, checking or logging, so no Node gateway can spend less CPU per
 * request; the bench runs it beside the gateways on single-subgraph scenarios.
 */
const target = new URL(process.env.TARGET_URL!);
const pool = new Pool(target.origin, { connections: 128 });

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    pool
      .request({
        path: target.pathname,
        method: "POST",
        headers: { "content-type": "application/json", authorization: req.headers.authorization ?? "" },
        body: Buffer.concat(chunks),
      })
      .then(async (answer) => {
        const body = await answer.body.arrayBuffer();
        res.writeHead(answer.statusCode, { "content-type": "application/json" }).end(Buffer.from(body));
      })
      .catch((error: Error) => res.writeHead(502).end(error.message));
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), "127.0.0.1", () =>
  console.log(`pass-through: serving http://127.0.0.1:${process.env.PORT}/graphql`),
);
process.once("SIGTERM", () => server.close(() => process.exit(0)));
