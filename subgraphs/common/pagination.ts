import { ArgsType, Directive, Field, Int, ObjectType, registerEnumType, type ClassType } from "type-graphql";
import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { badUserInput } from "../../common/errors.js";
import { memoized } from "./loaders.js";

/** One maximum for every list, cursor or offset (docs/domain.md, conventions). */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 10;

@Directive("@shareable")
@ObjectType({ description: "Where a connection page sits in its list (Relay cursor connections)." })
export class PageInfo {
  @Field(() => Boolean, { description: "Whether records follow this page." })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: "Whether records precede this page." })
  hasPreviousPage!: boolean | Promise<boolean>;

  @Field(() => String, { nullable: true, description: "Cursor of the first edge; null on an empty page." })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Cursor of the last edge; pass it as `after` for the next page.",
  })
  endCursor!: string | null;
}

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Page size from the start (or after \`after\`); 0 to ${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}.`,
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: "Return records after this cursor (an endCursor or edge cursor of this list).",
  })
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `Page size from the end (or before \`before\`); 0 to ${MAX_PAGE_SIZE}. Not with \`first\`.`,
  })
  last?: number | null;

  @Field(() => String, { nullable: true, description: "Return records before this cursor." })
  before?: string | null;
}

@ArgsType()
export class OffsetArgs {
  @Field(() => Int, {
    defaultValue: 0,
    description: "How many matching records to skip, counted from the first match (0-based).",
  })
  offset!: number;

  @Field(() => Int, {
    defaultValue: DEFAULT_PAGE_SIZE,
    description: `How many records to return, 0 to ${MAX_PAGE_SIZE}.`,
  })
  limit!: number;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  readonly totalCount: Promise<number>;
}
export interface Page<T> {
  items: T[];
  offset: number;
  limit: number;
  readonly totalCount: Promise<number>;
}

/** `XConnection` and `XEdge` types for a node type; the subclass names the connection. */
export function ConnectionType<T extends object>(Node: ClassType<T>) {
  @ObjectType(`${Node.name}Edge`, { description: `One ${Node.name} in a connection, with its cursor.` })
  class EdgeType {
    @Field(() => String, { description: "Opaque position of this record; pass it as `after` or `before`." })
    cursor!: string;

    @Field(() => Node, { description: `The ${Node.name}.` })
    node!: T;
  }

  @ObjectType()
  abstract class ConnectionClass {
    @Field(() => [EdgeType], { description: "The records of this page, each with its cursor." })
    edges!: Edge<T>[];

    @Field(() => PageInfo, {
      description: "Where this page sits: whether more records follow or precede, and the cursors to get them.",
    })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "How many records match the filter, across all pages." })
    totalCount!: number;
  }
  return ConnectionClass;
}

/** `XPage` for a node type: the offset/limit page of the original API. */
export function PageType<T extends object>(Node: ClassType<T>) {
  @ObjectType()
  abstract class PageClass {
    @Field(() => [Node], { description: "The records of this page, in the list's order." })
    items!: T[];

    @Field(() => Int, { description: "How many records match the filter, across all pages." })
    totalCount!: number;

    @Field(() => Int, { description: "The offset this page starts at." })
    offset!: number;

    @Field(() => Int, { description: "The page size asked for." })
    limit!: number;
  }
  return PageClass;
}

/**
 * A list's order: a non-null sort column plus the id as tie-breaker. `name` goes into
 * cursors, so a cursor of one order is refused by another.
 */
export interface SortOrder<T> {
  name: string;
  column: string;
  idColumn: string;
  direction: "ASC" | "DESC";
  idOf(row: T): string;
  /** The sort value of a row, written into its cursor. */
  keyOf?(row: T): string | number;
  /**
   * For a sort value that must not travel in a cursor (a masked name): SQL that finds it
   * from the cursor's id parameter; the cursor then holds the id only.
   */
  keyFromId?(idParameter: string): string;
}

type Key = [string | number, string];

function checkSize(argument: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw badUserInput(argument, `${argument} must be between 0 and ${MAX_PAGE_SIZE}; got ${value}.`);
  }
  return value;
}

export function encodeCursor(orderName: string, key: Key): string {
  return Buffer.from(JSON.stringify([orderName, ...key])).toString("base64url");
}

export function decodeCursor(argument: string, cursor: string, orderName: string): Key {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parts = null;
  }
  if (
    !Array.isArray(parts) ||
    parts.length !== 3 ||
    parts[0] !== orderName ||
    !["string", "number"].includes(typeof parts[1]) ||
    typeof parts[2] !== "string" ||
    cursor.length > 512
  ) {
    throw badUserInput(
      argument,
      `${argument} is not a cursor of this list in this order; pass a cursor this list returned.`,
    );
  }
  return [parts[1] as string | number, parts[2]];
}

let uniqueParameter = 0;

/** `(sort, id)` strictly past `key` in direction `dir`; row values use the (sort, id) index. */
function past<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  order: SortOrder<T>,
  key: Key,
  dir: "ASC" | "DESC",
  orEqual = false,
): SelectQueryBuilder<T> {
  const n = ++uniqueParameter;
  const op = (dir === "ASC" ? ">" : "<") + (orEqual ? "=" : "");
  const sortValue = order.keyFromId ? order.keyFromId(`:i${n}`) : `:k${n}`;
  return qb.andWhere(`(${order.column}, ${order.idColumn}) ${op} (${sortValue}, :i${n})`, {
    [`k${n}`]: key[0],
    [`i${n}`]: key[1],
  });
}

const flip = (dir: "ASC" | "DESC") => (dir === "ASC" ? "DESC" : "ASC");

export function countOf<T extends ObjectLiteral>(base: SelectQueryBuilder<T>): () => Promise<number> {
  return memoized(async () => {
    const row = await base.clone().select("COUNT(*)", "n").getRawOne<{ n: number | string }>();
    return Number(row?.n ?? 0);
  });
}

async function exists<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, order: SortOrder<T>): Promise<boolean> {
  return (await qb.select(order.idColumn, "id").limit(1).getRawOne()) !== undefined;
}

/**
 * A Relay connection over `base` (filter and visibility already applied) by keyset:
 * any page costs what the first costs, and cursors survive inserts and deletes.
 */
export async function connection<T extends ObjectLiteral>(
  base: SelectQueryBuilder<T>,
  order: SortOrder<T>,
  args: ConnectionArgs,
): Promise<Connection<T>> {
  if (args.first != null && args.last != null) throw badUserInput("first", "Pass either first or last, not both.");
  const forward = args.last == null;
  const size = forward ? checkSize("first", args.first ?? DEFAULT_PAGE_SIZE) : checkSize("last", args.last!);
  const after = args.after != null ? decodeCursor("after", args.after, order.name) : null;
  const before = args.before != null ? decodeCursor("before", args.before, order.name) : null;

  const page = base.clone();
  if (after) past(page, order, after, order.direction);
  if (before) past(page, order, before, flip(order.direction));
  const dir = forward ? order.direction : flip(order.direction);
  const rows = await page
    .orderBy(order.column, dir)
    .addOrderBy(order.idColumn, dir)
    .limit(size + 1)
    .getMany();
  const more = rows.length > size;
  const nodes = rows.slice(0, size);
  if (!forward) nodes.reverse();

  const edges = nodes.map((node) => ({
    cursor: encodeCursor(order.name, [order.keyOf?.(node) ?? 0, order.idOf(node)]),
    node,
  }));
  // Records on the far side of the cursor we came from, asked only when the field is read.
  const beyondAfter = memoized(async () =>
    after ? exists(past(base.clone(), order, after, flip(order.direction), true), order) : false,
  );
  const beyondBefore = memoized(async () =>
    before ? exists(past(base.clone(), order, before, order.direction, true), order) : false,
  );
  const pageInfo = {
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
    get hasNextPage() {
      return forward ? more : beyondBefore();
    },
    get hasPreviousPage() {
      return forward ? beyondAfter() : more;
    },
  } as unknown as PageInfo;
  const total = countOf(base);
  return {
    edges,
    pageInfo,
    get totalCount() {
      return total();
    },
  };
}

/** The original API's page: `offset` from the first match, same filter and order as the connection. */
export async function offsetPage<T extends ObjectLiteral>(
  base: SelectQueryBuilder<T>,
  order: SortOrder<T>,
  args: OffsetArgs,
): Promise<Page<T>> {
  if (!Number.isInteger(args.offset) || args.offset < 0) {
    throw badUserInput("offset", `offset must be 0 or more; got ${args.offset}.`);
  }
  const limit = checkSize("limit", args.limit);
  const items = await base
    .clone()
    .orderBy(order.column, order.direction)
    .addOrderBy(order.idColumn, order.direction)
    .offset(args.offset)
    .limit(limit)
    .getMany();
  const total = countOf(base);
  return {
    items,
    offset: args.offset,
    limit,
    get totalCount() {
      return total();
    },
  };
}

export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(OrderDirection, {
  name: "OrderDirection",
  description: "Sort direction.",
  valuesConfig: {
    ASC: { description: "Smallest (or earliest) first." },
    DESC: { description: "Largest (or latest) first." },
  },
});

/** How a batch finds each parent's rows: which column holds the parent, and a row's parent. */
export interface Parent<T> {
  column: string;
  keyOf(row: T): string;
}

/** Rows ranked `low` < rank <= `high` per parent, in one statement (ROW_NUMBER() over each parent's rows). */
async function rankedByParent<T extends ObjectLiteral>(
  base: SelectQueryBuilder<T>,
  parent: Parent<T>,
  parentKeys: readonly string[],
  order: SortOrder<T>,
  low: number,
  high: number,
): Promise<Map<string, T[]>> {
  const scoped = base.clone().andWhere(`${parent.column} IN (:...parentKeys)`, { parentKeys });
  const ranked = scoped
    .clone()
    .select([`${parent.column} AS rank_parent`, `${order.idColumn} AS rank_id`])
    .addSelect(
      `ROW_NUMBER() OVER (PARTITION BY ${parent.column} ORDER BY ${order.column} ${order.direction}, ${order.idColumn} ${order.direction})`,
      "rank_position",
    );
  const rows = await scoped
    .andWhere(
      `(${parent.column}, ${order.idColumn}) IN (SELECT rank_parent, rank_id FROM (${ranked.getQuery()}) ranked WHERE rank_position > ${low} AND rank_position <= ${high})`,
    )
    .orderBy(order.column, order.direction)
    .addOrderBy(order.idColumn, order.direction)
    .getMany();
  const byParent = new Map<string, T[]>(parentKeys.map((key) => [key, []]));
  for (const row of rows) byParent.get(parent.keyOf(row))?.push(row);
  return byParent;
}

/** Each parent's row count, in one GROUP BY, asked only if a page's totalCount is read. */
function countsByParent<T extends ObjectLiteral>(
  base: SelectQueryBuilder<T>,
  parent: Parent<T>,
  parentKeys: readonly string[],
): () => Promise<Map<string, number>> {
  return memoized(async () => {
    const totals = await base
      .clone()
      .andWhere(`${parent.column} IN (:...parentKeys)`, { parentKeys })
      .select(parent.column, "parent")
      .addSelect("COUNT(*)", "n")
      .groupBy(parent.column)
      .getRawMany<{ parent: string; n: number | string }>();
    return new Map(totals.map((t) => [t.parent, Number(t.n)]));
  });
}

/**
 * First pages of one connection per parent (a manager's customers, a customer's vouchers) in
 * one statement. Only `first` can be batched; a page after a cursor belongs to one parent and
 * is asked alone.
 */
export async function firstPagesByParent<T extends ObjectLiteral>(
  base: SelectQueryBuilder<T>,
  parent: Parent<T>,
  parentKeys: readonly string[],
  order: SortOrder<T>,
  args: ConnectionArgs,
): Promise<Map<string, Connection<T>>> {
  // One parent (a customer's records) or a cursor: the plain keyset query per parent, which
  // reads only the page through the index; the ranked statement below reads every row of its parents.
  if (parentKeys.length === 1 || args.after != null || args.before != null || args.last != null) {
    const pages = await Promise.all(
      parentKeys.map((key) =>
        connection(base.clone().andWhere(`${parent.column} = :parentKey`, { parentKey: key }), order, args),
      ),
    );
    return new Map(parentKeys.map((key, i) => [key, pages[i]!]));
  }
  const size = checkSize("first", args.first ?? DEFAULT_PAGE_SIZE);
  const byParent = await rankedByParent(base, parent, parentKeys, order, 0, size + 1);
  const counts = countsByParent(base, parent, parentKeys);
  return new Map(
    parentKeys.map((key) => {
      const all = byParent.get(key)!;
      const edges = all
        .slice(0, size)
        .map((node) => ({ cursor: encodeCursor(order.name, [order.keyOf?.(node) ?? 0, order.idOf(node)]), node }));
      const pageInfo = {
        hasNextPage: all.length > size,
        hasPreviousPage: false,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      };
      return [
        key,
        {
          edges,
          pageInfo,
          get totalCount() {
            return counts().then((c) => c.get(key) ?? 0);
          },
        },
      ];
    }),
  );
}

/** The same offset page of one list per parent, in one statement. */
export async function offsetPagesByParent<T extends ObjectLiteral>(
  base: SelectQueryBuilder<T>,
  parent: Parent<T>,
  parentKeys: readonly string[],
  order: SortOrder<T>,
  args: OffsetArgs,
): Promise<Map<string, Page<T>>> {
  if (parentKeys.length === 1)
    return new Map([
      [
        parentKeys[0]!,
        await offsetPage(
          base.clone().andWhere(`${parent.column} = :parentKey`, { parentKey: parentKeys[0] }),
          order,
          args,
        ),
      ],
    ]);
  if (!Number.isInteger(args.offset) || args.offset < 0)
    throw badUserInput("offset", `offset must be 0 or more; got ${args.offset}.`);
  const limit = checkSize("limit", args.limit);
  const byParent = await rankedByParent(base, parent, parentKeys, order, args.offset, args.offset + limit);
  const counts = countsByParent(base, parent, parentKeys);
  return new Map(
    parentKeys.map((key) => [
      key,
      {
        items: byParent.get(key)!,
        offset: args.offset,
        limit,
        get totalCount() {
          return counts().then((c) => c.get(key) ?? 0);
        },
      },
    ]),
  );
}
