/** The terminal report: a summary header, then each finding as description, cause, fix, evidence. */
import type { Finding, Report, Severity } from "../types.js";
import { findingTitle, headerLines, knowledgeText, sampleLines, timelineRows } from "./summary.js";

const ANSI = {
  reset: "\x1b[0m",
  bold: "\x1b[1m",
  dim: "\x1b[2m",
  red: "\x1b[31m",
  magenta: "\x1b[35m",
  yellow: "\x1b[33m",
  cyan: "\x1b[36m",
};

const SEVERITY_COLOUR: Record<Severity, string> = {
  critical: ANSI.magenta,
  error: ANSI.red,
  warning: ANSI.yellow,
  info: ANSI.cyan,
};

type Paint = (text: string, ...styles: string[]) => string;

function painter(colour: boolean): Paint {
  return colour ? (text, ...styles) => `${styles.join("")}${text}${ANSI.reset}` : (text) => text;
}

function renderFinding(f: Finding, index: number, paint: Paint): string[] {
  const out = [paint(`${index + 1}. ${findingTitle(f)}`, ANSI.bold, SEVERITY_COLOUR[f.severity])];
  out.push(`   ${paint("Error Description:", ANSI.bold)} ${f.description}`);
  out.push(`   ${paint("Possible Cause:", ANSI.bold)} ${f.cause}`);
  out.push(`   ${paint("Recommended Solution:", ANSI.bold)}`);
  for (const [i, step] of f.fix.entries()) out.push(`     ${i + 1}. ${step}`);
  out.push(
    `   ${paint("Knowledge:", ANSI.bold)} ${knowledgeText(f)}  ${paint(`confidence ${f.confidence.toFixed(2)}, by ${f.generatedBy}`, ANSI.dim)}`,
  );
  out.push(`   ${paint("Evidence:", ANSI.bold)}`);
  for (const sample of f.samples) {
    const { before, text, after } = sampleLines(sample);
    for (const line of before) out.push(paint(`       ${line}`, ANSI.dim));
    for (const [i, line] of text.entries()) {
      out.push(`     ${i === 0 ? `${sample.line}:` : " "} ${line}`);
    }
    for (const line of after) out.push(paint(`       ${line}`, ANSI.dim));
  }
  return out;
}

export function renderText(report: Report, colour: boolean): string {
  const paint = painter(colour);
  const out = [paint("logsage report", ANSI.bold), ...headerLines(report)];
  for (const w of report.warnings) out.push(paint(`warning: ${w}`, ANSI.yellow));
  if (report.summary) out.push("", paint("Incident summary:", ANSI.bold), report.summary);
  const began = timelineRows(report);
  if (began.length > 0) {
    out.push("", paint("Timeline (when each finding began):", ANSI.bold));
    for (const row of began) out.push(`  ${row}`);
  }
  if (report.findings.length === 0) out.push("", "No problems found.");
  for (const [i, f] of report.findings.entries()) out.push("", ...renderFinding(f, i, paint));
  return `${out.join("\n")}\n`;
}
