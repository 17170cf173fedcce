/** The Markdown report, for tickets and incident documents. */
import type { Finding, Report } from "../types.js";
import { findingTitle, headerLines, knowledgeText, sampleLines, timelineRows } from "./summary.js";

/** A fence longer than any backtick run in the text, so log text cannot break out of it. */
function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const bar = "`".repeat(longest + 1);
  return `${bar}\n${text}\n${bar}`;
}

function renderFinding(f: Finding, index: number): string[] {
  const out = [`## ${index + 1}. ${findingTitle(f).replace(/([*_#[\]])/g, "\\$1")}`, ""];
  out.push(`**Error Description:** ${f.description}`, "");
  out.push(`**Possible Cause:** ${f.cause}`, "");
  out.push("**Recommended Solution:**", "", ...f.fix.map((s, i) => `${i + 1}. ${s}`), "");
  out.push(
    `**Knowledge:** ${knowledgeText(f)} — confidence ${f.confidence.toFixed(2)}, by ${f.generatedBy}`,
    "",
  );
  out.push("**Evidence:**", "");
  for (const sample of f.samples) {
    const { before, text, after } = sampleLines(sample);
    out.push(`Line ${sample.line}${sample.source ? ` of ${sample.source}` : ""}:`, "");
    out.push(fence([...before, ...text, ...after].join("\n")), "");
  }
  return out;
}

export function renderMarkdown(report: Report): string {
  const out = ["# logsage report", "", ...headerLines(report).map((line) => `- ${line}`)];
  for (const w of report.warnings) out.push(`- Warning: ${w}`);
  out.push("");
  if (report.summary) out.push("## Incident summary", "", report.summary, "");
  const began = timelineRows(report);
  if (began.length > 0) {
    out.push("## Timeline", "", "When each finding began:", "");
    out.push(fence(began.join("\n")), "");
  }
  if (report.findings.length === 0) out.push("No problems found.", "");
  for (const [i, f] of report.findings.entries()) out.push(...renderFinding(f, i));
  return `${out.join("\n").trimEnd()}\n`;
}
