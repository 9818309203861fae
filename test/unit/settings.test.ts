import { describe, expect, it } from "vitest";
import { readSettings, SettingsError } from "../../common/settings.js";

const problemsOf = (env: Record<string, string>) => {
  try {
    readSettings(env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as SettingsError).problems;
  }
};

describe("settings", () => {
  it("parse what is set into typed values, and leave out what is not (or is empty)", () => {
    const settings = readSettings({
      GATEWAY_PORT: "4100",
      LIMIT_DEPTH: "15",
      AUTH_REQUIRED: "false",
      RATE_LIMIT_PER_SECOND: "2.5",
      CORS_ORIGINS: "http://localhost:5173, https://console.example.com",
      REDIS_URL: "redis://127.0.0.1:6379",
      LOG_LEVEL: "warn",
      JWT_SECRET: "",
    });
    expect(settings).toMatchObject({
      GATEWAY_PORT: 4100,
      LIMIT_DEPTH: 15,
      AUTH_REQUIRED: false,
      RATE_LIMIT_PER_SECOND: 2.5,
      CORS_ORIGINS: ["http://localhost:5173", "https://console.example.com"],
      LOG_LEVEL: "warn",
    });
    expect(settings.JWT_SECRET).toBeUndefined();
    expect(readSettings({ PATH: "/usr/bin", HOME: "/root" })).toEqual({});
  });

  it.each([
    ["SUBGRAPH_TIMEOUT_MS", "abc", "a positive integer"],
    ["LIMIT_DEPTH", "0", "a positive integer"],
    ["GATEWAY_PORT", "70000", "a port number from 0 to 65535"],
    ["LOG_LEVEL", "loud", "one of fatal, error, warn, info, debug, trace, silent"],
    ["NODE_ENV", "prodution", "one of production, development, test"],
    ["JWKS_URL", "not a url", "a URL starting https:// or http://"],
    ["REDIS_URL", "http://127.0.0.1:6379", "a URL starting redis:// or rediss://"],
    ["INTROSPECTION", "yes", "true or false"],
    ["SEED_UNTIL", "2026-13", "a bill cycle written YYYY-MM"],
    ["CORS_ORIGINS", "localhost:5173", "a comma-separated list of origins"],
    ["GATEWAY_HEAP_MB", "16", "a number of megabytes of at least 64"],
    ["METRICS_PORT", "9x", "a port number from 0 to 65535"],
    ["BILLING_METRICS_PORT", "65536", "a port number from 0 to 65535"],
    ["SUBGRAPH_HEALTH_PATH", "health", "a path starting with /"],
  ])("refuse %s=%s, naming the variable, the value and what is allowed", (name, value, allowed) => {
    const [problem, ...more] = problemsOf({ [name]: value });
    expect(more).toEqual([]);
    expect(problem).toContain(`${name}=${JSON.stringify(value)} must be ${allowed}`);
  });

  it("list every problem at once, one line each", () => {
    const problems = problemsOf({ LIMIT_DEPTH: "deep", LIMIT_COST: "-1", PARTNERS_URL: "partners:4001" });
    expect(problems).toHaveLength(3);
    expect(problems.map((p) => p.split("=")[0]).sort()).toEqual(["LIMIT_COST", "LIMIT_DEPTH", "PARTNERS_URL"]);
  });
});
