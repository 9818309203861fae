import type { Express } from "express";
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROLES } from "../../common/actor.js";
import { badUserInput } from "../../common/errors.js";
import { sendError } from "../../common/httpErrors.js";
import { PROJECT_ROOT } from "../../common/paths.js";
import type { AuthConfig } from "../auth.js";
import { demoDirectory, mintDemoToken } from "../devTokens.js";

const ASSETS = join(PROJECT_ROOT, "dist", "playground");
const MANIFEST = join(ASSETS, "manifest.json");

/** The built script and style sheet, by their hashed names (`npm run build` writes the manifest). */
interface Assets {
  js: string;
  css: string;
}
const assets = (): Assets => JSON.parse(readFileSync(MANIFEST, "utf8")) as Assets;
const TYPES: Record<string, string> = { js: "text/javascript; charset=utf-8", css: "text/css; charset=utf-8" };

export interface PlaygroundOptions {
  auth: AuthConfig;
  /** Demo identities and their tokens from the page; never in production. */
  development: boolean;
}

function page(development: boolean, { js, css }: Assets): string {
  const config = { graphqlUrl: "/graphql", development };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Partner center graph · playground</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/playground/assets/${css}">
<style>
  html, body, #root { height: 100%; margin: 0; }
  .playground { display: flex; flex-direction: column; height: 100%; }
  .playground-bar { display: flex; gap: 12px; align-items: center; padding: 6px 12px; font: 14px system-ui, sans-serif; border-bottom: 1px solid #ddd; flex-wrap: wrap; }
  .identity-picker { display: flex; gap: 6px; margin-left: auto; }
  .playground-editor { flex: 1; min-height: 0; }
</style>
</head>
<body>
<div id="root"></div>
<script>window.__PLAYGROUND__ = ${JSON.stringify(config)};</script>
<script type="module" src="/playground/assets/${js}"></script>
</body>
</html>`;
}

/**
 * The analysts' playground: GraphiQL built from installed packages (`npm run build` bundles it
 * into dist/playground), served at /playground and to a browser opening /graphql. In
 * development the page offers demo identities and mints their tokens.
 */
export function servePlayground(app: Express, options: PlaygroundOptions): void {
  const development = options.development && options.auth.key instanceof Uint8Array;
  const send = (response: Express["response"]) => {
    if (!existsSync(MANIFEST)) {
      response.status(503).type("text/plain").send("The playground is not built: run `npm run build`.");
      return;
    }
    response.type("html").setHeader("cache-control", "no-store").send(page(development, assets()));
  };
  app.get("/playground", (_request, response) => send(response));
  // A browser opening the GraphQL URL gets the playground; API clients get GraphQL.
  app.get("/graphql", (request, response, next) =>
    request.accepts(["application/json", "application/graphql-response+json", "html"]) === "html" &&
    !request.query.query
      ? send(response)
      : next(),
  );
  // Named by their content: a browser keeps them a year; sent as built, compressed once at build time.
  app.get("/playground/assets/:file", (request, response, next) => {
    const file = String(request.params.file);
    // Not an asset of this build: the graph's coded 404 answers.
    if (!existsSync(MANIFEST) || !Object.values(assets()).includes(file)) return next();
    // The smaller first, whatever order the browser lists them in ("gzip, deflate, br, zstd").
    const encoding = (["br", "gzip"] as const).find((e) => request.acceptsEncodings(e) === e) ?? "identity";
    response.setHeader("content-type", TYPES[file.split(".").pop()!]!);
    response.setHeader("cache-control", "public, max-age=31536000, immutable");
    response.setHeader("vary", "accept-encoding");
    if (encoding !== "identity") response.setHeader("content-encoding", encoding);
    const suffix = { br: ".br", gzip: ".gz", identity: "" }[encoding];
    createReadStream(join(ASSETS, `${file}${suffix}`)).pipe(response);
  });
  if (!development) return;
  app.get("/playground/identities", (_request, response) => {
    response.json({
      partners: demoDirectory().partners.map(({ id, name, type }) => ({ id, name, type })),
      roles: ROLES,
    });
  });
  app.get("/playground/token", async (request, response) => {
    try {
      const role = String(request.query.role ?? "");
      if (!ROLES.includes(role as never)) throw badUserInput("role", `role must be one of ${ROLES.join(", ")}.`);
      const token = await mintDemoToken(
        { role, partner: request.query.partner ? String(request.query.partner) : undefined },
        options.auth.key as Uint8Array,
        "8h",
      );
      response.json({ token });
    } catch (error) {
      sendError(
        response,
        error instanceof Error && !("extensions" in error) ? badUserInput("partner", error.message) : error,
      );
    }
  });
}
