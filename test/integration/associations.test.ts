import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { minor } from "../../subgraphs/common/money.js";
import { carryOutDueDissociations } from "../../subgraphs/customers/dissociationRequests.js";
import { customersOf, partners, staffOf } from "../helpers/demo.js";
import type { TokenRequest } from "../../gateway/devTokens.js";
import { sql, startGraph, type TestGraph } from "../helpers/graph.js";
import { settle, subscribe } from "../helpers/subscriber.js";
import { eventually } from "../helpers/wait.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const [a, b] = partners as [(typeof partners)[0], (typeof partners)[0]];
const admin = { role: "admin", partner: a.id };
const REQUEST = `mutation($input: AssociationSwitchInput!) { requestAssociationTypeSwitch(input: $input) { id status fromType targetType expiresAt requestedAt } }`;
const RESPOND = `mutation($input: AssociationSwitchResponseInput!) { respondToAssociationSwitch(input: $input) { id status decidedAt comment } }`;
const RESULTS = `query($after: String) { approvalResults(first: 100, after: $after) { edges { cursor node { id kind status decidedBy comment requestId customer { id associationType } } } pageInfo { endCursor } } }`;

/** Customers of partner A no test has touched yet, picked by a predicate on the demo data. */
const used = new Set<string>();
function pick(predicate: (c: ReturnType<typeof customersOf>[number]) => boolean = () => true) {
  const customer = customersOf(a).find((c) => !used.has(c.id) && predicate(c))!;
  used.add(customer.id);
  return customer;
}
const other = (type: string) => (type === "RESALE" ? "CONSULTING_SALES" : "RESALE");

async function customerRow(id: string) {
  return (
    await sql(
      graph.subgraphs.customers.db,
      `SELECT frozen, enterprise_members AS members, reserved_instances_until AS reserved FROM customers WHERE id = ?`,
      [id],
    )
  )[0];
}
/** A customer with no blocker on its account and no recent switch. */
async function clean(predicate: Parameters<typeof pick>[0] = () => true) {
  for (;;) {
    const customer = pick(predicate);
    const row = await customerRow(customer.id);
    const recent = await sql(graph.subgraphs.customers.db, `SELECT 1 FROM approval_results WHERE customer_id = ?`, [
      customer.id,
    ]);
    const [balance] = await sql(
      graph.subgraphs.billing.db,
      `SELECT debt FROM customer_balances WHERE customer_id = ?`,
      [customer.id],
    );
    if (!row.frozen && !row.members && !row.reserved && recent.length === 0 && Number(balance.debt) === 0)
      return customer;
  }
}

describe("association-type switch", () => {
  it("waits for the customer's approval, then changes the type and records the result", async () => {
    const customer = await clean();
    const { data, errors } = await graph.query(REQUEST, {
      as: admin,
      variables: {
        input: { customerId: customer.id, targetType: other(customer.associationType), reason: "Consolidate invoices" },
      },
    });
    expect(errors).toBeUndefined();
    const request = data!.requestAssociationTypeSwitch;
    expect(request).toMatchObject({
      status: "PENDING",
      fromType: customer.associationType,
      targetType: other(customer.associationType),
    });
    expect(Date.parse(request.expiresAt) - Date.parse(request.requestedAt)).toBe(7 * 86_400_000);

    const before = await graph.query(`{ customer(id: "${customer.id}") { associationType } }`, { as: admin });
    expect(before.data!.customer.associationType).toBe(customer.associationType);

    const asCustomer = { role: "customer", customer: customer.id };
    const pending = await graph.query(`{ myPendingAssociationSwitches { id reason targetType } }`, { as: asCustomer });
    expect(pending.data!.myPendingAssociationSwitches).toEqual([
      { id: request.id, reason: "Consolidate invoices", targetType: other(customer.associationType) },
    ]);
    const decided = await graph.query(RESPOND, {
      as: asCustomer,
      variables: { input: { requestId: request.id, approve: true, comment: "OK" } },
    });
    expect(decided.data!.respondToAssociationSwitch).toMatchObject({
      id: request.id,
      status: "APPROVED",
      comment: "OK",
    });

    const after = await graph.query(`{ customer(id: "${customer.id}") { associationType } }`, { as: admin });
    expect(after.data!.customer.associationType).toBe(other(customer.associationType));
    const results = await graph.query(RESULTS, { as: admin });
    const result = results
      .data!.approvalResults.edges.map((e: { node: unknown }) => e.node)
      .find((n: { requestId: string }) => n.requestId === request.id);
    expect(result).toMatchObject({
      kind: "ASSOCIATION_TYPE_SWITCH",
      status: "APPROVED",
      decidedBy: "CUSTOMER",
      comment: "OK",
      customer: { id: customer.id, associationType: other(customer.associationType) },
    });

    // One switch or dissociation per customer every 3 months.
    const again = await graph.query(REQUEST, {
      as: admin,
      variables: { input: { customerId: customer.id, targetType: customer.associationType, reason: "Back again" } },
    });
    expect(again.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "three-month-rule" });
    const twice = await graph.query(RESPOND, {
      as: asCustomer,
      variables: { input: { requestId: request.id, approve: false } },
    });
    expect(twice.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "request-decided" });
  });

  it("reclaims the customer's usable vouchers into their quotas once the switch is approved", async () => {
    const billing = graph.subgraphs.billing.db;
    const usableOf = (id: string) =>
      sql(
        billing,
        `SELECT id, balance, quota_id AS quota FROM vouchers WHERE customer_id = ? AND status = 'USABLE' ORDER BY id`,
        [id],
      );
    let customer;
    let usable;
    do {
      customer = await clean();
      usable = await usableOf(customer.id);
    } while (usable.length === 0 || usable.some((v: { quota: string | null }) => !v.quota));
    const quotaIds = [...new Set(usable.map((v: { quota: string }) => v.quota))];
    // Other vouchers of the same quotas return theirs meanwhile (expiry, earlier decisions): one statement
    // reads a quota's balance less everything other customers' vouchers gave back, so only this customer's moves count.
    const quotas = async () =>
      Object.fromEntries(
        await Promise.all(
          quotaIds.map(async (id) => {
            const [row] = await sql(
              billing,
              `SELECT q.balance - COALESCE((SELECT SUM(o.amount) FROM voucher_operations o JOIN vouchers v ON v.id = o.voucher_id
                 WHERE v.quota_id = q.id AND v.customer_id <> ? AND o.kind IN ('RECLAIM', 'RECLAIM_ON_DISSOCIATION', 'RECLAIM_ON_SWITCH', 'EXPIRY_RECLAIM')), 0) AS own
               FROM voucher_quotas q WHERE q.id = ?`,
              [customer.id, id],
            );
            return [id, BigInt(row.own)];
          }),
        ),
      );
    const before = await quotas();
    const { data } = await graph.query(REQUEST, {
      as: admin,
      variables: { input: { customerId: customer.id, targetType: other(customer.associationType), reason: "x" } },
    });
    // Nothing is reclaimed while the customer has not decided.
    expect(await usableOf(customer.id)).toEqual(usable);
    await graph.query(RESPOND, {
      as: { role: "customer", customer: customer.id },
      variables: { input: { requestId: data!.requestAssociationTypeSwitch.id, approve: true } },
    });
    const reclaimed = await eventually(async () => {
      const rows = await sql(
        billing,
        `SELECT voucher_id AS id, amount AS balance FROM voucher_operations WHERE kind = 'RECLAIM_ON_SWITCH' AND voucher_id IN (SELECT id FROM vouchers WHERE customer_id = ?) ORDER BY voucher_id`,
        [customer.id],
      );
      return rows.length === usable.length ? rows : undefined;
    });
    expect(reclaimed).toEqual(usable.map((v: { id: string; balance: unknown }) => ({ id: v.id, balance: v.balance })));
    expect(await usableOf(customer.id)).toEqual([]);
    const after = await quotas();
    for (const id of quotaIds) {
      const returned = usable
        .filter((v: { quota: string }) => v.quota === id)
        .reduce((sum: bigint, v: { balance: string | number }) => sum + BigInt(v.balance), 0n);
      expect(after[id]! - before[id]!).toBe(returned);
    }
  });

  it("refuses a switch to the type the customer already has, and a second pending request", async () => {
    const customer = await clean();
    const same = await graph.query(REQUEST, {
      as: admin,
      variables: { input: { customerId: customer.id, targetType: customer.associationType, reason: "x" } },
    });
    expect(same.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "same-association-type" });
    const input = { customerId: customer.id, targetType: other(customer.associationType), reason: "x" };
    expect((await graph.query(REQUEST, { as: admin, variables: { input } })).errors).toBeUndefined();
    const second = await graph.query(REQUEST, { as: admin, variables: { input } });
    expect(second.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "switch-pending" });
  });

  it("lets the partner cancel, and the customer reject, with a result each", async () => {
    const [one, two] = [await clean(), await clean()];
    const first = (
      await graph.query(REQUEST, {
        as: admin,
        variables: { input: { customerId: one.id, targetType: other(one.associationType), reason: "x" } },
      })
    ).data!.requestAssociationTypeSwitch;
    const cancelled = await graph.query(
      `mutation { cancelAssociationTypeSwitch(requestId: "${first.id}", comment: "Changed our mind") { status comment } }`,
      { as: admin },
    );
    expect(cancelled.data!.cancelAssociationTypeSwitch).toEqual({ status: "CANCELLED", comment: "Changed our mind" });
    const second = (
      await graph.query(REQUEST, {
        as: admin,
        variables: { input: { customerId: two.id, targetType: other(two.associationType), reason: "x" } },
      })
    ).data!.requestAssociationTypeSwitch;
    const rejected = await graph.query(RESPOND, {
      as: { role: "customer", customer: two.id },
      variables: { input: { requestId: second.id, approve: false, comment: "No thanks" } },
    });
    expect(rejected.data!.respondToAssociationSwitch.status).toBe("REJECTED");
    const nodes = (await graph.query(RESULTS, { as: admin })).data!.approvalResults.edges.map(
      (e: { node: { requestId: string } }) => e.node,
    );
    expect(nodes.find((n: { requestId: string }) => n.requestId === first.id)).toMatchObject({
      status: "CANCELLED",
      decidedBy: "PARTNER",
    });
    expect(nodes.find((n: { requestId: string }) => n.requestId === second.id)).toMatchObject({
      status: "REJECTED",
      decidedBy: "CUSTOMER",
      comment: "No thanks",
    });
  });

  it("expires a request the customer leaves undecided for 7 days", async () => {
    const customer = await clean();
    const request = (
      await graph.query(REQUEST, {
        as: admin,
        variables: { input: { customerId: customer.id, targetType: other(customer.associationType), reason: "x" } },
      })
    ).data!.requestAssociationTypeSwitch;
    await sql(
      graph.subgraphs.customers.db,
      `UPDATE association_switch_requests SET expires_at = '2020-01-01T00:00:00.000Z' WHERE id = ?`,
      [request.id],
    );
    const result = await eventually(async () => {
      const nodes = (await graph.query(RESULTS, { as: admin })).data!.approvalResults.edges.map(
        (e: { node: { requestId: string } }) => e.node,
      );
      return nodes.find((n: { requestId: string }) => n.requestId === request.id);
    });
    expect(result).toMatchObject({ kind: "ASSOCIATION_TYPE_SWITCH", status: "EXPIRED", decidedBy: "SYSTEM" });
    const late = await graph.query(RESPOND, {
      as: { role: "customer", customer: customer.id },
      variables: { input: { requestId: request.id, approve: true } },
    });
    expect(late.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "request-decided" });
  });

  it("answers NOT_FOUND when a customer decides another customer's request", async () => {
    const customer = await clean();
    const request = (
      await graph.query(REQUEST, {
        as: admin,
        variables: { input: { customerId: customer.id, targetType: other(customer.associationType), reason: "x" } },
      })
    ).data!.requestAssociationTypeSwitch;
    const stranger = customersOf(b)[0]!;
    const response = await graph.query(RESPOND, {
      as: { role: "customer", customer: stranger.id },
      variables: { input: { requestId: request.id, approve: true } },
    });
    expect(response.errors![0]!.extensions!.code).toBe("NOT_FOUND");
  });
});

describe("verification codes", () => {
  const c = partners[2]!;
  const admin3 = { role: "admin", partner: c.id };
  afterAll(() => graph.query(`mutation { setVerificationCodes(enabled: false) { id } }`, { as: admin3 }));

  it("requires a valid, unused code for a switch once the partner turns codes on", async () => {
    const customer = customersOf(c).find((x) => !used.has(x.id))!;
    used.add(customer.id);
    expect(
      (
        await graph.query(`mutation { setVerificationCodes(enabled: true) { verificationCodesEnabled } }`, {
          as: admin3,
        })
      ).data,
    ).toEqual({ setVerificationCodes: { verificationCodesEnabled: true } });
    const input = { customerId: customer.id, targetType: other(customer.associationType), reason: "x" };
    const missing = await graph.query(REQUEST, { as: admin3, variables: { input } });
    expect(missing.errors![0]!.extensions).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "verification-code-required",
    });
    const wrong = await graph.query(REQUEST, {
      as: admin3,
      variables: { input: { ...input, verificationCode: "000000" } },
    });
    expect(wrong.errors![0]!.extensions).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "verification-code-invalid",
    });

    const sent = await graph.query(
      `mutation { sendVerificationCode(action: SWITCH_ASSOCIATION_TYPE) { id action expiresAt } }`,
      { as: admin3 },
    );
    expect(sent.data!.sendVerificationCode.action).toBe("SWITCH_ASSOCIATION_TYPE");
    const codes = await graph.query(`{ developmentVerificationCodes { action code } }`, { as: admin3 });
    const code = codes.data!.developmentVerificationCodes[0].code;
    expect(code).toMatch(/^\d{6}$/);
    // A code for another action, or another person's, does not pass.
    const otherPerson = await graph.query(REQUEST, {
      as: { role: "supervisor", partner: c.id },
      variables: { input: { ...input, verificationCode: code } },
    });
    expect(otherPerson.errors![0]!.extensions!.rule).toBe("verification-code-invalid");
    const ok = await graph.query(REQUEST, { as: admin3, variables: { input: { ...input, verificationCode: code } } });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.requestAssociationTypeSwitch.status).toBe("PENDING");
    const reused = await graph.query(
      `mutation($input: DissociateCustomerInput!) { dissociateCustomer(input: $input) { id } }`,
      {
        as: admin3,
        variables: { input: { customerId: customer.id, reason: "x", verificationCode: code } },
      },
    );
    expect(reused.errors![0]!.extensions!.code).toBe("PRECONDITION_FAILED");
  });

  it("refuses a code after its 5 minutes", async () => {
    const customer = customersOf(c).find((x) => !used.has(x.id))!;
    used.add(customer.id);
    await graph.query(`mutation { setVerificationCodes(enabled: true) { id } }`, { as: admin3 });
    await graph.query(`mutation { sendVerificationCode(action: SWITCH_ASSOCIATION_TYPE) { id } }`, { as: admin3 });
    const [{ code }] = (await graph.query(`{ developmentVerificationCodes { code } }`, { as: admin3 })).data!
      .developmentVerificationCodes;
    await sql(
      graph.subgraphs.partners.db,
      `UPDATE verification_codes SET expires_at = '2020-01-01T00:00:00.000Z' WHERE partner_id = ?`,
      [c.id],
    );
    const { errors } = await graph.query(REQUEST, {
      as: admin3,
      variables: {
        input: {
          customerId: customer.id,
          targetType: other(customer.associationType),
          reason: "x",
          verificationCode: code,
        },
      },
    });
    expect(errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "verification-code-invalid" });
  });

  it("sends at most 15 codes an hour per partner", async () => {
    const manager = staffOf(c, "manager")[0]!;
    const send = () =>
      graph.query(`mutation { sendVerificationCode(action: DISSOCIATE_CUSTOMER) { id } }`, {
        as: { role: "manager", partner: c.id, staff: manager.id },
      });
    const sentThisHour = Number(
      (
        await sql(graph.subgraphs.partners.db, `SELECT COUNT(*) AS n FROM verification_codes WHERE partner_id = ?`, [
          c.id,
        ])
      )[0].n,
    );
    for (let i = sentThisHour; i < 15; i++) expect((await send()).errors).toBeUndefined();
    const refused = await send();
    expect(refused.status).toBe(200);
    expect(refused.errors![0]).toMatchObject({
      extensions: { code: "RATE_LIMITED" },
      message: expect.stringContaining("15 a hour"),
    });
    expect(refused.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(3000);
  });
  it("sends at most 60 codes a day per partner, apart from the hourly limit", async () => {
    // Partner B has sent no code this hour; 60 sent earlier today close the day.
    const manager = staffOf(b, "manager")[0]!;
    const send = () =>
      graph.query(`mutation { sendVerificationCode(action: DISSOCIATE_CUSTOMER) { id } }`, {
        as: { role: "manager", partner: b.id, staff: manager.id },
      });
    const sentEarlier = async (count: number) => {
      for (let i = 0; i < count; i++) {
        // Two to twenty-two hours ago: outside the last hour, inside the last day.
        const createdAt = new Date(Date.now() - (2 + (i % 20)) * 3_600_000).toISOString();
        await sql(
          graph.subgraphs.partners.db,
          `INSERT INTO verification_codes (id, partner_id, staff_id, action, code_hash, created_at, expires_at) VALUES (?, ?, ?, 'DISSOCIATE_CUSTOMER', 'x', ?, ?)`,
          [randomUUID(), b.id, manager.id, createdAt, createdAt],
        );
      }
    };
    await sentEarlier(59);
    expect((await send()).errors).toBeUndefined();
    const refused = await send();
    expect(refused.errors![0]).toMatchObject({
      extensions: { code: "RATE_LIMITED" },
      message: expect.stringContaining("60 a day"),
    });
    // The oldest of the day's codes, 21 hours old, makes room in about 3 hours.
    expect(refused.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(2 * 3600);
    expect(refused.errors![0]!.extensions!.retryAfterSeconds).toBeLessThanOrEqual(3 * 3600);
    const [{ n }] = await sql(
      graph.subgraphs.partners.db,
      `SELECT COUNT(*) AS n FROM verification_codes WHERE partner_id = ?`,
      [b.id],
    );
    expect(Number(n)).toBe(60);
  });
});

describe("dissociation by request", () => {
  const FILE = `mutation($input: DissociateCustomerInput!) { requestCustomerDissociation(input: $input) { id status filedBy reason requestedAt effectiveAt } }`;
  const DISSOCIATE = `mutation($input: DissociateCustomerInput!) { dissociateCustomer(input: $input) { id dissociatedAt pendingDissociation { id status filedBy } } }`;
  const CANCEL = `mutation($id: ID!, $comment: String) { cancelDissociationRequest(requestId: $id, comment: $comment) { id status decidedAt comment } }`;
  const file = (customerId: string, as: TokenRequest = admin) =>
    graph.query(FILE, { as, variables: { input: { customerId, reason: "Contract ended" } } });
  /** Time passes as in the other expiry tests: the request's waiting period is made to be over. */
  const waitingPeriodEnds = (requestId: string) =>
    sql(
      graph.subgraphs.customers.db,
      `UPDATE dissociation_requests SET effective_at = '2020-01-01T00:00:00.000Z' WHERE id = ?`,
      [requestId],
    );
  const resultOf = (requestId: string, as: TokenRequest = admin) =>
    eventually(async () =>
      (await graph.query(RESULTS, { as }))
        .data!.approvalResults.edges.map((e: { node: { requestId: string } }) => e.node)
        .find((n: { requestId: string }) => n.requestId === requestId),
    );
  const listed = async (customerId: string) =>
    (await graph.query(`{ customer(id: "${customerId}") { id } }`, { as: admin })).data!.customer !== null;

  it("ends the association when the 7-day waiting period is over, removing the customer and returning funds and vouchers", async () => {
    const billing = graph.subgraphs.billing.db;
    let customer;
    for (;;) {
      customer = await clean((c) => c.associationType === "RESALE");
      const [row] = await sql(billing, `SELECT allocated FROM customer_balances WHERE customer_id = ?`, [customer.id]);
      const vouchers = await sql(billing, `SELECT id FROM vouchers WHERE customer_id = ? AND status = 'USABLE'`, [
        customer.id,
      ]);
      if (Number(row.allocated) > 0 && vouchers.length > 0) break;
    }
    const [{ allocated }] = await sql(billing, `SELECT allocated FROM customer_balances WHERE customer_id = ?`, [
      customer.id,
    ]);
    const usable = await sql(
      billing,
      `SELECT id, balance FROM vouchers WHERE customer_id = ? AND status = 'USABLE' ORDER BY id`,
      [customer.id],
    );
    const total = (await graph.query(`{ customers { totalCount } }`, { as: admin })).data!.customers.totalCount;
    const cashOf = async () =>
      minor((await sql(billing, `SELECT cash FROM partner_accounts WHERE partner_id = ?`, [a.id]))[0].cash);
    const cashBefore = await cashOf();

    const { data, errors } = await file(customer.id);
    expect(errors).toBeUndefined();
    const request = data!.requestCustomerDissociation;
    expect(request).toMatchObject({ status: "PENDING", filedBy: "PARTNER", reason: "Contract ended" });
    expect(Date.parse(request.effectiveAt) - Date.parse(request.requestedAt)).toBe(7 * 86_400_000);
    expect(await listed(customer.id)).toBe(true);
    const seen = await graph.query(`{ customer(id: "${customer.id}") { dissociatedAt pendingDissociation { id } } }`, {
      as: admin,
    });
    expect(seen.data!.customer).toEqual({ dissociatedAt: null, pendingDissociation: { id: request.id } });

    await waitingPeriodEnds(request.id);
    expect(await resultOf(request.id)).toMatchObject({
      kind: "DISSOCIATION",
      status: "APPROVED",
      decidedBy: "PARTNER",
      comment: "Contract ended",
    });
    expect((await graph.query(`{ customers { totalCount } }`, { as: admin })).data!.customers.totalCount).toBe(
      total - 1,
    );
    expect(await listed(customer.id)).toBe(false);
    const mine = await graph.query(`{ myPartners { partner { id } active endedAt pendingDissociation { id } } }`, {
      as: { role: "customer", customer: customer.id },
    });
    expect(mine.data!.myPartners[0]).toMatchObject({ partner: { id: a.id }, active: false, pendingDissociation: null });
    const requests = await graph.query(`{ dissociationRequests(first: 100) { edges { node { id status } } } }`, {
      as: admin,
    });
    expect(requests.data!.dissociationRequests.edges.map((e: { node: unknown }) => e.node)).toContainEqual({
      id: request.id,
      status: "EFFECTIVE",
    });

    const transfer = await eventually(
      async () =>
        (await sql(billing, `SELECT amount, kind FROM fund_transfers WHERE customer_id = ?`, [customer.id]))[0],
    );
    expect(transfer).toEqual({ amount: allocated, kind: "RECOVERED_ON_DISSOCIATION" });
    // Returned to the partner's cash, where it can be allocated again.
    expect(await cashOf()).toBe(cashBefore + minor(allocated));
    expect(
      Number(
        (await sql(billing, `SELECT allocated FROM customer_balances WHERE customer_id = ?`, [customer.id]))[0]
          .allocated,
      ),
    ).toBe(0);
    const reclaimed = await eventually(async () => {
      const rows = await sql(
        billing,
        `SELECT voucher_id AS id, amount AS balance FROM voucher_operations WHERE kind = 'RECLAIM_ON_DISSOCIATION' AND voucher_id IN (SELECT id FROM vouchers WHERE customer_id = ?) ORDER BY voucher_id`,
        [customer.id],
      );
      return rows.length === usable.length ? rows : undefined;
    });
    expect(reclaimed).toEqual(usable);
    expect((await file(customer.id)).errors![0]!.extensions!.code).toBe("NOT_FOUND");
  });

  it("while pending, refuses a switch and a second request, and only the filing side withdraws it", async () => {
    const customer = await clean();
    const asCustomer = { role: "customer", customer: customer.id };
    const request = (await file(customer.id)).data!.requestCustomerDissociation;
    const second = await file(customer.id);
    expect(second.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "dissociation-pending" });
    const own = await graph.query(
      `mutation { requestDissociation(input: { partnerId: "${a.id}", reason: "x" }) { active } }`,
      { as: asCustomer },
    );
    expect(own.errors![0]!.extensions).toMatchObject({ rule: "dissociation-pending" });
    const switched = await graph.query(REQUEST, {
      as: admin,
      variables: { input: { customerId: customer.id, targetType: other(customer.associationType), reason: "x" } },
    });
    expect(switched.errors![0]!.extensions).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "dissociation-pending",
    });
    const mine = await graph.query(`{ myPartners { active pendingDissociation { id filedBy reason } } }`, {
      as: asCustomer,
    });
    expect(mine.data!.myPartners[0]).toEqual({
      active: true,
      pendingDissociation: { id: request.id, filedBy: "PARTNER", reason: "Contract ended" },
    });

    const byCustomer = await graph.query(CANCEL, { as: asCustomer, variables: { id: request.id } });
    expect(byCustomer.errors![0]!.extensions).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "filed-by-other-side",
    });
    const manager = await graph.query(CANCEL, {
      as: { role: "manager", partner: a.id, staff: staffOf(a, "manager")[0]!.id },
      variables: { id: request.id },
    });
    expect(manager.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const withdrawn = await graph.query(CANCEL, { as: admin, variables: { id: request.id, comment: "Renewed" } });
    expect(withdrawn.data!.cancelDissociationRequest).toMatchObject({ status: "CANCELLED", comment: "Renewed" });
    expect(await resultOf(request.id)).toMatchObject({
      kind: "DISSOCIATION",
      status: "CANCELLED",
      decidedBy: "PARTNER",
    });
    await waitingPeriodEnds(request.id);
    expect(await listed(customer.id)).toBe(true);
    const again = await graph.query(CANCEL, { as: admin, variables: { id: request.id } });
    expect(again.errors![0]!.extensions).toMatchObject({ rule: "request-decided" });
  });

  it("takes effect at effectiveAt, not a moment before (the sweep's clock passed in)", async () => {
    const customer = await clean();
    const request = (await file(customer.id)).data!.requestCustomerDissociation;
    const db = graph.subgraphs.customers.db;
    const stateOf = async () =>
      (
        await sql(db, `SELECT status, decided_at AS "decidedAt" FROM dissociation_requests WHERE id = ?`, [request.id])
      )[0];
    // At that clock the demo's pending requests are due too, and are carried out with it.
    await carryOutDueDissociations(db, new Date(Date.parse(request.effectiveAt) - 1).toISOString());
    expect(await stateOf()).toEqual({ status: "PENDING", decidedAt: null });
    expect(await listed(customer.id)).toBe(true);
    await carryOutDueDissociations(db, request.effectiveAt);
    expect(await stateOf()).toEqual({ status: "EFFECTIVE", decidedAt: request.effectiveAt });
    expect(await listed(customer.id)).toBe(false);
  });

  it("refuses while a switch request waits for the customer", async () => {
    const customer = await clean();
    await graph.query(REQUEST, {
      as: admin,
      variables: { input: { customerId: customer.id, targetType: other(customer.associationType), reason: "x" } },
    });
    expect((await file(customer.id)).errors![0]!.extensions).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "switch-pending",
    });
  });

  it.each([
    ["frozen", "customer-frozen", `UPDATE customers SET frozen = true WHERE id = ?`],
    [
      "holding reserved instances",
      "reserved-instances",
      `UPDATE customers SET reserved_instances_until = '2030-01-01T00:00:00.000Z' WHERE id = ?`,
    ],
    ["with enterprise members", "enterprise-members", `UPDATE customers SET enterprise_members = 2 WHERE id = ?`],
  ])("refuses while the customer is %s", async (_, rule, statement) => {
    const customer = await clean();
    await sql(graph.subgraphs.customers.db, statement, [customer.id]);
    const { errors } = await file(customer.id);
    expect(errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule });
  });

  it("does not take effect when a blocker arose during the waiting period: BLOCKED, rejected by the system", async () => {
    const customer = await clean();
    const request = (await file(customer.id)).data!.requestCustomerDissociation;
    await sql(graph.subgraphs.customers.db, `UPDATE customers SET frozen = true WHERE id = ?`, [customer.id]);
    await waitingPeriodEnds(request.id);
    const result = await resultOf(request.id);
    expect(result).toMatchObject({ kind: "DISSOCIATION", status: "REJECTED", decidedBy: "SYSTEM" });
    expect(result.comment).toMatch(/^customer-frozen: /);
    expect(await listed(customer.id)).toBe(true);
  });

  it("refuses a resale customer in arrears, naming the debt, until it is cleared", async () => {
    const customer = await clean((c) => c.associationType === "RESALE");
    await sql(graph.subgraphs.billing.db, `UPDATE customer_balances SET debt = 12345 WHERE customer_id = ?`, [
      customer.id,
    ]);
    const { errors } = await file(customer.id);
    expect(errors![0]).toMatchObject({
      extensions: { code: "PRECONDITION_FAILED", rule: "arrears" },
      message: expect.stringContaining("123.45"),
    });
    await sql(graph.subgraphs.billing.db, `UPDATE customer_balances SET debt = 0 WHERE customer_id = ?`, [customer.id]);
    expect((await file(customer.id)).errors).toBeUndefined();
  });

  it("lets a customer ask to dissociate from its account center, effective after the waiting period", async () => {
    const customer = await clean((c) => c.associationType === "CONSULTING_SALES");
    const asCustomer = { role: "customer", customer: customer.id };
    const wrongPartner = await graph.query(
      `mutation { requestDissociation(input: { partnerId: "${b.id}", reason: "x" }) { active } }`,
      { as: asCustomer },
    );
    expect(wrongPartner.errors![0]!.extensions!.code).toBe("NOT_FOUND");
    const { data } = await graph.query(
      `mutation { requestDissociation(input: { partnerId: "${a.id}", reason: "Moving on" }) { partner { id } active endedAt pendingDissociation { id filedBy status } } }`,
      { as: asCustomer },
    );
    const filed = data!.requestDissociation;
    expect(filed).toMatchObject({ partner: { id: a.id }, active: true, pendingDissociation: { filedBy: "CUSTOMER" } });
    const byPartner = await graph.query(CANCEL, { as: admin, variables: { id: filed.pendingDissociation.id } });
    expect(byPartner.errors![0]!.extensions).toMatchObject({ rule: "filed-by-other-side" });
    expect(await listed(customer.id)).toBe(true);
    await waitingPeriodEnds(filed.pendingDissociation.id);
    expect(await resultOf(filed.pendingDissociation.id)).toMatchObject({
      kind: "DISSOCIATION",
      status: "APPROVED",
      decidedBy: "CUSTOMER",
      comment: "Moving on",
    });
    expect(await listed(customer.id)).toBe(false);
  });

  it("files one request when two race for the same customer; the other is refused, never an internal error", async () => {
    const customer = await clean();
    const answers = await Promise.all([file(customer.id), file(customer.id), file(customer.id)]);
    const filed = answers.filter((r) => !r.errors);
    expect(filed).toHaveLength(1);
    for (const refused of answers.filter((r) => r.errors))
      expect(refused.errors![0]!.extensions).toMatchObject({
        code: "PRECONDITION_FAILED",
        rule: "dissociation-pending",
      });
  });

  it("tells subscribed partner apps when a request takes effect", async () => {
    const customer = await clean();
    const subscriber = subscribe(
      graph.webSocketUrl,
      await graph.token(admin),
      `subscription { approvalResults(kinds: [DISSOCIATION]) { kind status decidedBy requestId comment customer { id } } }`,
    );
    try {
      await settle();
      const request = (await file(customer.id)).data!.requestCustomerDissociation;
      await waitingPeriodEnds(request.id);
      const [event] = await subscriber.received(1);
      expect(event!.data.approvalResults).toEqual({
        kind: "DISSOCIATION",
        status: "APPROVED",
        decidedBy: "PARTNER",
        requestId: request.id,
        comment: "Contract ended",
        customer: { id: customer.id },
      });
    } finally {
      await subscriber.close();
    }
  });

  it("answers the deprecated dissociateCustomer by filing the same request", async () => {
    const customer = await clean();
    const { data, errors } = await graph.query(DISSOCIATE, {
      as: admin,
      variables: { input: { customerId: customer.id, reason: "Old client" } },
    });
    expect(errors).toBeUndefined();
    expect(data!.dissociateCustomer).toMatchObject({
      id: customer.id,
      dissociatedAt: null,
      pendingDissociation: { status: "PENDING", filedBy: "PARTNER" },
    });
  });

  it("is for the admin only, and another partner's customer or request is not found", async () => {
    const customer = await clean();
    const manager = await file(customer.id, {
      role: "manager",
      partner: a.id,
      staff: customer.managerId ?? staffOf(a, "manager")[0]!.id,
    });
    expect(manager.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const foreign = await file(customer.id, { role: "admin", partner: b.id });
    const unknown = await file("no-such-id", { role: "admin", partner: b.id });
    expect(foreign.errors![0]!.extensions!.code).toBe("NOT_FOUND");
    expect(foreign.errors![0]!.message.replace(customer.id, "X")).toBe(
      unknown.errors![0]!.message.replace("no-such-id", "X"),
    );
    const request = (await file(customer.id)).data!.requestCustomerDissociation;
    const foreignCancel = await graph.query(CANCEL, {
      as: { role: "admin", partner: b.id },
      variables: { id: request.id },
    });
    expect(foreignCancel.errors![0]!.extensions!.code).toBe("NOT_FOUND");
    const foreignList = await graph.query(`{ dissociationRequests(first: 100) { edges { node { id } } } }`, {
      as: { role: "admin", partner: b.id },
    });
    expect(JSON.stringify(foreignList.data)).not.toContain(request.id);
  });
});
