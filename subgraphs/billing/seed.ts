import type { DataSource } from "typeorm";
import { insertMany } from "../common/database.js";
import { rollUpConsumptionDays } from "./consumptionDays.js";
import {
  demoCustomers,
  demoCycles,
  demoPartners,
  endOfCycle,
  startOfCycle,
  type DemoCustomer,
  type DemoOptions,
} from "../../common/demo.js";
import { Random } from "../../common/random.js";
import {
  BillDetailType,
  ChargingMode,
  ConsumptionRecord,
  FundingSource,
  Payer,
  PaymentMethod,
} from "./entities/consumptionRecord.js";
import { Invoice, InvoiceStatus } from "./entities/invoice.js";
import { INVOICE_VAT_BASIS_POINTS, taxIncluded } from "./invoices.js";
import { CustomerBalance } from "./entities/customerBalance.js";
import { MarketplaceProduct } from "./entities/marketplaceProduct.js";
import { PartnerAccount } from "./entities/partnerAccount.js";
import { ProductDiscount } from "./entities/productDiscount.js";
import { Voucher, VoucherStatus } from "./entities/voucher.js";
import { VoucherOperation, VoucherOperationKind } from "./entities/voucherOperation.js";
import { QuotaStatus, QuotaType, VoucherQuota } from "./entities/voucherQuota.js";
import { QuotaApplicationStatus, VoucherQuotaApplication } from "./entities/voucherQuotaApplication.js";

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

/**
 * Who pays a line, from how it was paid, so the lines' other draws stay as they were: a resale
 * customer spends allocated funds (cash), vouchers or its own credit; about one consulting-sales
 * customer in seven has its partner pay for it.
 */
function payerOf(demo: DemoOptions, customer: DemoCustomer, method: PaymentMethod) {
  if (customer.associationType === "RESALE") {
    const fundingSource =
      method === PaymentMethod.CASH
        ? FundingSource.ALLOCATED_FUNDS
        : method === PaymentMethod.CREDIT
          ? FundingSource.CUSTOMER_CASH
          : FundingSource.VOUCHER;
    return { payer: Payer.CUSTOMER, fundingSource };
  }
  const partnerPays = new Random(`${demo.seed}:payer:${customer.index}`).chance(0.15);
  return { payer: partnerPays && method === PaymentMethod.CASH ? Payer.PARTNER : Payer.CUSTOMER, fundingSource: null };
}

/** A customer's consumption lines for one bill cycle, drawn from the customer's own stream. */
function* recordsOf(demo: DemoOptions, customer: DemoCustomer, cycle: string): Generator<ConsumptionRecord> {
  const random = new Random(`${demo.seed}:consumption:${customer.index}:${cycle}`);
  const shape = new Random(`${demo.seed}:services:${customer.index}`);
  const cycleStart = startOfCycle(cycle);
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
      const paymentMethod = random.weighted([
        [PaymentMethod.CASH, 70],
        [PaymentMethod.VOUCHER, 12],
        [PaymentMethod.CREDIT, customer.associationType === "RESALE" ? 3 : 12],
        [PaymentMethod.CASH_COUPON, 5],
      ] as const);
      yield Object.assign(new ConsumptionRecord(), {
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
        chargingMode: onDemand ? ChargingMode.ON_DEMAND : ChargingMode.YEARLY_MONTHLY,
        billDetailType: refund
          ? BillDetailType.REFUND
          : onDemand
            ? BillDetailType.USAGE
            : line === 0 && random.chance(0.1)
              ? BillDetailType.NEW_PURCHASE
              : BillDetailType.RENEWAL,
        officialFen: official,
        discountFen: discount,
        amountFen: official - discount,
        paymentMethod,
        ...payerOf(demo, customer, paymentMethod),
      });
    }
  }
}

export async function seedBilling(
  db: DataSource,
  demo: DemoOptions,
  progress: (message: string) => void,
): Promise<void> {
  const cycles = demoCycles(demo);
  const windowEnd = new Date(endOfCycle(demo.until)).toISOString();
  const quotas = quotasOf(demo);
  await db.transaction(async (tx) => {
    let records = 0;
    let buffer: ConsumptionRecord[] = [];
    const balances: CustomerBalance[] = [];
    const vouchers: SeededVoucher[] = [];
    const invoiced = new Invoices(cycles.slice(-2));
    for (const customer of demoCustomers(demo)) {
      for (const cycle of cycles) {
        for (const record of recordsOf(demo, customer, cycle)) {
          invoiced.add(record);
          buffer.push(record);
          if (buffer.length < 20_000) continue;
          await insertMany(tx, ConsumptionRecord, buffer);
          records += buffer.length;
          buffer = [];
          progress(`consumption records ${records} (customer ${customer.index + 1}/${demo.customers})`);
        }
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
      vouchers.push(...vouchersOf(demo, customer, quotas.get(customer.partnerId)![0]!));
    }
    await insertMany(tx, ConsumptionRecord, buffer);
    records += buffer.length;
    await rollUpConsumptionDays(tx);
    await insertMany(tx, CustomerBalance, balances);
    await insertMany(
      tx,
      Voucher,
      vouchers.map((v) => v.voucher),
    );
    await insertMany(
      tx,
      VoucherOperation,
      vouchers.flatMap((v) => v.operations),
    );
    for (const quota of [...quotas.values()].flat()) {
      // What the seeded vouchers took from the quota and, when they closed, gave back.
      const issued = vouchers.filter((v) => v.voucher.quotaId === quota.id);
      quota.balanceFen -= issued.reduce((sum, v) => sum + v.voucher.faceValueFen - v.returned, 0n);
    }
    await insertMany(tx, VoucherQuota, [...quotas.values()].flat());
    await insertMany(tx, VoucherQuotaApplication, quotaApplicationsOf(demo, quotas));
    await insertMany(tx, PartnerAccount, accountsOf(demo));
    await insertMany(tx, Invoice, invoiced.list());
    const products = productsOf(demo);
    await insertMany(tx, MarketplaceProduct, products);
    await insertMany(tx, ProductDiscount, productDiscountsOf(demo, products));
    progress(
      `${records} consumption records, ${balances.length} balances, ${vouchers.length} vouchers, ${products.length} marketplace products`,
    );
  });
}

/**
 * The demo's resale invoices, as prepareInvoices makes them: the cycle before the last issued,
 * the last one in draft.
 */
class Invoices {
  private readonly totals = new Map<string, Pick<Invoice, "partnerId" | "customerId" | "billCycle" | "amountFen">>();
  constructor(private readonly cycles: string[]) {}

  add(record: ConsumptionRecord): void {
    if (!record.fundingSource || !this.cycles.includes(record.billCycle)) return;
    const key = `${record.customerId}:${record.billCycle}`;
    const total = this.totals.get(key) ?? { ...record, amountFen: 0n };
    total.amountFen += record.amountFen;
    this.totals.set(key, total);
  }

  list(): Invoice[] {
    const random = new Random("invoices");
    return [...this.totals.values()]
      .filter((total) => total.amountFen > 0n)
      .map(({ partnerId, customerId, billCycle, amountFen }) => {
        const issued = billCycle === this.cycles[0];
        const at = new Date(endOfCycle(billCycle) + 2 * DAY).toISOString();
        return Object.assign(new Invoice(), {
          id: random.uuid(),
          partnerId,
          customerId,
          billCycle,
          amountFen,
          taxFen: taxIncluded(amountFen),
          taxRateBasisPoints: INVOICE_VAT_BASIS_POINTS,
          status: issued ? InvoiceStatus.ISSUED : InvoiceStatus.DRAFT,
          createdAt: at,
          issuedAt: issued ? at : null,
        });
      });
  }
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const yuan = (n: number) => BigInt(n) * 100n;
const QUOTA_SCOPE = ["ECS", "EVS", "OBS", "RDS", "CDN"];

/** Each partner's quotas: a voucher quota (the one seeded vouchers came from), a cash-coupon quota, an expired one. */
function quotasOf(demo: DemoOptions): Map<string, VoucherQuota[]> {
  return new Map(
    demoPartners(demo.seed).map((partner, p) => {
      const random = new Random(`${demo.seed}:quotas:${p}`);
      const quota = (type: QuotaType, value: number, scope: string[], effectiveAt: string, expiresAt: string) =>
        Object.assign(new VoucherQuota(), {
          id: random.uuid(),
          partnerId: partner.id,
          type,
          valueFen: yuan(value),
          balanceFen: yuan(value),
          serviceTypeList: scope.join(","),
          effectiveAt,
          expiresAt,
          status: QuotaStatus.NORMAL,
        });
      return [
        partner.id,
        [
          quota(
            QuotaType.VOUCHER,
            600_000 - p * 150_000,
            QUOTA_SCOPE,
            "2024-01-01T00:00:00.000Z",
            "2027-12-31T23:59:59.000Z",
          ),
          quota(
            QuotaType.CASH_COUPON,
            100_000,
            SERVICES.map((s) => s.serviceType),
            "2025-01-01T00:00:00.000Z",
            "2027-06-30T23:59:59.000Z",
          ),
          quota(QuotaType.VOUCHER, 50_000, ["ECS"], "2024-01-01T00:00:00.000Z", "2025-12-31T23:59:59.000Z"),
        ],
      ];
    }),
  );
}

/**
 * Each partner's quota applications: the one its main voucher quota was granted on, a
 * rejected one, and one under review (for the platform's queue).
 */
function quotaApplicationsOf(demo: DemoOptions, quotas: Map<string, VoucherQuota[]>): VoucherQuotaApplication[] {
  return demoPartners(demo.seed).flatMap((partner, p) => {
    const random = new Random(`${demo.seed}:quota-applications:${p}`);
    const granted = quotas.get(partner.id)![0]!;
    const application = (
      type: QuotaType,
      amountFen: bigint,
      appliedAt: string,
      status: QuotaApplicationStatus,
      reason: string,
      comment: string | null = null,
    ) =>
      Object.assign(new VoucherQuotaApplication(), {
        id: random.uuid(),
        partnerId: partner.id,
        type,
        amountFen,
        validityMonths: 24,
        serviceTypeList: QUOTA_SCOPE.join(","),
        reason,
        appliedBy: "seed",
        appliedAt,
        status,
        reviewedAt: status === QuotaApplicationStatus.UNDER_REVIEW ? null : iso(Date.parse(appliedAt) + 3 * DAY),
        comment,
        quotaId: status === QuotaApplicationStatus.APPROVED ? granted.id : null,
        // Decided before the approval feed carried quota decisions: nothing to announce.
        announcedAt: status === QuotaApplicationStatus.UNDER_REVIEW ? null : iso(Date.parse(appliedAt) + 3 * DAY),
      });
    return [
      application(
        QuotaType.VOUCHER,
        granted.valueFen,
        "2023-12-20T02:00:00.000Z",
        QuotaApplicationStatus.APPROVED,
        "Vouchers for the 2024 campaigns",
      ),
      application(
        QuotaType.CASH_COUPON,
        yuan(500_000),
        "2026-06-01T02:00:00.000Z",
        QuotaApplicationStatus.REJECTED,
        "Coupons for a summer promotion",
        "More than the partner's consumption supports; apply for less.",
      ),
      application(
        QuotaType.VOUCHER,
        yuan(200_000 - p * 50_000),
        iso(Date.now() - (p + 1) * DAY),
        QuotaApplicationStatus.UNDER_REVIEW,
        "Vouchers for new customers next year",
      ),
    ];
  });
}

interface SeededVoucher {
  voucher: Voucher;
  operations: VoucherOperation[];
  /** What went back to the quota when it closed. */
  returned: bigint;
}

/** Some customers hold vouchers: usable (partly spent), used up, expired or reclaimed, with their operation records. */
function vouchersOf(demo: DemoOptions, customer: DemoCustomer, quota: VoucherQuota): SeededVoucher[] {
  const random = new Random(`${demo.seed}:vouchers:${customer.index}`);
  const seeded: SeededVoucher[] = [];
  for (let v = random.chance(0.3) ? random.int(1, 3) : 0; v > 0; v--) {
    const face = yuan(random.pick([100, 200, 500, 1000, 2000, 5000]));
    const issuedAt =
      Math.max(Date.parse(customer.associatedAt), Date.parse("2025-01-01T00:00:00.000Z")) + random.int(0, 300) * DAY;
    const status = random.weighted([
      [VoucherStatus.USABLE, 55],
      [VoucherStatus.USED, 25],
      [VoucherStatus.EXPIRED, 15],
      [VoucherStatus.RECLAIMED, 5],
    ] as const);
    const left = status === VoucherStatus.USED ? 0n : (face * BigInt(random.int(20, 100))) / 100n;
    const voucher = Object.assign(new Voucher(), {
      id: random.uuid(),
      partnerId: customer.partnerId,
      customerId: customer.id,
      quotaId: quota.id,
      faceValueFen: face,
      balanceFen: status === VoucherStatus.USABLE ? left : 0n,
      scope: [...new Set([random.pick(QUOTA_SCOPE), random.pick(QUOTA_SCOPE)])].join(","),
      newCustomer: customer.newCustomerTag === "YES" && random.chance(0.5),
      status,
      validFrom: iso(issuedAt),
      // Usable ones stay valid for the demo; expired ones ended after a quarter.
      validUntil: status === VoucherStatus.EXPIRED ? iso(issuedAt + 90 * DAY) : "2027-06-30T00:00:00.000Z",
      issuedAt: iso(issuedAt),
      memo: null,
    });
    const op = (kind: VoucherOperationKind, amountFen: bigint, at: number) =>
      Object.assign(new VoucherOperation(), {
        id: random.uuid(),
        voucherId: voucher.id,
        partnerId: voucher.partnerId,
        kind,
        amountFen,
        createdAt: iso(at),
      });
    const operations = [op(VoucherOperationKind.ISSUE, face, issuedAt)];
    if (face > left) operations.push(op(VoucherOperationKind.REDEEM, face - left, issuedAt + 20 * DAY));
    const closing =
      status === VoucherStatus.EXPIRED
        ? VoucherOperationKind.EXPIRY_RECLAIM
        : status === VoucherStatus.RECLAIMED
          ? VoucherOperationKind.RECLAIM
          : null;
    if (closing) operations.push(op(closing, left, issuedAt + 90 * DAY));
    seeded.push({ voucher, operations, returned: closing ? left : 0n });
  }
  return seeded;
}

/** Partner accounts by type; the first two partners may set customer discounts. */
function accountsOf(demo: DemoOptions): PartnerAccount[] {
  return demoPartners(demo.seed).map((partner, p) =>
    Object.assign(new PartnerAccount(), {
      partnerId: partner.id,
      cash: yuan([3_000_000, 1_200_000, 800_000][p]!),
      credit: yuan([500_000, 200_000, 0][p]!),
      bonus: yuan([12_000, 3_500, 800][p]!),
      deposit: yuan([100_000, 50_000, 20_000][p]!),
      ringFenced: yuan([150_000, 60_000, 40_000][p]!),
      discountPermission: p < 2,
    }),
  );
}

const PRODUCTS = [
  ["Website builder, business edition", "ECS", "per year", 1_680_00],
  ["Managed MySQL, 4 vCPU 16 GB", "RDS", "per month", 1_499_00],
  ["Enterprise mailbox, 50 seats", "OBS", "per year", 6_000_00],
  ["Web application firewall", "ELB", "per month", 3_880_00],
  ["CDN traffic package, 10 TB", "CDN", "per package", 1_260_00],
  ["Container cluster, standard", "CCE", "per month", 2_299_90],
  ["Redis, 8 GB master/standby", "DCS", "per month", 899_50],
  ["SSL certificate, wildcard OV", "ELB", "per year", 4_999_00],
] as const;

function productsOf(demo: DemoOptions): MarketplaceProduct[] {
  const random = new Random(`${demo.seed}:marketplace`);
  return PRODUCTS.map(([name, serviceType, unit, fen]) =>
    Object.assign(new MarketplaceProduct(), { id: random.uuid(), name, serviceType, unit, listPriceFen: BigInt(fen) }),
  );
}

/** Resellers discount some marketplace products for their customers. */
function productDiscountsOf(demo: DemoOptions, products: MarketplaceProduct[]): ProductDiscount[] {
  return demoPartners(demo.seed)
    .filter((partner) => partner.type === "RESELLER")
    .flatMap((partner, p) =>
      products
        .filter((_, i) => (i + p) % 3 === 0)
        .map((product, i) =>
          Object.assign(new ProductDiscount(), {
            partnerId: partner.id,
            productId: product.id,
            rateBasisPoints: [9_500, 9_000, 8_800][i % 3]!,
          }),
        ),
    );
}
