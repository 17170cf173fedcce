/**
 * The API docs page in a real browser (Debian's chromium, driven by playwright-core): served by
 * the real server on 127.0.0.1, it shows every operation of /openapi.json with a curl example,
 * runs under its Content-Security-Policy without a violation, and asks nothing of any other host.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../helpers/browser.js";
import { listen } from "../helpers/http.js";
import { startTestApp } from "../helpers/server.js";

let url: string;
beforeAll(async () => {
  const t = await startTestApp();
  url = await listen(t.app);
}, 120_000);

describe("GET /docs", () => {
  it("shows every route of /openapi.json in a browser, fetching only from the server", async () => {
    const context = await launchChromium();
    try {
      const requested: string[] = [];
      // Every request the page makes passes here; one to anywhere else is recorded and refused.
      await context.route("**/*", (route) => {
        const target = route.request().url();
        requested.push(target);
        return target.startsWith(`${url}/`) ? route.continue() : route.abort();
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const problems: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(message.text());
      });
      page.on("pageerror", (err) => problems.push(err.message));

      const response = await page.goto(`${url}/docs`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()["content-security-policy"]).toContain("default-src 'none'");
      await page.waitForSelector("body[data-ready]");
      expect(await page.getAttribute("body", "data-ready")).toBe("true");

      const doc = (await (await fetch(`${url}/openapi.json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(routes.length).toBeGreaterThan(20);
      const shown = await page.$$eval("section.op", (cards) =>
        cards.map((card) => ({
          route: card.getAttribute("data-route"),
          curl: card.querySelector("pre.curl")?.textContent ?? "",
          visible: (card as HTMLElement).offsetHeight > 0,
        })),
      );
      expect(shown.map((s) => s.route).sort()).toEqual([...routes].sort());
      for (const card of shown) {
        expect(card.visible).toBe(true);
        expect(card.curl).toMatch(/^curl -s/);
      }
      const analyze = shown.find((s) => s.route === "POST /v1/analyze");
      expect(analyze?.curl).toContain('-H "Authorization: Bearer $KEY"');
      expect(await page.locator("h2").allTextContents()).toEqual([
        "analysis",
        "jobs",
        "knowledge",
        "operations",
      ]);

      expect(problems).toEqual([]);
      expect(requested.length).toBeGreaterThanOrEqual(2);
      expect(requested.filter((r) => !r.startsWith(`${url}/`))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
