import { describe, expect, it } from "vitest";
import type { Actor } from "../../common/actor.js";
import {
  LINK_LIFETIME_SECONDS,
  signDownload,
  verifyDownload,
  withoutLinkParameters,
} from "../../common/downloadLinks.js";

const secret = new TextEncoder().encode("gateway token secret");
const analyst: Actor = { role: "analyst", subject: "s-1", partnerId: "p-1", staffId: "s-1" };
const now = Date.parse("2026-11-30T12:00:00Z");

function verified(link: string, at = now, key = secret) {
  const url = new URL(link, "http://graph");
  return verifyDownload(url.pathname, url.searchParams, key, at);
}

const code = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as { extensions: { code: string } }).extensions.code;
  }
};

describe("download links", () => {
  const link = signDownload("/exports/consumption.csv", { from: "2026-01-01", to: "2026-01-31" }, analyst, secret, now);

  it("carry the actor, work for five minutes, and leave the download's own parameters as they were", () => {
    expect(verified(link)).toEqual(analyst);
    expect(verified(link, now + (LINK_LIFETIME_SECONDS - 1) * 1000)).toEqual(analyst);
    const params = withoutLinkParameters(new URL(link, "http://graph").searchParams);
    expect(Object.fromEntries(params)).toEqual({ from: "2026-01-01", to: "2026-01-31" });
  });

  it("refuse an expired link with FORBIDDEN", () => {
    expect(code(() => verified(link, now + (LINK_LIFETIME_SECONDS + 1) * 1000))).toBe("FORBIDDEN");
  });

  it("refuse a link changed in any way: another range, another download, another actor, another key", () => {
    expect(code(() => verified(link.replace("2026-01-31", "2026-12-31")))).toBe("FORBIDDEN");
    expect(code(() => verified(link.replace("/exports/consumption.csv", "/certificates/x.pdf")))).toBe("FORBIDDEN");
    const admin = Buffer.from(JSON.stringify({ sub: "s-1", role: "admin", partner_id: "p-1" })).toString("base64url");
    expect(code(() => verified(link.replace(/by=[^&]+/, `by=${admin}`)))).toBe("FORBIDDEN");
    expect(code(() => verified(link, now, new TextEncoder().encode("another secret")))).toBe("FORBIDDEN");
    expect(code(() => verified(link.replace(/signature=[^&]+/, "signature=")))).toBe("FORBIDDEN");
  });
});
