import type { StaffRole } from "./actor.js";
import { Random } from "./random.js";

/**
 * The demo world: partners, their staff and their customers, drawn deterministically from a
 * seed. Every subgraph's seed writes its own slice of it, so ids agree across the four
 * databases without any subgraph reading another's tables. Record n depends only on the seed
 * and n, so a larger data set extends a smaller one.
 */
export interface DemoOptions {
  seed: number;
  customers: number;
  months: number;
  /** The last bill cycle with consumption, YYYY-MM; fixed so the data set never drifts. */
  until: string;
  /**
   * About how many consumption records the first customer (a partner's biggest account) has
   * over the window; unset, it is drawn like everyone's. For deep-paging benchmarks.
   */
  largestCustomer?: number;
}

export const DEFAULT_DEMO: DemoOptions = { seed: 1, customers: 2000, months: 24, until: "2026-10" };

export interface DemoStaff {
  id: string;
  partnerId: string;
  name: string;
  email: string;
  role: StaffRole;
  supervisorId: string | null;
}

export interface DemoPartner {
  id: string;
  name: string;
  type: "RESELLER" | "SOLUTION_PROVIDER";
  taxpayerType: "GENERAL" | "SMALL_SCALE";
  joinedAt: string;
  /** Share of the customers this partner brings. */
  weight: number;
  staff: DemoStaff[];
}

export interface DemoCustomer {
  index: number;
  id: string;
  partnerId: string;
  realName: string;
  accountName: string;
  customerType: "ENTERPRISE" | "INDIVIDUAL";
  associationType: "CONSULTING_SALES" | "RESALE";
  source: "PARTNER_API" | "IAM" | "INVITATION";
  associatedAt: string;
  label: string | null;
  newCustomerTag: "YES" | "NO" | "UNDETERMINED";
  managerId: string | null;
  managerAssignedAt: string | null;
  /** How much this customer consumes: scales its monthly records. */
  size: number;
}

const PARTNERS = [
  {
    name: "杭州云途科技有限公司",
    type: "RESELLER",
    taxpayerType: "GENERAL",
    joinedAt: "2017-06-12T02:00:00.000Z",
    weight: 0.45,
  },
  {
    name: "深圳数智方案技术有限公司",
    type: "SOLUTION_PROVIDER",
    taxpayerType: "SMALL_SCALE",
    joinedAt: "2020-07-01T02:00:00.000Z",
    weight: 0.35,
  },
  {
    name: "成都锦云信息服务有限公司",
    type: "RESELLER",
    taxpayerType: "SMALL_SCALE",
    joinedAt: "2021-11-09T02:00:00.000Z",
    weight: 0.2,
  },
] as const;

const SURNAMES = [
  "王",
  "李",
  "张",
  "刘",
  "陈",
  "杨",
  "黄",
  "赵",
  "吴",
  "周",
  "徐",
  "孙",
  "马",
  "朱",
  "胡",
  "郭",
  "何",
  "林",
  "罗",
  "高",
];
const GIVEN = [
  "伟",
  "芳",
  "娜",
  "敏",
  "静",
  "磊",
  "洋",
  "勇",
  "艳",
  "杰",
  "涛",
  "明",
  "超",
  "秀英",
  "建华",
  "晓东",
  "海燕",
  "志强",
  "丽娟",
  "文博",
  "子涵",
  "雨桐",
];
const CITIES = [
  ["杭州", "hz"],
  ["上海", "sh"],
  ["北京", "bj"],
  ["深圳", "sz"],
  ["广州", "gz"],
  ["成都", "cd"],
  ["南京", "nj"],
  ["武汉", "wh"],
  ["苏州", "su"],
  ["西安", "xa"],
] as const;
const BRANDS = [
  ["蓝海", "lanhai"],
  ["星辰", "xingchen"],
  ["云帆", "yunfan"],
  ["启明", "qiming"],
  ["华信", "huaxin"],
  ["德睿", "derui"],
  ["远航", "yuanhang"],
  ["智联", "zhilian"],
  ["恒通", "hengtong"],
  ["博雅", "boya"],
  ["万象", "wanxiang"],
  ["嘉禾", "jiahe"],
  ["瑞丰", "ruifeng"],
  ["天成", "tiancheng"],
] as const;
const TRADES = [
  ["网络科技", "tech"],
  ["电子商务", "shop"],
  ["教育科技", "edu"],
  ["智能制造", "mfg"],
  ["游戏", "game"],
  ["医疗科技", "med"],
  ["物流", "logi"],
  ["文化传媒", "media"],
] as const;
const LABELS = ["key account", "gaming", "e-commerce", "education", "manufacturing", "startup"];

const iso = (ms: number) => new Date(ms).toISOString();
const personName = (random: Random) => random.pick(SURNAMES) + random.pick(GIVEN);

/** The first instant of bill cycle `cycle` (YYYY-MM), in ms. */
export function startOfCycle(cycle: string): number {
  const [year, month] = cycle.split("-").map(Number) as [number, number];
  return Date.UTC(year, month - 1, 1);
}

/** The first instant after bill cycle `cycle` (YYYY-MM), in ms. */
export function endOfCycle(cycle: string): number {
  const [year, month] = cycle.split("-").map(Number) as [number, number];
  return Date.UTC(year, month, 1);
}

export function demoPartners(seed: number): DemoPartner[] {
  return PARTNERS.map((partner, p) => {
    const random = new Random(`${seed}:partner:${p}`);
    const id = random.uuid();
    const member = (n: number, role: StaffRole, supervisorId: string | null): DemoStaff => {
      const person = new Random(`${seed}:staff:${p}:${n}`);
      return {
        id: person.uuid(),
        partnerId: id,
        name: personName(person),
        email: `staff${n}.p${p + 1}@partner.example`,
        role,
        supervisorId,
      };
    };
    const admin = member(0, "admin", null);
    const supervisors = [member(1, "supervisor", null), member(2, "supervisor", null)];
    const managers = Array.from({ length: 6 }, (_, m) => member(3 + m, "manager", supervisors[m % 2]!.id));
    const analyst = member(9, "analyst", null);
    return { ...partner, id, staff: [admin, ...supervisors, ...managers, analyst] };
  });
}

export function demoCustomer(options: DemoOptions, partners: DemoPartner[], index: number): DemoCustomer {
  const random = new Random(`${options.seed}:customer:${index}`);
  const id = random.uuid();
  const partner = random.weighted(partners.map((p) => [p, p.weight] as const));
  const enterprise = random.chance(0.7);
  const [city, cityCode] = random.pick(CITIES);
  const [brand, brandCode] = random.pick(BRANDS);
  const [trade, tradeCode] = random.pick(TRADES);
  const realName = enterprise ? `${city}${brand}${trade}有限公司` : personName(random);
  const accountName = `${enterprise ? brandCode : "u"}_${enterprise ? tradeCode : cityCode}_${index.toString(36)}`;
  const source = random.weighted([
    ["INVITATION", 70],
    ["PARTNER_API", 20],
    ["IAM", 10],
  ] as const);
  // Customers created through the partner's API or IAM are resale (docs/domain.md).
  const associationType = source === "INVITATION" && random.chance(0.65) ? "CONSULTING_SALES" : "RESALE";
  const windowEnd = endOfCycle(options.until);
  const earliest = Date.parse(partner.joinedAt);
  // Most customers joined before the consumption window, some during it.
  const associatedAtMs = earliest + Math.floor(random.next() ** 0.7 * (windowEnd - earliest - 86_400_000));
  const managers = partner.staff.filter((s) => s.role === "manager");
  const assigned = random.chance(0.85);
  const assignedAtMs = Math.min(associatedAtMs + Math.floor(random.next() * 400 * 86_400_000), windowEnd - 3_600_000);
  return {
    index,
    id,
    partnerId: partner.id,
    realName,
    accountName,
    customerType: enterprise ? "ENTERPRISE" : "INDIVIDUAL",
    associationType,
    source,
    associatedAt: iso(associatedAtMs),
    label: random.chance(0.6) ? random.pick(LABELS) : null,
    newCustomerTag: random.weighted([
      ["NO", 60],
      ["YES", 30],
      ["UNDETERMINED", 10],
    ] as const),
    managerId: assigned ? random.pick(managers).id : null,
    managerAssignedAt: assigned ? iso(assignedAtMs) : null,
    // A record line per service per cycle, about 1.68 on average (on-demand services bill several).
    size:
      index === 0 && options.largestCustomer
        ? Math.max(1, Math.round(options.largestCustomer / (options.months * 1.68)))
        : enterprise
          ? random.int(2, 10)
          : random.int(1, 3),
  };
}

export function* demoCustomers(options: DemoOptions): Generator<DemoCustomer> {
  const partners = demoPartners(options.seed);
  for (let index = 0; index < options.customers; index++) yield demoCustomer(options, partners, index);
}

/** Bill cycles of the window, oldest first: `months` cycles ending with `until`. */
export function demoCycles(options: DemoOptions): string[] {
  const [year, month] = options.until.split("-").map(Number) as [number, number];
  return Array.from({ length: options.months }, (_, i) => {
    const d = new Date(Date.UTC(year, month - options.months + i, 1));
    return d.toISOString().slice(0, 7);
  });
}

/** Parses `--customers 5000 --months 12 --seed 7 --until 2026-10` over the defaults. */
export function demoOptionsFrom(values: Partial<Record<keyof DemoOptions, string | undefined>>): DemoOptions {
  const number = (name: keyof DemoOptions, fallback: number, min: number) => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be an integer of at least ${min}; got "${raw}".`);
    return n;
  };
  const until = values.until ?? DEFAULT_DEMO.until;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(until)) throw new Error(`--until must be a bill cycle YYYY-MM; got "${until}".`);
  return {
    seed: number("seed", DEFAULT_DEMO.seed, 0),
    customers: number("customers", DEFAULT_DEMO.customers, 1),
    months: number("months", DEFAULT_DEMO.months, 1),
    until,
    ...(values.largestCustomer !== undefined ? { largestCustomer: number("largestCustomer", 0, 1) } : {}),
  };
}
