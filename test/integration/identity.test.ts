import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { createServer } from "node:http";
import { listen } from "../../common/httpApp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authConfigFromEnv, mintToken } from "../../gateway/auth.js";
import { gatewayTokenSecret, signGatewayToken } from "../../common/gatewayToken.js";
import { customersOf, partners, staffOf } from "../helpers/demo.js";
import { CLIENT_SECRET, post, startGraph, type GraphQLResponse, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const [a, b] = partners as [(typeof partners)[0], (typeof partners)[0]];
const CUSTOMERS = `{ customers(first: 100) { totalCount edges { node { id } } } }`;

describe("client tokens at the gateway", () => {
  it.each([
    ["no Authorization header", {}],
    ["a header that is not Bearer", { authorization: "Basic dXNlcjpwYXNz" }],
    ["a malformed token", { authorization: "Bearer not.a.jwt" }],
  ])("refuses %s with 401 UNAUTHENTICATED", async (_, headers) => {
    const response = await post(graph.gateway.graphqlUrl, { query: CUSTOMERS }, headers);
    expect(response.status).toBe(401);
    expect(response.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    expect(response.data).toBeUndefined();
  });

  it("refuses a token signed with another secret", async () => {
    const forged = await mintToken(
      { sub: "x", role: "admin", partner_id: a.id },
      new TextEncoder().encode("some other secret"),
    );
    const response = await graph.query(CUSTOMERS, { token: forged });
    expect(response.status).toBe(401);
    expect(response.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  });

  it("refuses an expired token and says so", async () => {
    const expired = await new SignJWT({ sub: "x", role: "admin", partner_id: a.id })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuedAt(1_700_000_000)
      .setExpirationTime(1_700_000_060)
      .sign(CLIENT_SECRET);
    const response = await graph.query(CUSTOMERS, { token: expired });
    expect(response.errors![0]).toMatchObject({
      extensions: { code: "UNAUTHENTICATED" },
      message: expect.stringContaining("expired"),
    });
  });

  it.each([
    ["an unknown role", { sub: "x", role: "root", partner_id: "p" }],
    ["a staff role without partner_id", { sub: "x", role: "admin" }],
    ["a manager without staff_id", { sub: "x", role: "manager", partner_id: "p" }],
    ["a customer without customer_id", { sub: "x", role: "customer" }],
    ["no subject", { role: "admin", partner_id: "p" }],
  ])("refuses a token with %s", async (_, claims) => {
    const response = await graph.query(CUSTOMERS, { token: await mintToken(claims, CLIENT_SECRET) });
    expect(response.status).toBe(401);
    expect(response.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  });

  it("tells me who I am", async () => {
    const manager = staffOf(a, "manager")[0]!;
    const { data } = await graph.query(
      `{ me { role subject partner { id name type } staff { id role supervisor { role } } } }`,
      {
        as: { role: "manager", partner: a.id, staff: manager.id },
      },
    );
    expect(data!.me).toEqual({
      role: "MANAGER",
      subject: manager.id,
      partner: { id: a.id, name: a.name, type: a.type },
      staff: { id: manager.id, role: "MANAGER", supervisor: { role: "SUPERVISOR" } },
    });
  });
});

describe("tenant isolation", () => {
  it("never shows partner A another partner's customers", async () => {
    for (const partner of [a, b]) {
      const { data } = await graph.query(CUSTOMERS, { as: { role: "admin", partner: partner.id } });
      const own = new Set(customersOf(partner).map((c) => c.id));
      expect(data!.customers.totalCount).toBe(own.size);
      for (const { node } of data!.customers.edges) expect(own.has(node.id)).toBe(true);
    }
  });

  it("answers null, not the record, for another partner's customer by id", async () => {
    const foreign = customersOf(b)[0]!;
    const { data } = await graph.query(`{ customer(id: "${foreign.id}") { id name balance { amount } } }`, {
      as: { role: "admin", partner: a.id },
    });
    expect(data!.customer).toBeNull();
  });

  it("does not show a partner to another partner's staff through me", async () => {
    const { data } = await graph.query(`{ me { partner { id } } partner { id staff { id } } }`, {
      as: { role: "analyst", partner: b.id },
    });
    expect(data!.me.partner.id).toBe(b.id);
    expect(data!.partner.staff.map((s: { id: string }) => s.id).sort()).toEqual(b.staff.map((s) => s.id).sort());
  });
});

describe("subgraphs answer only the gateway", () => {
  const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id balance { amount } } } }`;
  const representations = {
    r: [{ __typename: "Customer", id: customersOf(a)[0]!.id, manager: null, managerAssignedAt: null }],
  };

  it("refuses a request without a gateway token", async () => {
    for (const subgraph of Object.values(graph.subgraphs)) {
      const response = await post(subgraph.graphqlUrl, { query: "{ __typename }" });
      expect(response.status).toBe(401);
      expect(response.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    }
  });

  it("refuses a client token, even a valid one, and forged _entities with it", async () => {
    const clientToken = await graph.token({ role: "admin", partner: a.id });
    const response = await post(
      graph.subgraphs.billing.graphqlUrl,
      { query: entities, variables: representations },
      { authorization: `Bearer ${clientToken}` },
    );
    expect(response.status).toBe(401);
    expect(response.data).toBeUndefined();
  });

  it("refuses a gateway token signed with another key", async () => {
    const forged = await signGatewayToken(
      { role: "admin", subject: "x", partnerId: a.id, staffId: null },
      new TextEncoder().encode("guessed"),
    );
    const response = await post(
      graph.subgraphs.billing.graphqlUrl,
      { query: entities, variables: representations },
      { authorization: `Bearer ${forged}` },
    );
    expect(response.status).toBe(401);
  });

  it("answers a body that is not JSON, or too large, with a coded GraphQL error and counts it", async () => {
    const subgraph = graph.subgraphs.partners;
    const send = (body: string) =>
      fetch(subgraph.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": "bad-body-1" },
        body,
      });
    const broken = await send("{ not json");
    expect(broken.status).toBe(400);
    expect(broken.headers.get("x-request-id")).toBe("bad-body-1");
    expect(((await broken.json()) as GraphQLResponse).errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const huge = await send(
      JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(6 * 1024 * 1024) } }),
    );
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as GraphQLResponse).errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const metrics = await (await fetch(`${subgraph.url}/metrics`)).text();
    expect(metrics).toMatch(/http_requests_total\{route="\/graphql",status="400",service="partners"\} [1-9]/);
    expect(metrics).toMatch(/http_requests_total\{route="\/graphql",status="413",service="partners"\} [1-9]/);
  });

  it("keeps health and metrics open", async () => {
    for (const subgraph of Object.values(graph.subgraphs)) {
      expect((await fetch(`${subgraph.url}/health`)).status).toBe(200);
      expect((await fetch(`${subgraph.url}/metrics`)).status).toBe(200);
    }
  });

  it("scopes even the gateway's own token to the actor's partner: no balance of another partner's customer", async () => {
    const token = await signGatewayToken(
      { role: "admin", subject: "x", partnerId: b.id, staffId: null },
      gatewayTokenSecret(),
    );
    const response = await post(
      graph.subgraphs.billing.graphqlUrl,
      { query: entities, variables: representations },
      { authorization: `Bearer ${token}` },
    );
    expect(response.data).toEqual({ _entities: [{ id: customersOf(a)[0]!.id, balance: { amount: "0.00" } }] });
  });
});

describe("configuration", () => {
  it("will not start in production without a way to verify tokens", () => {
    expect(() => authConfigFromEnv({ NODE_ENV: "production" })).toThrow(/JWT_SECRET.*JWKS_URL/);
    expect(() => gatewayTokenSecret({ NODE_ENV: "production" })).toThrow(/GATEWAY_TOKEN_SECRET/);
    expect(authConfigFromEnv({ NODE_ENV: "production", JWT_SECRET: "s3cret" }).required).toBe(true);
  });

  it("verifies client tokens against a JWKS when JWKS_URL is set, and then refuses HS256 tokens", async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    const keys = [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256" }];
    const jwks = createServer((_req, res) =>
      res.setHeader("content-type", "application/json").end(JSON.stringify({ keys })),
    );
    const jwksUrl = await listen(jwks, 0, "127.0.0.1");
    const gateway = await graph.gatewayWith({
      auth: authConfigFromEnv({ JWKS_URL: `${jwksUrl}/.well-known/jwks.json`, JWT_ISSUER: "https://idp.example" }),
    });
    try {
      const sign = (issuer: string) =>
        new SignJWT({ sub: "x", role: "analyst", partner_id: a.id })
          .setProtectedHeader({ alg: "RS256", kid: "k1" })
          .setIssuer(issuer)
          .setExpirationTime("5m")
          .sign(privateKey);
      const ok = await post(
        gateway.graphqlUrl,
        { query: `{ me { role partner { id } } }` },
        { authorization: `Bearer ${await sign("https://idp.example")}` },
      );
      expect(ok.data).toEqual({ me: { role: "ANALYST", partner: { id: a.id } } });
      const wrongIssuer = await post(
        gateway.graphqlUrl,
        { query: `{ me { role } }` },
        { authorization: `Bearer ${await sign("https://elsewhere.example")}` },
      );
      expect(wrongIssuer.status).toBe(401);
      const hs256 = await post(
        gateway.graphqlUrl,
        { query: `{ me { role } }` },
        { authorization: `Bearer ${await graph.token({ role: "admin" })}` },
      );
      expect(hs256.status).toBe(401);
    } finally {
      await gateway.close();
      jwks.close();
    }
  });

  it("serves the graph without client tokens where AUTH_REQUIRED=false, but no partner data", async () => {
    const open = await graph.gatewayWith({ auth: authConfigFromEnv({ AUTH_REQUIRED: "false" }) });
    try {
      const anonymous = await post(open.graphqlUrl, { query: `{ me { role partner { id } } }` });
      expect(anonymous.data).toEqual({ me: { role: "ANONYMOUS", partner: null } });
      const list = await post(open.graphqlUrl, { query: CUSTOMERS });
      expect(list.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
      const signedIn = await post(
        open.graphqlUrl,
        { query: `{ me { role } }` },
        { authorization: `Bearer ${await graph.token({ role: "analyst" })}` },
      );
      expect(signedIn.data).toEqual({ me: { role: "ANALYST" } });
    } finally {
      await open.close();
    }
  });
});
