import { parseArgs } from "node:util";
import { ROLES } from "../../common/actor.js";
import { startProcess } from "../../common/startup.js";
import { authConfigFromEnv } from "../auth.js";
import { demoDirectory, mintDemoToken } from "../devTokens.js";

const USAGE = `Usage: npm run token -- [options]

Prints a development token for the demo data (HS256, signed with JWT_SECRET or the development secret).

  --role ROLE        ${ROLES.join(", ")} (default: admin)
  --partner ID       the demo partner (default: the first); see --list
  --staff ID         the staff member (default: one of the partner's of the role)
  --customer ID      the customer, for --role customer (default: one of the partner's)
  --expires SPAN     how long it is valid, e.g. 30m, 12h, 7d (default: 12h)
  --list             print the demo partners, staff and customers as JSON instead
  --help             print this

npm run -s token -- --role analyst prints the token alone, for $(...).`;

function options() {
  try {
    return parseArgs({
      options: {
        role: { type: "string", default: "admin" },
        partner: { type: "string" },
        staff: { type: "string" },
        customer: { type: "string" },
        expires: { type: "string", default: "12h" },
        list: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}

/** `npm run token`: a development token, or the demo ids with --list (see USAGE). */
await startProcess({ name: "token" }, async () => {
  const values = options();
  if (values.help) return console.log(USAGE);
  if (values.list) return console.log(JSON.stringify(demoDirectory(), null, 2));
  const { key } = authConfigFromEnv();
  if (!(key instanceof Uint8Array)) {
    console.error("Tokens can be made only with JWT_SECRET (HS256), not with JWKS_URL.");
    process.exit(2);
  }
  try {
    console.log(await mintDemoToken(values, key, values.expires));
  } catch (error) {
    const { message } = error as Error;
    // jose's words for a span it cannot read name neither the option nor the format.
    console.error(
      /time period/i.test(message)
        ? `--expires takes a span such as 30m, 12h or 7d, not "${values.expires}".`
        : message,
    );
    process.exit(2);
  }
});
