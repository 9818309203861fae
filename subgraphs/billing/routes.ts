import type { Express, Request, Response } from "express";
import type { DataSource } from "typeorm";
import { requireStaff, type Actor } from "../../common/actor.js";
import { badUserInput } from "../../common/errors.js";
import { sendError } from "../../common/httpErrors.js";
import { formatMinor } from "../common/money.js";
import { isCalendarDate } from "../../common/scalars.js";
import type { SubgraphName } from "../../common/services.js";
import { billingScope, inScope } from "./scope.js";
import { ConsumptionRecord } from "./entities/consumptionRecord.js";
import { dayAfter, dayStart } from "./resolvers/customerBilling.resolver.js";

const COLUMNS = [
  "bill_cycle",
  "customer_id",
  "trade_time",
  "trade_id",
  "service_type",
  "resource_type",
  "resource_id",
  "resource_name",
  "region",
  "charging_mode",
  "bill_detail_type",
  "official_amount",
  "discount_amount",
  "amount",
  "payment_method",
];
const CHUNK = 2_000;

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break. A text that a
 * spreadsheet would run as a formula (it begins with =, +, -, @, tab or CR) gets a leading
 * apostrophe first (OWASP, CSV injection); amounts, negative ones included, stay numbers.
 */
export function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180's line break. */
const CRLF = "\r\n";
/** Lets Excel (on a zh-CN Windows too) read the file as UTF-8: without it the Chinese names are garbled. */
const BYTE_ORDER_MARK = "\uFEFF";
const line = (r: ConsumptionRecord) =>
  [
    r.billCycle,
    r.customerId,
    r.tradeTime,
    r.tradeId,
    r.serviceType,
    r.resourceType,
    r.resourceId,
    r.resourceName,
    r.region,
    r.chargingMode,
    r.billDetailType,
    formatMinor(r.officialFen),
    formatMinor(r.discountFen),
    formatMinor(r.amountFen),
    r.paymentMethod,
  ]
    .map(csvCell)
    .join(",");

function day(request: Request, name: string): string {
  const value = request.query[name];
  if (typeof value !== "string" || !isCalendarDate(value))
    throw badUserInput(name, `${name} must be a calendar day, YYYY-MM-DD.`);
  return value;
}

/** Writes with backpressure: waits while the client reads what was sent. */
async function write(response: Response, text: string): Promise<void> {
  if (!response.write(text)) await new Promise((resolve) => response.once("drain", resolve));
}

/**
 * `GET /exports/consumption.csv?from=YYYY-MM-DD&to=YYYY-MM-DD[&customerId=…][&bom=0]`: the
 * caller's consumption details, oldest first, streamed in keyset chunks of 2,000 lines so memory
 * stays flat whatever the range. Same visibility as the graph, including the from-assignment
 * rule. UTF-8 with a byte-order mark unless `bom=0`, CRLF lines, cells as RFC 4180 and OWASP say.
 */
export function billingRoutes(
  app: Express,
  {
    db,
    actorOf,
    peers,
  }: { db: DataSource; actorOf(request: Request): Promise<Actor>; peers: Record<SubgraphName, string> },
): void {
  app.get("/exports/:file", async (request, response) => {
    try {
      if (request.params.file !== "consumption.csv")
        throw badUserInput("path", "The export is /exports/consumption.csv.");
      const staff = requireStaff(await actorOf(request));
      const [from, to] = [day(request, "from"), day(request, "to")];
      if (to < from) throw badUserInput("to", "to must be on or after from.");
      const customerId = typeof request.query.customerId === "string" ? request.query.customerId : null;
      const scope = await billingScope(
        { peers, gatewayToken: request.headers.authorization!.slice("Bearer ".length) },
        staff,
      );
      response
        .type("text/csv; charset=utf-8")
        .setHeader("content-disposition", `attachment; filename="consumption-${from}-${to}.csv"`)
        .setHeader(
          "x-consumption-note",
          "For viewing only: not a bill, never the basis for settlement, repayment or invoicing.",
        );
      const bom = request.query.bom === "0" ? "" : BYTE_ORDER_MARK;
      await write(response, `${bom}${COLUMNS.join(",")}${CRLF}`);
      let after: [string, string] | null = null;
      for (;;) {
        const qb = inScope(
          db
            .getRepository(ConsumptionRecord)
            .createQueryBuilder("r")
            .where("r.trade_time < :end", { end: dayAfter(to) }),
          "r",
          scope,
          { column: "r.trade_time", from: dayStart(from) },
        );
        if (customerId) qb.andWhere("r.customer_id = :customerId", { customerId });
        if (after)
          qb.andWhere("(r.trade_time, r.id) > (:afterTime, :afterId)", { afterTime: after[0], afterId: after[1] });
        const rows = await qb.orderBy("r.trade_time", "ASC").addOrderBy("r.id", "ASC").limit(CHUNK).getMany();
        if (rows.length) await write(response, `${rows.map(line).join(CRLF)}${CRLF}`);
        if (rows.length < CHUNK) break;
        after = [rows.at(-1)!.tradeTime, rows.at(-1)!.id];
      }
      response.end();
    } catch (error) {
      if (response.headersSent) response.destroy(error as Error);
      else sendError(response, error);
    }
  });
}
