import { request } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { partners } from "../helpers/demo.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
let token: string;
beforeAll(async () => {
  graph = await startGraph();
  token = await graph.token({ role: "admin", partner: partners[0]!.id });
});
afterAll(() => graph?.close());

/** An HTTP exchange as it goes over the wire: the bytes as sent, not decompressed. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(url, { method: options.method ?? "GET", headers: options.headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on("error", reject);
      req.end(options.body);
    },
  );
}

const graphql = (query: string, encoding: string) =>
  raw(graph.gateway.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "accept-encoding": encoding },
    body: JSON.stringify({ query }),
  });
const PAGE = `{ customers(first: 50) { edges { node { id name associationType balance { amount currency } } } } }`;
const decode = (encoding: unknown, body: Buffer) =>
  (encoding === "br" ? brotliDecompressSync(body) : encoding === "gzip" ? gunzipSync(body) : body).toString();

describe("compression", () => {
  it.each(["br", "gzip"])("sends a JSON answer over 1 kB as %s, a fraction of its size", async (encoding) => {
    const plain = await graphql(PAGE, "identity");
    const compressed = await graphql(PAGE, `${encoding}, deflate`);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(compressed.headers["content-encoding"]).toBe(encoding);
    expect(compressed.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(decode(encoding, compressed.body))).toEqual(JSON.parse(plain.body.toString()));
    expect(plain.body.length).toBeGreaterThan(4_000);
    expect(compressed.body.length).toBeLessThan(plain.body.length / 3);
  });

  it("leaves a small answer as it is", async () => {
    const small = await graphql(
      `
        {
          me {
            role
          }
        }
      `,
      "br, gzip",
    );
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(small.body.toString())).toEqual({ data: { me: { role: "ADMIN" } } });
  });

  it("compresses the CSV export as it streams", async () => {
    const url = `${graph.gateway.url}/exports/consumption.csv?from=2026-05-01&to=2026-10-31`;
    const plain = await raw(url, { headers: { authorization: `Bearer ${token}`, "accept-encoding": "identity" } });
    const zipped = await raw(url, { headers: { authorization: `Bearer ${token}`, "accept-encoding": "gzip" } });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect(zipped.body.length).toBeLessThan(plain.body.length / 4);
  });

  it("never holds back a subscription's stream", async () => {
    const response = await new Promise<Record<string, unknown>>((resolve) => {
      const req = request(
        graph.gateway.graphqlUrl,
        {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${token}`,
            accept: 'multipart/mixed;boundary="graphql";subscriptionSpec=1.0,application/json',
            "accept-encoding": "br, gzip",
          },
        },
        (res) => {
          resolve(res.headers);
          res.destroy();
        },
      );
      req.end(JSON.stringify({ query: `subscription { approvalResults { id } }` }));
    });
    expect(response["content-type"]).toMatch(/^multipart\/mixed/);
    expect(response["content-encoding"]).toBeUndefined();
  });

  it("serves the playground's assets by their content's hash, kept a year, compressed once at build time", async () => {
    const html = (await raw(`${graph.gateway.url}/playground`)).body.toString();
    const script = /src="\/playground\/assets\/(main-\w+\.js)"/.exec(html)![1]!;
    const url = `${graph.gateway.url}/playground/assets/${script}`;
    const plain = await raw(url, { headers: { "accept-encoding": "identity" } });
    const br = await raw(url, { headers: { "accept-encoding": "gzip, br" } });
    expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(br.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
    expect((await raw(`${graph.gateway.url}/playground/assets/main.js`)).status).toBe(404);
  });
});
