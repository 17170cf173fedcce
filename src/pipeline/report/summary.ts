/** Shared wording for the human-readable reports: the header line and per-finding evidence. */

import type { Finding, Report, Sample } from "../types.js";
import { durationText, thousands } from "../wording.js";

function spanText(report: Report): string {
  const { start, end } = report.stats.timeSpan;
  if (!start) return "no timestamps";
  return start === end ? start : `${start} → ${end}`;
}

function countsText(report: Report): string {
  const s = report.stats;
  const fresh = report.findings.filter((f) => f.baseline?.count === 0).length;
  const compared = s.baseline
    ? `; against a baseline of ${thousands(s.baseline.records)} records, ${fresh} of ${report.findings.length} new`
    : "";
  const bySeverity = new Map<string, number>();
  for (const f of report.findings)
    bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1);
  const severities = [...bySeverity].map(([k, v]) => `${v} ${k}`).join(", ");
  const shown =
    s.findings < s.findingsTotal ? ` (showing ${s.findings} of ${s.findingsTotal})` : "";
  const passed = s.passedOver > 0 ? ` (${thousands(s.passedOver)} quiet ones passed over)` : "";
  return `${thousands(s.lines)} lines, ${thousands(s.records)} records${passed}, ${s.templates} templates, ${thousands(s.anomalousRecords)} anomalous records → ${s.findingsTotal} finding(s)${shown}${severities ? `: ${severities}` : ""}${compared}`;
}

function tokensText(report: Report): string {
  const t = report.stats.tokens;
  return `Llama-3 tokens: input ${t.inputEstimated ? "≈" : ""}${thousands(t.input)}, evidence ${thousands(t.evidence)}`;
}

export function sampleLines(sample: Sample): { before: string[]; text: string[]; after: string[] } {
  return { before: sample.before ?? [], text: sample.text.split("\n"), after: sample.after ?? [] };
}

export function findingTitle(f: Finding): string {
  return `${f.severity.toUpperCase()} ${findingHeadline(f)}`;
}

/** The title without its severity, for a report that shows the severity apart (HTML). */
export function findingHeadline(f: Finding): string {
  return `×${f.count}${baselineMark(f)}  ${f.template}`;
}

/** Against a baseline: " NEW", or how many records the baseline had of it. */
function baselineMark(f: Finding): string {
  if (!f.baseline) return "";
  return f.baseline.count === 0 ? " NEW" : ` (baseline ×${f.baseline.count})`;
}

export function knowledgeText(f: Finding): string {
  if (f.knowledge.length === 0) return "none matched";
  return f.knowledge.map((k) => `${k.id} (${k.kind}, ${k.score.toFixed(2)})`).join(", ");
}

function llmText(report: Report): string | undefined {
  const llm = report.stats.llm;
  if (!llm) return undefined;
  return `LLM: ${llm.calls} call(s), ${llm.cached} cached, ${llm.failed} failed; tokens sent ${thousands(llm.tokensSent)}, received ${thousands(llm.tokensReceived)}`;
}

interface TimelineEntry {
  /** The finding's number in the report. */
  number: number;
  finding: Finding;
  /** How long after the first finding began this one did: "+0 s", "+3 min". */
  offset: string;
}

/**
 * The findings in the order they began, each with its delay after the first: the problem that
 * came first is often the cause of the rest. Empty unless there are two findings or more and every
 * one starts at a time a Date can read (times as logged in other shapes could sort wrongly).
 */
function timeline(report: Report): TimelineEntry[] {
  const dated = report.findings.map((finding, i) => ({
    finding,
    number: i + 1,
    at: Date.parse(finding.firstSeen ?? ""),
  }));
  if (dated.length < 2 || dated.some((d) => !Number.isFinite(d.at))) return [];
  dated.sort((a, b) => a.at - b.at || a.number - b.number);
  const start = dated[0]?.at ?? 0;
  return dated.map(({ finding, number, at }) => ({
    number,
    finding,
    offset: `+${durationText(at - start)}`,
  }));
}

const TIMELINE_TEMPLATE_CHARS = 80;

/** The timeline as rows: when, how long after the first, which finding. */
export function timelineRows(report: Report): string[] {
  return timeline(report).map(timelineText);
}

function timelineText({ number, finding, offset }: TimelineEntry): string {
  const template =
    finding.template.length > TIMELINE_TEMPLATE_CHARS
      ? `${finding.template.slice(0, TIMELINE_TEMPLATE_CHARS - 1)}…`
      : finding.template;
  return `${finding.firstSeen}  ${offset.padEnd(9)} #${number} ${finding.severity.toUpperCase()} ×${finding.count}  ${template}`;
}

/** The lines that open every human-readable report: counts, time span, tokens, LLM use. */
export function headerLines(report: Report): string[] {
  const lines = [countsText(report), `Time span: ${spanText(report)}`, tokensText(report)];
  const llm = llmText(report);
  if (llm) lines.push(llm);
  return lines;
}
