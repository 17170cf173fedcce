import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../src/pipeline/report/markdown.js";
import { renderText } from "../src/pipeline/report/text.js";
import { reportOf } from "./helpers/report.js";
import { makeFinding } from "./llm/fixtures.js";

/** Most important first, as analyze orders them; the disk filled up before the rest began. */
const FINDINGS = [
  makeFinding({
    id: "F1",
    severity: "critical",
    template: "database connection lost",
    firstSeen: "2025-03-14T10:03:10Z",
  }),
  makeFinding({
    id: "F2",
    severity: "error",
    template: "query timeout",
    firstSeen: "2025-03-14T10:25:00Z",
  }),
  makeFinding({
    id: "F3",
    severity: "error",
    template: "No space left on device",
    firstSeen: "2025-03-14T10:03:00Z",
  }),
];

/** Timeline rows: a start time, an offset and a finding number. */
function timelineRows(text: string): string[] {
  return text.split("\n").filter((l) => /^\s*2025-\S+ {2}\+\S+ +\S+ +#\d/.test(l));
}

describe("the timeline of a report", () => {
  it("lists the findings in the order they began, with the delay after the first", () => {
    const text = renderText(reportOf(FINDINGS), false);
    expect(text).toContain("Timeline (when each finding began):");
    expect(timelineRows(text).map((l) => l.trim())).toEqual([
      "2025-03-14T10:03:00Z  +0 s      #3 ERROR ×12  No space left on device",
      "2025-03-14T10:03:10Z  +10 s     #1 CRITICAL ×12  database connection lost",
      "2025-03-14T10:25:00Z  +22 min   #2 ERROR ×12  query timeout",
    ]);
    const md = renderMarkdown(reportOf(FINDINGS));
    expect(md).toContain("## Timeline");
    expect(timelineRows(md)).toHaveLength(3);
    expect(md.indexOf("No space left on device")).toBeLessThan(md.indexOf("## 1."));
  });

  it("is left out for one finding, or when a start time cannot be read as a date", () => {
    expect(renderText(reportOf(FINDINGS.slice(0, 1)), false)).not.toContain("Timeline");
    const raw = [...FINDINGS.slice(0, 2), makeFinding({ firstSeen: "2005-06-03-15.42.50.675872" })];
    expect(renderText(reportOf(raw), false)).not.toContain("Timeline");
    expect(renderMarkdown(reportOf(raw))).not.toContain("## Timeline");
  });
});
