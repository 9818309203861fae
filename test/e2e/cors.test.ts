import { build } from "esbuild";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen } from "../../common/httpApp.js";
import { PROJECT_ROOT } from "../../common/paths.js";
import type { RunningGateway } from "../../gateway/createGateway.js";
import { launchChromium } from "../helpers/browser.js";
import { partners } from "../helpers/demo.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

/**
 * A frontend on another origin, in a real browser: pages served by two other local servers,
 * one of them listed in CORS_ORIGINS. The gateway listens on `localhost`, the pages on
 * 127.0.0.1, so they are different origins as they are for a frontend in development.
 */
let graph: TestGraph;
let gateway: RunningGateway;
let browser: Browser;
const pages: Server[] = [];
let listed: string;
let unlisted: string;
let token: string;

/** The Apollo Client app of test/e2e/frontend/, bundled for the browser as a frontend's build would. */
let app = "";

async function pageServer(): Promise<string> {
  const server = createServer((request, response) => {
    if (request.url === "/app.js") return void response.setHeader("content-type", "text/javascript").end(app);
    response
      .setHeader("content-type", "text/html")
      .end(`<!doctype html><title>frontend</title><script type="module" src="/app.js"></script>`);
  });
  pages.push(server);
  return listen(server, 0, "127.0.0.1");
}

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [join(PROJECT_ROOT, "test", "e2e", "frontend", "apolloApp.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  });
  app = bundle.outputFiles[0]!.text;
  graph = await startGraph();
  listed = await pageServer();
  unlisted = await pageServer();
  gateway = await graph.gatewayWith({ corsOrigins: [listed], host: "localhost" });
  token = await graph.token({ role: "admin", partner: partners[0]!.id });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  for (const server of pages) server.close();
  await graph?.close();
});

const graphqlUrl = () => gateway.graphqlUrl.replace("127.0.0.1", "localhost");

async function frontendAt(origin: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(origin, { waitUntil: "networkidle" });
  return page;
}

/** A query as a frontend sends it: POST, JSON, the token in the Authorization header (a preflight first). */
function query(page: Page): Promise<string> {
  return page.evaluate(
    async ({ url, token }) => {
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: "{ me { role } customers(first: 1) { totalCount } }" }),
        });
        return `${response.status} ${response.headers.get("x-request-id") ? "id" : "no-id"} ${await response.text()}`;
      } catch (error) {
        return `blocked: ${(error as Error).message}`;
      }
    },
    { url: graphqlUrl(), token },
  );
}

/** A subscription as Apollo Client sends it (multipart), replaying from a cursor: its first part. */
function subscribe(page: Page, after: string): Promise<string> {
  return page.evaluate(
    async ({ url, token, after }) => {
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: 'multipart/mixed;boundary="graphql";subscriptionSpec=1.0,application/json',
            authorization: `Bearer ${token}`,
          },
          body: JSON.stringify({
            query: "subscription($after: String) { approvalResults(after: $after) { id } }",
            variables: { after },
          }),
        });
        const reader = response.body!.getReader();
        let text = "";
        while (!text.includes('"payload"')) text += new TextDecoder().decode((await reader.read()).value);
        await reader.cancel();
        return text;
      } catch (error) {
        return `blocked: ${(error as Error).message}`;
      }
    },
    { url: graphqlUrl(), token, after },
  );
}

/** Whether a WebSocket to the gateway opens from the page. */
function webSocketOpens(page: Page): Promise<boolean> {
  return page.evaluate(
    (url) =>
      new Promise<boolean>((resolve) => {
        const socket = new WebSocket(url, "graphql-transport-ws");
        socket.onopen = () => {
          socket.close();
          resolve(true);
        };
        socket.onerror = () => resolve(false);
      }),
    graphqlUrl().replace(/^http/, "ws"),
  );
}

describe("CORS", () => {
  it("lets a listed origin's page query, subscribe and open a socket", async () => {
    const page = await frontendAt(listed);
    expect(await query(page)).toMatch(
      /^200 id \{"data":\{"me":\{"role":"ADMIN"\},"customers":\{"totalCount":\d+\}\}\}$/,
    );
    const history = await graph.query(`{ approvalResults(last: 2) { edges { cursor node { id } } } }`, { token });
    const [older, newer] = history.data!.approvalResults.edges;
    expect(await subscribe(page, older.cursor)).toContain(
      `{"payload":{"data":{"approvalResults":{"id":"${newer.node.id}"}}}}`,
    );
    expect(await webSocketOpens(page)).toBe(true);
  });

  it("lets an Apollo Client app on a listed origin page customers by cursor and subscribe over its default transport", async () => {
    const page = await frontendAt(listed);
    const ids = await page.evaluate(
      ({ url, token }) =>
        (window as unknown as { pageCustomers(u: string, t: string): Promise<string[]> }).pageCustomers(url, token),
      { url: graphqlUrl(), token },
    );
    const expected = await graph.query(`{ customers(first: 6) { edges { node { id } } } }`, { token });
    expect(ids).toEqual(expected.data!.customers.edges.map((e: { node: { id: string } }) => e.node.id));
    const history = await graph.query(`{ approvalResults(last: 2) { edges { cursor node { id } } } }`, { token });
    const [older, newer] = history.data!.approvalResults.edges;
    const first = await page.evaluate(
      ({ url, token, after }) =>
        (window as unknown as { firstResult(u: string, t: string, a: string): Promise<string> }).firstResult(
          url,
          token,
          after,
        ),
      { url: graphqlUrl(), token, after: older.cursor },
    );
    expect(first).toBe(newer.node.id);
  });

  it("lets the browser block every other origin's page", async () => {
    const page = await frontendAt(unlisted);
    expect(await query(page)).toMatch(/^blocked: Failed to fetch/);
    expect(await subscribe(page, "")).toMatch(/^blocked: Failed to fetch/);
    expect(await webSocketOpens(page)).toBe(false);
  });

  it("answers a preflight for the listed origin with what frontends send, and nothing for others", async () => {
    const preflight = (origin: string, headers: string) =>
      fetch(graphqlUrl(), {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": headers },
      });
    const allowed = await preflight(listed, "authorization,content-type,accept");
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(listed);
    expect(allowed.headers.get("access-control-allow-headers")).toMatch(/authorization.*content-type.*accept/);
    const sse = await fetch(`${graphqlUrl()}/stream`, {
      method: "OPTIONS",
      headers: { origin: listed, "access-control-request-method": "POST" },
    });
    expect(sse.headers.get("access-control-allow-origin")).toBe(listed);
    const refused = await preflight(unlisted, "authorization,content-type");
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
  });
});
