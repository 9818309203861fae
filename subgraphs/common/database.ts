import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  DataSource,
  type EntityManager,
  type EntityTarget,
  type Logger as TypeOrmLogger,
  type MigrationInterface,
  type MixedList,
  type ObjectLiteral,
} from "typeorm";
import type { Counter } from "prom-client";
import { createLogger, type Logger } from "../../common/logger.js";
import type { Class } from "./class.js";

const backgroundWork = new AsyncLocalStorage<true>();

/** Runs background work (sweepers, outbox consumers) so its statements are told apart from requests'. */
export function inBackground<T>(work: () => Promise<T>): Promise<T> {
  return backgroundWork.run(true, work);
}

/** Counts statements for /metrics and reports failures; TypeORM calls it for every query. */
class StatementLogger implements TypeOrmLogger {
  constructor(
    private readonly logger: Logger,
    private readonly statements: Counter<"origin">,
  ) {}
  logQuery(): void {
    this.statements.inc({ origin: backgroundWork.getStore() ? "background" : "request" });
  }
  logQueryError(error: string | Error, query: string): void {
    // The statement's text, never its parameters (they may hold names).
    this.logger.warn({ query: query.slice(0, 200) }, `SQL failed: ${error instanceof Error ? error.message : error}`);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger.info(message);
  }
  log(): void {}
}

export interface DatabaseOptions {
  service: string;
  /** `postgres://…` for PostgreSQL, otherwise a SQLite file path (`file:` prefix allowed). */
  url: string;
  entities: MixedList<Class>;
  migrations: MixedList<Class | (new () => MigrationInterface)>;
  statements: Counter<"origin">;
  /** Default: the service's JSON logger. */
  logger?: Logger;
}

/** Where a subgraph's database lives unless told: `<SERVICE>_DATABASE_URL`, `DATABASE_URL`, then SQLite under DATA_DIR. */
export function databaseUrlFromEnv(service: string, env = process.env): string {
  return (
    env[`${service.toUpperCase()}_DATABASE_URL`] ??
    env.DATABASE_URL ??
    join(env.DATA_DIR ?? "data", `${service}.sqlite`)
  );
}

export const isPostgres = (url: string) => /^postgres(ql)?:\/\//.test(url);

/** Opens the database and brings its schema up to date with the migrations (never `synchronize`). */
export async function openDatabase(options: DatabaseOptions): Promise<DataSource> {
  const logger = new StatementLogger(options.logger ?? createLogger(options.service), options.statements);
  const common = {
    entities: options.entities,
    migrations: options.migrations,
    logger,
    migrationsTransactionMode: "all" as const,
  };
  let dataSource: DataSource;
  if (isPostgres(options.url)) {
    // One schema per subgraph when several share a PostgreSQL database.
    // Its own schema first on the search path, so plain SQL (and a person at psql) finds its tables.
    dataSource = new DataSource({
      type: "postgres",
      url: options.url,
      schema: options.service,
      extra: { options: `-c search_path=${options.service},public` },
      ...common,
    });
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${options.service}"`);
  } else {
    const file = options.url.replace(/^file:/, "");
    mkdirSync(dirname(file), { recursive: true });
    dataSource = new DataSource({
      type: "better-sqlite3",
      database: file,
      enableWAL: true,
      prepareDatabase: (db: { pragma(statement: string): unknown }) => {
        db.pragma("synchronous = NORMAL");
        db.pragma("busy_timeout = 5000");
      },
      ...common,
    });
    await dataSource.initialize();
  }
  await dataSource.runMigrations();
  if (!isPostgres(options.url)) {
    // A database seeded before statistics were gathered gets them once (see seedIfEmpty).
    const [stats] = (await dataSource.query(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat1'`)) as {
      n: number;
    }[];
    if (!stats?.n) await dataSource.query("ANALYZE");
    serializeTransactions(dataSource);
  }
  return dataSource;
}

/**
 * SQLite here is one connection that every request shares, and TypeORM's transactions on it
 * are async: two at once collide, and a query of another request would run inside an open
 * transaction (and roll back with it). So transactions take turns, and a query from outside
 * the running transaction waits until it ends. (PostgreSQL has a pool and real isolation.)
 * Writes therefore go through `db.transaction`, never `save` outside one.
 */
function serializeTransactions(dataSource: DataSource): void {
  const owner = new AsyncLocalStorage<symbol>();
  let active: symbol | null = null;
  let turn: Promise<unknown> = Promise.resolve();
  const transaction = dataSource.transaction.bind(dataSource) as (...args: unknown[]) => Promise<unknown>;
  dataSource.transaction = ((...args: unknown[]) => {
    if (active && owner.getStore() === active) return transaction(...args);
    const token = Symbol("transaction");
    const run = turn.then(() => {
      active = token;
      return owner.run(token, () => transaction(...args));
    });
    turn = run.then(
      () => (active = null),
      () => (active = null),
    );
    return run;
  }) as DataSource["transaction"];
  const runner = dataSource.createQueryRunner();
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  runner.query = (async (...args: unknown[]) => {
    while (active && owner.getStore() !== active) await turn;
    return query(...args);
  }) as typeof runner.query;
}

interface PreparedSqlite {
  prepare(sql: string): { run(...values: unknown[]): unknown };
}

/**
 * Inserts many entities fast, inside the caller's transaction (seeds and imports): SQLite
 * runs one prepared statement per row, PostgreSQL multi-row INSERTs. Columns and value
 * transformers come from the entity's TypeORM metadata.
 */
export async function insertMany<T extends object>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly T[],
): Promise<void> {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(entity);
  // Generated keys (an outbox sequence) are the database's to number.
  const columns = metadata.columns.filter((c) => !c.isGenerated);
  const names = columns.map((c) => `"${c.databaseName}"`).join(", ");
  const table = metadata.tablePath
    .split(".")
    .map((part) => `"${part}"`)
    .join(".");
  const valuesOf = (row: T) => columns.map((c) => c.getEntityValue(row as ObjectLiteral, true) as unknown);
  if (!manager.queryRunner) throw new Error("insertMany runs inside a transaction.");
  if (manager.connection.driver.options.type === "better-sqlite3") {
    const sqlite = (await manager.queryRunner.connect()) as PreparedSqlite;
    const statement = sqlite.prepare(`INSERT INTO ${table} (${names}) VALUES (${columns.map(() => "?").join(", ")})`);
    for (const row of rows) statement.run(...valuesOf(row).map((v) => (typeof v === "boolean" ? Number(v) : v)));
    return;
  }
  const perStatement = Math.floor(60_000 / columns.length);
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const placeholders = chunk
      .map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(", ")})`)
      .join(", ");
    await manager.query(`INSERT INTO ${table} (${names}) VALUES ${placeholders}`, chunk.flatMap(valuesOf));
  }
}

/**
 * Serialises the transactions that name the same key, each until it ends: PostgreSQL's
 * transaction-scoped advisory lock. SQLite runs one writing transaction at a time already.
 */
export async function serialiseOn(manager: EntityManager, key: string): Promise<void> {
  if (manager.connection.driver.options.type !== "postgres") return;
  await manager.query("SELECT pg_advisory_xact_lock(hashtext($1))", [key]);
}
