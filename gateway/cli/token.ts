import { parseArgs } from "node:util";
import { authConfigFromEnv } from "../auth.js";
import { demoDirectory, mintDemoToken } from "../devTokens.js";

/**
 * `npm run token -- --role admin [--partner ID] [--staff ID] [--customer ID] [--expires 12h]`
 * prints a development token; `npm run token -- --list` prints the demo ids as JSON.
 */
const { values } = parseArgs({
  options: {
    role: { type: "string", default: "admin" },
    partner: { type: "string" },
    staff: { type: "string" },
    customer: { type: "string" },
    expires: { type: "string", default: "12h" },
    list: { type: "boolean", default: false },
  },
});

try {
  if (values.list) {
    console.log(JSON.stringify(demoDirectory(), null, 2));
  } else {
    const { key } = authConfigFromEnv();
    if (!(key instanceof Uint8Array))
      throw new Error("Tokens can be made only with JWT_SECRET (HS256), not with JWKS_URL.");
    console.log(await mintDemoToken(values, key, values.expires));
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
