/** Debian's chromium, headless, driven by playwright-core: the real browser of the web tests. */
import { existsSync } from "node:fs";
import { type BrowserContext, chromium } from "playwright-core";
import { tempDir } from "./tmp.js";

const CHROMIUM = "/usr/bin/chromium";

/** A fresh browser profile; the caller closes the context. */
export async function launchChromium(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)`);
  }
  return chromium.launchPersistentContext(tempDir("logsage-chromium-"), {
    executablePath: CHROMIUM,
    headless: true,
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
