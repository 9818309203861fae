import type { TokenRequest } from "../../gateway/devTokens.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customersOf, partners, staffOf } from "../helpers/demo.js";
import { sql, startGraph, type TestGraph } from "../helpers/graph.js";
import { settle, subscribe } from "../helpers/subscriber.js";
import { eventually } from "../helpers/wait.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const [a, b] = partners as [(typeof partners)[0], (typeof partners)[0]];
const adminA = { role: "admin", partner: a.id };
const adminB = { role: "admin", partner: b.id };
const INVITE = `mutation($input: InviteCustomerInput!) { inviteCustomer(input: $input) { id code status associationType message invitee invitedAt expiresAt partner { id } customer { id } } }`;
const RESPOND = `mutation($input: InvitationResponseInput!) { respondToInvitation(input: $input) { id status respondedAt customer { id source associationType manager { id } } } }`;
const MINE = `{ myInvitations { id code associationType message partner { id } status } }`;
const LIST = `query($status: InvitationStatus) { invitations(first: 100, status: $status) { totalCount edges { node { id status invitee customer { id } } } } }`;

/** An account with no partner (the seed's newcomer of a partner), as its own customer token sees it. */
async function newcomer(n: number) {
  const [row] = await sql(
    graph.subgraphs.customers.db,
    `SELECT id, account_name AS "accountName", email FROM customers WHERE account_name = ?`,
    [`newcomer_p${n}`],
  );
  return { ...row, as: { role: "customer", customer: row.id } } as {
    id: string;
    accountName: string;
    email: string;
    as: TokenRequest;
  };
}

const invite = (as: TokenRequest, input: Record<string, unknown>) => graph.query(INVITE, { as, variables: { input } });
const respond = (as: TokenRequest, invitationId: string, accept: boolean) =>
  graph.query(RESPOND, { as, variables: { input: { invitationId, accept } } });

describe("inviting a customer", () => {
  it("associates an account that accepts, with source INVITATION, on the approval results and their subscription", async () => {
    const account = await newcomer(1);
    // The seed's admin invitation of partner A is open: a second one is refused.
    const again = await invite(adminA, { accountName: account.accountName, associationType: "CONSULTING_SALES" });
    expect(again.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "invitation-pending" });
    // Partner B invites the same account by e-mail, as resale.
    const fromB = await invite(adminB, {
      email: account.email.toUpperCase(),
      associationType: "RESALE",
      message: "Join us",
    });
    expect(fromB.errors).toBeUndefined();
    expect(fromB.data!.inviteCustomer).toMatchObject({
      status: "PENDING",
      associationType: "RESALE",
      message: "Join us",
      partner: { id: b.id },
      customer: null,
    });
    expect(fromB.data!.inviteCustomer.code).toMatch(/^[A-Z2-9]{8}$/);
    expect(fromB.data!.inviteCustomer.invitee).not.toContain("newcomer");
    const { invitedAt, expiresAt } = fromB.data!.inviteCustomer;
    expect(Date.parse(expiresAt) - Date.parse(invitedAt)).toBe(7 * 86_400_000);

    const mine = (await graph.query(MINE, { as: account.as })).data!.myInvitations;
    expect(mine.map((i: { partner: { id: string } }) => i.partner.id).sort()).toEqual([a.id, b.id].sort());
    const fromA = mine.find((i: { partner: { id: string } }) => i.partner.id === a.id);
    expect(fromA).toMatchObject({ associationType: "CONSULTING_SALES", status: "PENDING" });

    const subscriber = subscribe(
      graph.webSocketUrl,
      await graph.token(adminA),
      `subscription { approvalResults(kinds: [INVITATION]) { kind status decidedBy requestId customer { id source } } }`,
    );
    try {
      await settle();
      const accepted = await respond(account.as, fromA.id, true);
      expect(accepted.errors).toBeUndefined();
      expect(accepted.data!.respondToInvitation).toMatchObject({
        id: fromA.id,
        status: "ACCEPTED",
        customer: { id: account.id, source: "INVITATION", associationType: "CONSULTING_SALES", manager: null },
      });
      const [event] = await subscriber.received(1);
      expect(event!.data.approvalResults).toEqual({
        kind: "INVITATION",
        status: "APPROVED",
        decidedBy: "CUSTOMER",
        requestId: fromA.id,
        customer: { id: account.id, source: "INVITATION" },
      });
    } finally {
      await subscriber.close();
    }
    const seen = await graph.query(`{ customer(id: "${account.id}") { id source associationType } }`, { as: adminA });
    expect(seen.data!.customer).toEqual({ id: account.id, source: "INVITATION", associationType: "CONSULTING_SALES" });
    const results = await graph.query(
      `{ approvalResults(first: 100, kinds: [INVITATION]) { edges { node { kind status requestId customer { id } } } } }`,
      { as: adminA },
    );
    expect(results.data!.approvalResults.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { kind: "INVITATION", status: "APPROVED", requestId: fromA.id, customer: { id: account.id } },
    ]);
    const listed = (await graph.query(LIST, { as: adminA, variables: { status: "ACCEPTED" } })).data!.invitations;
    expect(listed.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { id: fromA.id, status: "ACCEPTED", invitee: expect.any(String), customer: { id: account.id } },
    ]);

    // One active association per customer: B's invitation can only be declined now.
    const second = await respond(account.as, fromB.data!.inviteCustomer.id, true);
    expect(second.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "already-associated" });
    const declined = await respond(account.as, fromB.data!.inviteCustomer.id, false);
    expect(declined.data!.respondToInvitation).toMatchObject({ status: "DECLINED", customer: null });
    const twice = await respond(account.as, fromA.id, false);
    expect(twice.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "invitation-decided" });
    expect((await graph.query(MINE, { as: account.as })).data!.myInvitations).toEqual([]);
    // A declined invitation is no decision about an association: nothing on B's results.
    const resultsB = await graph.query(`{ approvalResults(first: 100, kinds: [INVITATION]) { totalCount } }`, {
      as: adminB,
    });
    expect(resultsB.data!.approvalResults.totalCount).toBe(0);
  });

  it("lets a manager invite: the manager manages the customer it brings, and sees only its own invitations", async () => {
    const account = await newcomer(2);
    const [manager, otherManager] = staffOf(a, "manager");
    const asManager = { role: "manager", partner: a.id, staff: manager!.id };
    const { data, errors } = await invite(asManager, { accountName: account.accountName, associationType: "RESALE" });
    expect(errors).toBeUndefined();
    const id = data!.inviteCustomer.id;
    const ids = async (as: TokenRequest) =>
      (await graph.query(LIST, { as })).data!.invitations.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await ids(asManager)).toContain(id);
    expect(await ids({ role: "manager", partner: a.id, staff: otherManager!.id })).not.toContain(id);
    expect(await ids({ role: "analyst", partner: a.id })).toContain(id);
    expect(await ids({ role: "supervisor", partner: a.id, staff: manager!.supervisorId! })).toContain(id);
    const otherSupervisor = staffOf(a, "supervisor").find((s) => s.id !== manager!.supervisorId)!;
    expect(await ids({ role: "supervisor", partner: a.id, staff: otherSupervisor.id })).not.toContain(id);
    expect(await ids(adminB)).not.toContain(id);
    const accepted = await respond(account.as, id, true);
    expect(accepted.data!.respondToInvitation.customer).toMatchObject({
      associationType: "RESALE",
      manager: { id: manager!.id },
    });
    const managed = await graph.query(`{ customer(id: "${account.id}") { id managerAssignedAt } }`, {
      as: asManager,
    });
    expect(managed.data!.customer.managerAssignedAt).toBeTruthy();
    for (const role of ["supervisor", "analyst"]) {
      const refused = await invite({ role, partner: a.id }, { accountName: "someone_else", associationType: "RESALE" });
      expect(refused.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    }
  });

  it("refuses an associated account, one another partner reported, and bad input", async () => {
    const [ownCustomer] = customersOf(a);
    const [theirCustomer] = customersOf(b);
    for (const accountName of [ownCustomer!.accountName, theirCustomer!.accountName]) {
      const refused = await invite(adminA, { accountName, associationType: "RESALE" });
      expect(refused.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "already-associated" });
    }
    // prospect_p2_1 is reported by partner B (the seed's reports).
    const reported = await invite(adminA, { accountName: "prospect_p2_1", associationType: "RESALE" });
    expect(reported.errors![0]!.extensions).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "reported-by-another-partner",
    });
    // An address with no account yet may be invited: whoever registers it answers.
    expect((await invite(adminA, { email: "not.yet@example.cn", associationType: "RESALE" })).errors).toBeUndefined();
    for (const [input, argument] of [
      [{ associationType: "RESALE" }, "input"],
      [{ accountName: "someone_else", email: "x@example.cn", associationType: "RESALE" }, "input"],
      [{ accountName: "1bad", associationType: "RESALE" }, "input.accountName"],
      [{ email: "not an address", associationType: "RESALE" }, "input.email"],
      [{ accountName: "someone_else", associationType: "RESALE", message: " " }, "input.message"],
    ] as const) {
      const bad = await invite(adminA, input);
      expect(bad.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
    }
  });

  it("makes a partner the customer left itself (once its request took effect) wait 3 months before inviting it back; another partner may", async () => {
    // A consulting-sales customer with no blocker and no recent decision: it may leave at once.
    const [row] = await sql(
      graph.subgraphs.customers.db,
      `SELECT c.id FROM customers c JOIN associations a ON a.customer_id = c.id AND a.ended_at IS NULL
       WHERE a.partner_id = ? AND a.association_type = 'CONSULTING_SALES' AND c.frozen = ? AND c.enterprise_members = 0
       AND c.reserved_instances_until IS NULL AND NOT EXISTS (SELECT 1 FROM approval_results r WHERE r.customer_id = c.id)
       AND NOT EXISTS (SELECT 1 FROM dissociation_requests d WHERE d.customer_id = c.id)
       ORDER BY c.id DESC LIMIT 1`,
      [a.id, false],
    );
    const customer = customersOf(a).find((c) => c.id === row.id)!;
    const as = { role: "customer", customer: customer.id };
    const left = await graph.query(
      `mutation { requestDissociation(input: { partnerId: "${a.id}", reason: "Trying another partner" }) { active } }`,
      { as },
    );
    expect(left.data).toEqual({ requestDissociation: { active: true } });
    // Its waiting period ends (as expiry tests make time pass), and the association with it.
    await sql(
      graph.subgraphs.customers.db,
      `UPDATE dissociation_requests SET effective_at = '2020-01-01T00:00:00.000Z' WHERE customer_id = ?`,
      [customer.id],
    );
    await eventually(async () => {
      const [mine] = (await graph.query(`{ myPartners { active } }`, { as })).data!.myPartners;
      return mine.active ? undefined : true;
    });
    const back = await invite(adminA, { accountName: customer.accountName, associationType: "RESALE" });
    expect(back.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "three-month-rule" });
    const elsewhere = await invite(adminB, { accountName: customer.accountName, associationType: "RESALE" });
    expect(elsewhere.errors).toBeUndefined();
    const accepted = await respond(as, elsewhere.data!.inviteCustomer.id, true);
    expect(accepted.data!.respondToInvitation.customer).toMatchObject({ id: customer.id, associationType: "RESALE" });
    const partnersOf = await graph.query(`{ myPartners { partner { id } active } }`, { as });
    expect(partnersOf.data!.myPartners).toEqual([
      { partner: { id: b.id }, active: true },
      { partner: { id: a.id }, active: false },
    ]);
  });

  it("expires an invitation unanswered for 7 days, and hides others' invitations from a customer", async () => {
    const account = await newcomer(3);
    const { data } = await invite(adminA, { accountName: account.accountName, associationType: "RESALE" });
    const id = data!.inviteCustomer.id;
    const stranger = customersOf(a)[0]!;
    const foreign = await respond({ role: "customer", customer: stranger.id }, id, true);
    expect(foreign.errors![0]!.extensions!.code).toBe("NOT_FOUND");
    await sql(
      graph.subgraphs.customers.db,
      `UPDATE invitations SET expires_at = '2020-01-01T00:00:00.000Z' WHERE id = ?`,
      [id],
    );
    const late = await respond(account.as, id, true);
    expect(late.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "invitation-expired" });
    const expired = (await graph.query(LIST, { as: adminA, variables: { status: "EXPIRED" } })).data!.invitations;
    expect(expired.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(id);
    const pending = (await graph.query(LIST, { as: adminA, variables: { status: "PENDING" } })).data!.invitations;
    expect(pending.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(id);
    expect(
      (await graph.query(MINE, { as: account.as })).data!.myInvitations.map((i: { id: string }) => i.id),
    ).not.toContain(id);
  });
});
