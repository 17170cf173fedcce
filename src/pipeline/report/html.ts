/**
 * The HTML report: one self-contained page to attach to a ticket or open from a chat, readable
 * offline. Log text is untrusted: everything from the report is escaped, the page has no script,
 * and its Content-Security-Policy forbids scripts and loading anything from elsewhere.
 */
import type { Finding, Report, Sample, Severity } from "../types.js";
import {
  findingHeadline,
  headerLines,
  knowledgeText,
  sampleLines,
  timelineRows,
} from "./summary.js";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text as HTML text or attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

const COLOUR: Record<Severity, string> = {
  critical: "#8e24aa",
  error: "#c62828",
  warning: "#ef6c00",
  info: "#00838f",
};

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin:2rem 0 .5rem;word-break:break-word}
.meta{color:#555}.warn{color:#b26a00}.sev{color:#fff;border-radius:3px;padding:0 .4rem;font-size:.85rem}
pre{background:#f5f5f5;padding:.6rem;overflow-x:auto;font-size:.85rem}.ctx{color:#777}
dt{font-weight:600;margin-top:.6rem}dd{margin-left:0}`;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'";

/** Context lines, dimmed around the sample's own. */
function context(rows: string[]): string {
  return rows.length ? `<span class="ctx">${escapeHtml(rows.join("\n"))}</span>\n` : "";
}

function sampleHtml(sample: Sample): string {
  const { before, text, after } = sampleLines(sample);
  const where = `Line ${sample.line}${sample.source ? ` of ${escapeHtml(sample.source)}` : ""}`;
  return `<p>${where}</p><pre>${context(before)}${escapeHtml(text.join("\n"))}\n${context(after)}</pre>`;
}

function finding(f: Finding, index: number): string {
  const samples = f.samples.map(sampleHtml).join("\n");
  const fix = f.fix.map((step) => `<li>${escapeHtml(step)}</li>`).join("");
  return `<section>
<h2><span class="sev" style="background:${COLOUR[f.severity]}">${f.severity.toUpperCase()}</span> ${index + 1}. ${escapeHtml(findingHeadline(f))}</h2>
<dl>
<dt>Error Description</dt><dd>${escapeHtml(f.description)}</dd>
<dt>Possible Cause</dt><dd>${escapeHtml(f.cause)}</dd>
<dt>Recommended Solution</dt><dd><ol>${fix}</ol></dd>
<dt>Knowledge</dt><dd>${escapeHtml(knowledgeText(f))} (confidence ${f.confidence.toFixed(2)}, by ${escapeHtml(f.generatedBy)})</dd>
</dl>
<details><summary>Evidence (${f.samples.length} sample${f.samples.length === 1 ? "" : "s"})</summary>
${samples}
</details>
</section>`;
}

export function renderHtml(report: Report): string {
  const head = headerLines(report);
  const began = timelineRows(report);
  const body = [
    "<h1>logsage report</h1>",
    `<p class="meta">${head.map(escapeHtml).join("<br>")}</p>`,
    ...report.warnings.map((w) => `<p class="warn">warning: ${escapeHtml(w)}</p>`),
    report.summary ? `<h2>Incident summary</h2><p>${escapeHtml(report.summary)}</p>` : "",
    began.length > 0 ? `<h2>Timeline</h2><pre>${escapeHtml(began.join("\n"))}</pre>` : "",
    report.findings.length === 0 ? "<p>No problems found.</p>" : "",
    ...report.findings.map(finding),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>logsage report</title><style>${STYLE}</style></head>
<body>
${body.filter((part) => part !== "").join("\n")}
</body></html>
`;
}
