import { SettingsError } from "./settings.js";

/**
 * A secret from the environment. Outside production a fixed development value stands in, so
 * `npm start` works on a fresh clone; in production a missing secret stops start-up.
 */
export function secretFromEnv(name: string, developmentValue: string, env = process.env): Uint8Array {
  const value = env[name];
  if (value) return new TextEncoder().encode(value);
  if (env.NODE_ENV === "production") {
    throw new SettingsError([`${name} is not set: in production every secret must come from the environment.`]);
  }
  return new TextEncoder().encode(developmentValue);
}
