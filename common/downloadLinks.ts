import { createHmac, timingSafeEqual } from "node:crypto";
import { actorFromClaims, claimsOfActor, type Actor } from "./actor.js";
import { forbidden } from "./errors.js";

/** How long a download link works, as a pre-signed S3 URL would: long enough to click, too short to share. */
export const LINK_LIFETIME_SECONDS = 300;

/** The links' own key, derived from the gateway token's secret: a link never passes for a token, nor a token for a link. */
const keyOf = (secret: Uint8Array) => createHmac("sha256", secret).update("download-links").digest();
const signatureOf = (secret: Uint8Array, path: string, query: URLSearchParams) =>
  createHmac("sha256", keyOf(secret)).update(`${path}?${query.toString()}`).digest("base64url");

/**
 * A link to a download (`path` with its `params`), signed for `actor`: it works without an
 * Authorization header, for five minutes, for this path and these parameters only. A browser's
 * `<a href>` can use it.
 */
export function signDownload(
  path: string,
  params: Record<string, string>,
  actor: Actor,
  secret: Uint8Array,
  now = Date.now(),
): string {
  const query = new URLSearchParams(params);
  query.set("by", Buffer.from(JSON.stringify(claimsOfActor(actor))).toString("base64url"));
  query.set("expires", String(Math.floor(now / 1000) + LINK_LIFETIME_SECONDS));
  query.sort();
  query.set("signature", signatureOf(secret, path, query));
  return `${path}?${query.toString()}`;
}

/** Whether a request names a signed link rather than carrying a token. */
export const isSignedLink = (search: URLSearchParams) => search.has("signature");

/**
 * The actor a signed link was made for; FORBIDDEN when its signature does not match this path
 * and parameters (forged, or made for another download) or it has expired.
 */
export function verifyDownload(path: string, search: URLSearchParams, secret: Uint8Array, now = Date.now()): Actor {
  const query = new URLSearchParams(search);
  const given = Buffer.from(query.get("signature") ?? "", "base64url");
  query.delete("signature");
  query.sort();
  const expected = Buffer.from(signatureOf(secret, path, query), "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw forbidden("This download link is not valid for this download: ask the graph for a new one.");
  }
  if (Number(query.get("expires")) * 1000 < now) {
    throw forbidden("This download link has expired (links work for 5 minutes): ask the graph for a new one.");
  }
  return actorFromClaims(JSON.parse(Buffer.from(query.get("by") ?? "", "base64url").toString("utf8")));
}

/** The parameters a subgraph is given for a download: the link's own ones removed. */
export function withoutLinkParameters(search: URLSearchParams): URLSearchParams {
  const rest = new URLSearchParams(search);
  for (const name of ["by", "expires", "signature"]) rest.delete(name);
  return rest;
}
