import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLAYGROUND_EXAMPLES } from "../../gateway/playground/examples.js";
import { launchChromium } from "../helpers/browser.js";
import { partners } from "../helpers/demo.js";
import { startGraph, TEST_DEMO, type TestGraph } from "../helpers/graph.js";
import { settle, subscribe } from "../helpers/subscriber.js";

let graph: TestGraph;
let browser: Browser;
beforeAll(async () => {
  // 24 months, so every example's range has data.
  graph = await startGraph({ demo: { ...TEST_DEMO, months: 24 } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await graph?.close();
});

describe("the playground in a real browser", () => {
  it("opens offline, picks a demo identity, runs a saved example and shows its result", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    await page.goto(`${graph.gateway.url}/graphql`, { waitUntil: "networkidle" });
    await page.selectOption("#playground-partner", partners[0]!.id);
    await page.selectOption("#playground-role", "analyst");
    await page.click("#playground-use-token");
    await page.getByText(`Identity: analyst of ${partners[0]!.name}`).waitFor();
    await page.locator(".graphiql-tab-button", { hasText: "ConsumptionByMonth" }).click();
    await page.click(".graphiql-execute-button");
    await page.waitForFunction(`document.querySelector(".result-window")?.textContent?.includes('"billCycle"')`, null, {
      timeout: 20_000,
    });
    const result = await page.locator(".result-window").innerText();
    expect(result).toContain('"wholePartner": true');
    expect(result).not.toContain('"errors"');
    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/playground.png", fullPage: true });
    // Everything came from the gateway: nothing from a CDN or anywhere else.
    for (const url of requested) expect(url.startsWith(graph.gateway.url) || url.startsWith("data:")).toBe(true);
  }, 60_000);

  it("offers no demo identities in production: the headers editor only", async () => {
    const response = await fetch(`${graph.gateway.url}/playground`);
    expect(await response.text()).toContain('"development":true');
    const production = await graph.gatewayWith({ playgroundDevelopment: false });
    try {
      expect(await (await fetch(`${production.url}/playground`)).text()).toContain('"development":false');
      expect((await fetch(`${production.url}/playground/token?role=admin`)).status).toBe(404);
      expect((await fetch(`${production.url}/playground/identities`)).status).toBe(404);
    } finally {
      await production.close();
    }
  });
});

describe("the saved examples", () => {
  it.each(PLAYGROUND_EXAMPLES.filter((e) => !e.query.includes("subscription ")))(
    "$title runs as it is",
    async (example) => {
      const partner = partners[0]!;
      const { data, errors } = await graph.query(example.query, {
        as: { role: example.role, partner: partner.id },
        variables: example.variables,
      });
      expect(errors).toBeUndefined();
      expect(JSON.stringify(data)).not.toBe("{}");
    },
  );

  it("ApprovalResults streams, replaying from a history cursor", async () => {
    const example = PLAYGROUND_EXAMPLES.find((e) => e.title === "ApprovalResults")!;
    const token = await graph.token({ role: example.role, partner: partners[0]!.id });
    const history = await graph.query(`{ approvalResults(last: 2) { edges { cursor } } }`, { token });
    const subscriber = subscribe(graph.webSocketUrl, token, example.query, {
      after: history.data!.approvalResults.edges[0].cursor,
    });
    const [event] = await subscriber.received(1);
    expect(event!.errors).toBeUndefined();
    expect(event!.data.approvalResults.customer.balance.amount).toMatch(/^\d+\.\d{2}$/);
    await settle(100);
    await subscriber.close();
  });
});
