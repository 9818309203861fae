import "reflect-metadata";
import { parseArgs } from "node:util";
import { SUBGRAPHS } from "./all.js";
import { databaseUrlFromEnv, openDatabase } from "./common/database.js";
import { demoOptionsFrom } from "../common/demo.js";
import { createMetrics } from "../common/metrics.js";
import { seedIfEmpty } from "./common/subgraph.js";

/**
 * `npm run seed -- [--customers 2000] [--months 24] [--until 2026-10] [--seed 1] [--largest-customer N] [--only billing]`
 * empties the databases and writes the demo world into each. The same flags give the same ids.
 * `--largest-customer 1000000` gives the first customer about a million consumption records.
 */
const { values } = parseArgs({
  options: {
    customers: { type: "string" },
    months: { type: "string" },
    until: { type: "string" },
    seed: { type: "string" },
    "largest-customer": { type: "string" },
    only: { type: "string" },
  },
});

try {
  const demo = demoOptionsFrom({ ...values, largestCustomer: values["largest-customer"] });
  for (const definition of SUBGRAPHS.filter((d) => !values.only || d.name === values.only)) {
    const metrics = createMetrics(definition.name);
    const url = databaseUrlFromEnv(definition.name);
    const db = await openDatabase({
      service: definition.name,
      url,
      entities: definition.entities,
      migrations: definition.migrations,
      statements: metrics.sqlStatements,
    });
    await db.dropDatabase();
    await db.runMigrations();
    await seedIfEmpty(definition, db, demo, console.log);
    await db.destroy();
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
