import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLAYGROUND_EXAMPLES } from "../../gateway/playground/examples.js";
import { launchChromium } from "../helpers/browser.js";
import { customersOf, partners } from "../helpers/demo.js";
import { startGraph, TEST_DEMO, type TestGraph } from "../helpers/graph.js";
import { rejectedSwitch, settle, subscribe } from "../helpers/subscriber.js";

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
  /** A fresh page of the playground, with every console error and failed request it meets. */
  async function open(url = `${graph.gateway.url}/graphql`, context?: BrowserContext) {
    const page = await (context ?? browser).newPage({ viewport: { width: 1440, height: 900 } });
    const problems: string[] = [];
    page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
    page.on("pageerror", (error) => problems.push(error.message));
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    await page.goto(url, { waitUntil: "networkidle" });
    await page.getByText(/^Identity: /).waitFor();
    return { page, problems, requested };
  }

  it("shows the docs, search, Explorer and autocomplete on first load, before any identity is picked", async () => {
    const { page, problems, requested } = await open();
    // A demo identity stands in until one is picked, so the schema comes at once.
    expect(await page.locator("#playground-identity").innerText()).toBe(`Identity: analyst of ${partners[0]!.name}`);
    await page.click('button[aria-label="Show Documentation Explorer"]');
    const search = page.locator(".graphiql-doc-explorer-search input");
    await search.fill("consumptionDashboard");
    await page
      .locator(".graphiql-doc-explorer-search [role=option]", { hasText: "consumptionDashboard" })
      .first()
      .waitFor();
    await search.fill("Customer");
    await page
      .locator(".graphiql-doc-explorer-search [role=option]", { hasText: /^Customer$/ })
      .first()
      .click();
    await page.locator(".graphiql-doc-explorer-title", { hasText: /^Customer$/ }).waitFor();
    expect(await page.locator(".graphiql-doc-explorer-content").innerText()).toMatch(/A sub-customer/i);
    await page.click('button[aria-label="Show GraphiQL Explorer"]');
    for (const field of ["customers", "consumptionDashboard", "partner"]) {
      await page.locator(".graphiql-explorer-root").getByText(field, { exact: true }).first().waitFor();
    }
    // The opening example runs as it is, with its variables.
    await page.click(".graphiql-execute-button");
    await page.waitForFunction(`document.querySelector(".result-window")?.textContent?.includes('"billCycle"')`, null, {
      timeout: 20_000,
    });
    expect(await page.locator(".result-window").innerText()).not.toContain('"errors"');
    // Autocomplete in the query editor offers the schema's fields.
    await page.locator(".graphiql-query-editor .CodeMirror").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.type("{ consumptionDa");
    await page.locator(".CodeMirror-hints li", { hasText: "consumptionDashboard" }).first().waitFor();
    await page.keyboard.press("Escape");
    expect(problems).toEqual([]);
    // Everything came from the gateway: nothing from a CDN or anywhere else.
    for (const url of requested) expect(url.startsWith(graph.gateway.url) || url.startsWith("data:")).toBe(true);
  }, 60_000);

  it("picks a demo identity, keeps it across a reload, and runs a saved example as the role it was written for", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const { page, problems } = await open(undefined, context);
    await page.selectOption("#playground-partner", partners[1]!.id);
    await page.selectOption("#playground-role", "admin");
    await page.click("#playground-use-token");
    await page.getByText(`Identity: admin of ${partners[1]!.name}`).waitFor();
    await page.reload({ waitUntil: "networkidle" });
    await page.getByText(`Identity: admin of ${partners[1]!.name}`).waitFor();
    // ManagerDashboard is written for a manager: the tab switches to one of the same partner.
    await page.locator(".graphiql-tab-button", { hasText: "ManagerDashboard" }).first().click();
    await page.getByText(`Identity: manager of ${partners[1]!.name}`).waitFor();
    await page.locator(".graphiql-tab-button", { hasText: "ConsumptionByMonth" }).first().click();
    await page.getByText(`Identity: analyst of ${partners[1]!.name}`).waitFor();
    await page.click(".graphiql-execute-button");
    await page.waitForFunction(`document.querySelector(".result-window")?.textContent?.includes('"billCycle"')`, null, {
      timeout: 20_000,
    });
    const result = await page.locator(".result-window").innerText();
    expect(result).toContain('"wholePartner": true');
    expect(result).not.toContain('"errors"');
    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/playground.png", fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it("streams a subscription over a socket that follows the page's scheme", async () => {
    const { page, problems } = await open();
    await page.locator(".graphiql-tab-button", { hasText: "ApprovalResults" }).click();
    await page.getByText(/^Identity: admin of /).waitFor();
    await page.click(".graphiql-execute-button");
    await settle(800);
    await rejectedSwitch((query, as) => graph.query(query, { as }), customersOf(partners[0]!)[60]!);
    await page.waitForFunction(
      `document.querySelector(".result-window")?.textContent?.includes('"approvalResults"')`,
      null,
      {
        timeout: 20_000,
      },
    );
    expect(await page.locator(".result-window").innerText()).not.toContain('"errors"');
    expect(problems).toEqual([]);
  }, 60_000);

  it("offers no demo identities in production, and fetches the schema again once a token is typed", async () => {
    const response = await fetch(`${graph.gateway.url}/playground`);
    expect(await response.text()).toContain('"development":true');
    const production = await graph.gatewayWith({ playgroundDevelopment: false });
    expect(await (await fetch(`${production.url}/playground`)).text()).toContain('"development":false');
    expect((await fetch(`${production.url}/playground/token?role=admin`)).status).toBe(404);
    expect((await fetch(`${production.url}/playground/identities`)).status).toBe(404);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${production.url}/playground`, { waitUntil: "networkidle" });
    await page.getByText("Type your Authorization header").waitFor();
    await page.getByRole("button", { name: "Headers" }).click();
    const token = await graph.token({ role: "analyst", partner: partners[0]!.id });
    // As a user pastes it into the headers editor.
    await page.evaluate(
      (headers) => {
        const editors = document.querySelectorAll(".graphiql-editor-tool .CodeMirror");
        (editors[editors.length - 1] as unknown as { CodeMirror: { setValue(v: string): void } }).CodeMirror.setValue(
          headers,
        );
      },
      JSON.stringify({ Authorization: `Bearer ${token}` }),
    );
    await page.click('button[aria-label="Show Documentation Explorer"]');
    await page.locator(".graphiql-doc-explorer-content").getByText("Query", { exact: true }).first().waitFor();
    await page.close();
  }, 60_000);
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
