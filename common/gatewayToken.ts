import { jwtVerify, SignJWT } from "jose";
import { LRUCache } from "lru-cache";
import { actorFromClaims, claimsOfActor, type Actor } from "./actor.js";
import { unauthenticated } from "./errors.js";
import { secretFromEnv } from "./secrets.js";

/**
 * The gateway calls subgraphs with a short-lived token of its own that carries the actor;
 * subgraphs trust nothing else. A client token is signed with another key and audience, so
 * a client that reaches a subgraph directly gets nothing.
 */
const ISSUER = "partner-center-gateway";
const AUDIENCE = "partner-center-subgraphs";
const LIFETIME_SECONDS = 60;

export const gatewayTokenSecret = (env = process.env) =>
  secretFromEnv("GATEWAY_TOKEN_SECRET", "development-gateway-token-secret-not-for-production", env);

/**
 * Signing and verifying are the largest fixed cost of a small request, and the same actor
 * sends many: a signed token is reused while it has half its life left, a verified one is
 * remembered by its text until it expires. One cache per key, so a token of another key never
 * passes for one of this key.
 */
const signedBy = new WeakMap<Uint8Array, LRUCache<string, string>>();
const verifiedBy = new WeakMap<Uint8Array, LRUCache<string, Actor>>();
function cacheOf<V extends object | string>(
  caches: WeakMap<Uint8Array, LRUCache<string, V>>,
  secret: Uint8Array,
  ttl: number,
): LRUCache<string, V> {
  let cache = caches.get(secret);
  if (!cache) caches.set(secret, (cache = tokenCache<V>(ttl)));
  return cache;
}

/**
 * Up to 10,000 tokens (or what they stand for), each for `ttl` ms at most. Their age is read from
 * the clock at every lookup (`ttlResolution: 0`): lru-cache's default keeps the time for 1 ms
 * with a timer, and under load that timer per millisecond cost more than the lookups it saved
 * (the cache lookups were 1.7 % of the gateway's profile on single-subgraph requests, 2026-12-01).
 */
export function tokenCache<V extends object | string>(ttl: number): LRUCache<string, V> {
  return new LRUCache<string, V>({ max: 10_000, ttl, ttlResolution: 0 });
}

export async function signGatewayToken(actor: Actor, secret: Uint8Array): Promise<string> {
  const claims = claimsOfActor(actor);
  const cache = cacheOf(signedBy, secret, (LIFETIME_SECONDS / 2) * 1000);
  const key = JSON.stringify(claims);
  const cached = cache.get(key);
  if (cached) return cached;
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${LIFETIME_SECONDS}s`)
    .sign(secret);
  cache.set(key, token);
  return token;
}

/** A token for a subgraph's own calls to another (background work), as the `service` actor. */
export function signServiceToken(service: string, secret: Uint8Array): Promise<string> {
  return signGatewayToken({ role: "service", subject: service }, secret);
}

export async function verifyGatewayToken(authorization: string | undefined, secret: Uint8Array): Promise<Actor> {
  const token = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1];
  if (!token) throw unauthenticated("Subgraphs answer only the gateway: the request carries no gateway token.");
  const cache = cacheOf(verifiedBy, secret, LIFETIME_SECONDS * 1000);
  const known = cache.get(token);
  if (known) return known;
  try {
    const { payload } = await jwtVerify(token, secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
    const actor = actorFromClaims(payload, { allowService: true });
    cache.set(token, actor, {
      ttl: payload.exp ? Math.max(1, payload.exp * 1000 - Date.now()) : LIFETIME_SECONDS * 1000,
    });
    return actor;
  } catch {
    throw unauthenticated("Subgraphs answer only the gateway: the gateway token is invalid or expired.");
  }
}
