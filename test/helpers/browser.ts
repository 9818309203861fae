import { chromium, type Browser } from "playwright-core";

/**
 * Debian's Chromium, headless, as a user's browser with no network beyond this machine (the
 * background-networking flags: without them it tries Google's hosts at every start).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
