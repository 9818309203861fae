import { jwtVerify, SignJWT } from "jose";
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

export async function signGatewayToken(actor: Actor, secret: Uint8Array): Promise<string> {
  return new SignJWT(claimsOfActor(actor))
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${LIFETIME_SECONDS}s`)
    .sign(secret);
}

/** A token for a subgraph's own calls to another (background work), as the `service` actor. */
export function signServiceToken(service: string, secret: Uint8Array): Promise<string> {
  return signGatewayToken({ role: "service", subject: service }, secret);
}

export async function verifyGatewayToken(authorization: string | undefined, secret: Uint8Array): Promise<Actor> {
  const token = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1];
  if (!token) throw unauthenticated("Subgraphs answer only the gateway: the request carries no gateway token.");
  try {
    const { payload } = await jwtVerify(token, secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
    return actorFromClaims(payload, { allowService: true });
  } catch {
    throw unauthenticated("Subgraphs answer only the gateway: the gateway token is invalid or expired.");
  }
}
