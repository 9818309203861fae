import type { DataSource } from "typeorm";
import { insertMany } from "../common/database.js";
import { demoCustomers, demoCycles, endOfCycle, startOfCycle, type DemoCustomer, type DemoOptions } from "../common/demo.js";
import { Random } from "../common/random.js";
import { ConsumptionRecord } from "./entities/consumptionRecord.js";
import { CustomerBalance } from "./entities/customerBalance.js";
import { Voucher } from "./entities/voucher.js";

/** Cloud services the demo customers run, with a typical monthly price range in yuan. */
const SERVICES = [
  { serviceType: "ECS", resourceType: "ecs.instance", prefix: "ecs", yuan: [180, 4200] },
  { serviceType: "EVS", resourceType: "evs.volume", prefix: "disk", yuan: [20, 600] },
  { serviceType: "OBS", resourceType: "obs.bucket", prefix: "bucket", yuan: [5, 900] },
  { serviceType: "RDS", resourceType: "rds.instance", prefix: "mysql", yuan: [300, 5200] },
  { serviceType: "CDN", resourceType: "cdn.domain", prefix: "cdn", yuan: [40, 2600] },
  { serviceType: "ELB", resourceType: "elb.loadbalancer", prefix: "elb", yuan: [60, 800] },
  { serviceType: "EIP", resourceType: "vpc.bandwidth", prefix: "eip", yuan: [25, 1500] },
  { serviceType: "CCE", resourceType: "cce.cluster", prefix: "cce", yuan: [400, 6000] },
  { serviceType: "DCS", resourceType: "dcs.redis", prefix: "redis", yuan: [90, 1800] },
  { serviceType: "DDS", resourceType: "dds.mongodb", prefix: "mongo", yuan: [250, 3000] },
] as const;
const REGIONS = ["cn-north-4", "cn-east-3", "cn-south-1", "cn-southwest-2", "ap-southeast-1"];


/** A customer's consumption lines for one bill cycle, drawn from the customer's own stream. */
function recordsOf(demo: DemoOptions, customer: DemoCustomer, cycle: string): ConsumptionRecord[] {
  const random = new Random(`${demo.seed}:consumption:${customer.index}:${cycle}`);
  const shape = new Random(`${demo.seed}:services:${customer.index}`);
  const cycleStart = startOfCycle(cycle);
  const rows: ConsumptionRecord[] = [];
  for (let s = 0; s < customer.size; s++) {
    const service = SERVICES[shape.int(0, SERVICES.length - 1)]!;
    const region = shape.pick(REGIONS);
    const onDemand = shape.chance(0.45);
    const resourceId = shape.uuid().slice(0, 13);
    const lines = onDemand ? random.int(1, 4) : 1;
    for (let line = 0; line < lines; line++) {
      const tradeTime = cycleStart + random.int(0, 27) * 86_400_000 + random.int(0, 86_399) * 1000;
      if (tradeTime < Date.parse(customer.associatedAt)) continue;
      const refund = random.chance(0.015);
      const base = BigInt(random.int(service.yuan[0] * 100, service.yuan[1] * 100)) / BigInt(onDemand ? lines : 1);
      const official = refund ? -base : base;
      const discount = (official * BigInt(random.int(0, 15))) / 100n;
      rows.push(Object.assign(new ConsumptionRecord(), {
        id: random.uuid(),
        partnerId: customer.partnerId,
        customerId: customer.id,
        billCycle: cycle,
        tradeTime: new Date(tradeTime).toISOString(),
        tradeId: `CS${cycle.replace("-", "")}${random.uuid().slice(0, 12).replace("-", "")}`,
        serviceType: service.serviceType,
        resourceType: service.resourceType,
        resourceId,
        resourceName: `${service.prefix}-${customer.accountName.slice(0, 20)}-${s + 1}`,
        region,
        chargingMode: onDemand ? "ON_DEMAND" : "YEARLY_MONTHLY",
        billDetailType: refund ? "REFUND" : onDemand ? "USAGE" : line === 0 && random.chance(0.1) ? "NEW_PURCHASE" : "RENEWAL",
        officialAmount: official,
        discountAmount: discount,
        amount: official - discount,
        paymentMethod: random.weighted([["CASH", 70], ["VOUCHER", 12], ["CREDIT", customer.associationType === "RESALE" ? 3 : 12], ["CASH_COUPON", 5]] as const),
      }));
    }
  }
  return rows;
}

export async function seedBilling(db: DataSource, demo: DemoOptions, progress: (message: string) => void): Promise<void> {
  const cycles = demoCycles(demo);
  const windowEnd = new Date(endOfCycle(demo.until)).toISOString();
  await db.transaction(async (tx) => {
    let records = 0;
    let buffer: ConsumptionRecord[] = [];
    const balances: CustomerBalance[] = [];
    const vouchers: Voucher[] = [];
    for (const customer of demoCustomers(demo)) {
      for (const cycle of cycles) buffer.push(...recordsOf(demo, customer, cycle));
      if (buffer.length >= 20_000) {
        await insertMany(tx, ConsumptionRecord, buffer);
        records += buffer.length;
        buffer = [];
        progress(`consumption records ${records} (customer ${customer.index + 1}/${demo.customers})`);
      }
      const random = new Random(`${demo.seed}:billing:${customer.index}`);
      const resale = customer.associationType === "RESALE";
      balances.push(
        Object.assign(new CustomerBalance(), {
          customerId: customer.id,
          partnerId: customer.partnerId,
          cash: BigInt(random.int(0, 5_000_000)),
          allocated: resale ? BigInt(random.int(0, 2_000_000)) : 0n,
          debt: resale && random.chance(0.04) ? BigInt(random.int(1_000, 300_000)) : 0n,
          updatedAt: windowEnd,
        }),
      );
      for (let v = random.chance(0.3) ? random.int(1, 3) : 0; v > 0; v--) {
        const faceValue = BigInt(random.pick([100, 200, 500, 1000, 2000, 5000])) * 100n;
        const issuedAt = Math.max(Date.parse(customer.associatedAt), endOfCycle(cycles[0]!) - 40 * 86_400_000) + random.int(0, 500) * 86_400_000;
        const status = random.weighted([["USABLE", 55], ["USED", 25], ["EXPIRED", 15], ["RECLAIMED", 5]] as const);
        vouchers.push(
          Object.assign(new Voucher(), {
            id: random.uuid(),
            partnerId: customer.partnerId,
            customerId: customer.id,
            faceValue,
            balance: status === "USABLE" ? (faceValue * BigInt(random.int(20, 100))) / 100n : 0n,
            purchaseScope: [...new Set([random.pick(SERVICES).serviceType, random.pick(SERVICES).serviceType])].join(","),
            newCustomer: customer.newCustomerTag === "YES" && random.chance(0.5),
            status,
            validFrom: new Date(issuedAt).toISOString(),
            validUntil: new Date(issuedAt + random.pick([90, 180, 365]) * 86_400_000).toISOString(),
            issuedAt: new Date(issuedAt).toISOString(),
          }),
        );
      }
    }
    await insertMany(tx, ConsumptionRecord, buffer);
    records += buffer.length;
    await insertMany(tx, CustomerBalance, balances);
    await insertMany(tx, Voucher, vouchers);
    progress(`${records} consumption records, ${balances.length} balances, ${vouchers.length} vouchers`);
  });
}
