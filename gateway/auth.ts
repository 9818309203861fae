import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from "jose";
import type { LRUCache } from "lru-cache";
import { actorFromClaims, ANONYMOUS, type Actor } from "../common/actor.js";
import { unauthenticated } from "../common/errors.js";
import { secretFromEnv } from "../common/secrets.js";
import { tokenCache } from "../common/gatewayToken.js";
import { readSettings, SettingsError } from "../common/settings.js";

/** How the gateway checks client tokens: an HS256 secret, or a JWKS in production. */
export interface AuthConfig {
  key: Uint8Array | JWTVerifyGetKey;
  /** false only where a deployment serves the graph without client tokens (AUTH_REQUIRED=false). */
  required: boolean;
  issuer?: string;
  audience?: string;
}

export const DEVELOPMENT_JWT_SECRET = "development-jwt-secret-not-for-production";

export function authConfigFromEnv(env = process.env): AuthConfig {
  const settings = readSettings(env);
  if (settings.NODE_ENV === "production" && !settings.JWT_SECRET && !settings.JWKS_URL) {
    throw new SettingsError([
      "JWT_SECRET and JWKS_URL are both unset: in production the gateway verifies client tokens with one of them.",
    ]);
  }
  return {
    key: settings.JWKS_URL
      ? createRemoteJWKSet(new URL(settings.JWKS_URL))
      : secretFromEnv("JWT_SECRET", DEVELOPMENT_JWT_SECRET, env),
    required: settings.AUTH_REQUIRED ?? true,
    issuer: settings.JWT_ISSUER,
    audience: settings.JWT_AUDIENCE,
  };
}

/** Turns the `Authorization` header (or graphql-ws `authorization` payload) into an actor. */
export async function authenticate(authorization: string | undefined, config: AuthConfig): Promise<Actor> {
  if (!authorization) {
    if (!config.required) return ANONYMOUS;
    throw unauthenticated(
      "Send `Authorization: Bearer <token>`; `npm run token` prints a development token for the demo data.",
    );
  }
  const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (!token) throw unauthenticated("The Authorization header must read `Bearer <token>`.");
  const cache = verifiedClientTokens(config);
  const known = cache.get(token);
  if (known) return known;
  let claims;
  try {
    const algorithms = config.key instanceof Uint8Array ? ["HS256"] : ["RS256", "ES256", "PS256", "EdDSA"];
    ({ payload: claims } = await jwtVerify(token, config.key as Uint8Array, {
      algorithms,
      issuer: config.issuer,
      audience: config.audience,
    }));
  } catch (error) {
    const expired = (error as { code?: string }).code === "ERR_JWT_EXPIRED";
    throw unauthenticated(
      expired
        ? "The token has expired; get a new one."
        : "The token is not valid: wrong signature, algorithm or claims.",
    );
  }
  const actor = actorFromClaims(claims);
  cache.set(token, actor, {
    ttl: claims.exp ? Math.min(MAX_REMEMBERED_MS, Math.max(1, claims.exp * 1000 - Date.now())) : MAX_REMEMBERED_MS,
  });
  return actor;
}

/**
 * A client sends the same token with every request: once verified, it is remembered by its
 * text until it expires, at most five minutes (a key withdrawn from the JWKS stops its tokens
 * within that).
 */
const MAX_REMEMBERED_MS = 5 * 60_000;
const verified = new WeakMap<AuthConfig, LRUCache<string, Actor>>();
function verifiedClientTokens(config: AuthConfig): LRUCache<string, Actor> {
  let cache = verified.get(config);
  if (!cache) verified.set(config, (cache = tokenCache<Actor>(MAX_REMEMBERED_MS)));
  return cache;
}

/** Signs a client token with an HS256 secret (development tokens and tests). */
export async function mintToken(
  claims: Record<string, string>,
  secret: Uint8Array,
  expiresIn = "12h",
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(secret);
}
