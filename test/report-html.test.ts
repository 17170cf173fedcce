/**
 * The HTML report in a real browser: log text that looks like markup stays text, nothing runs,
 * nothing is fetched, and the findings, timeline and evidence are on the page.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { escapeHtml, renderHtml } from "../src/pipeline/report/html.js";
import { launchChromium } from "./helpers/browser.js";
import { reportOf } from "./helpers/report.js";
import { tempDir } from "./helpers/tmp.js";
import { makeFinding } from "./llm/fixtures.js";

const HOSTILE = `<script>document.title="pwned"</script><img src=x onerror="document.title='pwned'">`;

describe("the HTML report", () => {
  it("escapes what markup needs escaped", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
    );
  });

  it("shows hostile log text as text in a browser, runs nothing and fetches nothing", async () => {
    const findings = [
      makeFinding({
        template: `login failed for ${HOSTILE}`,
        firstSeen: "2025-03-14T10:05:00Z",
        samples: [{ line: 3, text: `ERROR ${HOSTILE}`, before: ["<b>ctx</b>"], after: [] }],
      }),
      makeFinding({ id: "F2", template: "disk full", firstSeen: "2025-03-14T10:01:00Z" }),
    ];
    const path = join(tempDir(), "report.html");
    writeFileSync(path, renderHtml(reportOf(findings, [`app.log: ${HOSTILE}`])));
    const context = await launchChromium();
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const requested: string[] = [];
      page.on("request", (request) => requested.push(request.url()));
      const dialogs: string[] = [];
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(pathToFileURL(path).href);
      expect(await page.title()).toBe("logsage report");
      expect(await page.locator("script, img").count()).toBe(0);
      const headings = await page.locator("h2").allTextContents();
      expect(headings[0]).toBe("Timeline");
      expect(headings[1]).toContain(`login failed for ${HOSTILE}`);
      await page.locator("details summary").first().click();
      expect(await page.locator("pre").nth(1).textContent()).toContain(`ERROR ${HOSTILE}`);
      expect(await page.locator(".warn").textContent()).toContain(HOSTILE);
      const rows = (await page.locator("pre").first().textContent())?.split("\n") ?? [];
      expect(rows.map((r) => r.match(/#\d/)?.[0])).toEqual(["#2", "#1"]);
      expect(dialogs).toEqual([]);
      expect(requested).toEqual([pathToFileURL(path).href]);
    } finally {
      await context.close();
    }
  });
});
