/**
 * Turns one finding and its retrieved knowledge into the text blocks of a prompt: the header
 * facts, the template, one block per sample (with its context lines) and one per knowledge hit.
 * Each piece is capped in tokens so that one pathological line cannot crowd out the rest.
 */
import type { SearchHit } from "../knowledge/index-port.js";
import type { KnowledgeDocument } from "../knowledge/model.js";
import type { Finding, Sample } from "../pipeline/types.js";
import { truncateToTokens } from "./budget.js";
import { defang } from "./prompts/index.js";

export const TEMPLATE_TOKENS = 512;
export const LINE_TOKENS = 400;
export const CONTEXT_LINE_TOKENS = 100;
export const CHUNK_TOKENS = 400;
/** Hits beyond the best few rarely change an answer and cost the most tokens. */
export const MAX_HITS = 5;

export interface FindingHeader {
  id: string;
  severity: string;
  count: string;
  span: string;
  reasons: string;
}

export function header(finding: Finding): FindingHeader {
  const span =
    finding.firstSeen && finding.lastSeen && finding.firstSeen !== finding.lastSeen
      ? `, from ${finding.firstSeen} to ${finding.lastSeen}`
      : finding.firstSeen
        ? `, at ${finding.firstSeen}`
        : "";
  return {
    id: finding.id,
    severity: finding.severity,
    count: String(finding.count),
    span,
    reasons: finding.reasons.join(", ") || "anomaly score",
  };
}

/** Log text, capped and unable to close its fence. */
export function logText(text: string, maxTokens: number): string {
  return truncateToTokens(defang(text), maxTokens);
}

export function sampleBlock(sample: Sample, withContext: boolean): string {
  const where = `line ${sample.line}${sample.source ? ` of ${sample.source}` : ""}`;
  const context = (lines: string[] | undefined) =>
    withContext ? (lines ?? []).map((l) => `  ${logText(l, CONTEXT_LINE_TOKENS)}`) : [];
  return [
    `--- ${where}`,
    ...context(sample.before),
    `> ${logText(sample.text, LINE_TOKENS)}`,
    ...context(sample.after),
  ].join("\n");
}

export function knowledgeBlock(
  hit: SearchHit,
  document: KnowledgeDocument | undefined,
  maxTokens: number,
): string {
  const lines = [`[${hit.id}] ${hit.kind}: ${hit.title}`];
  if (hit.chunk.sectionPath.length > 0) lines.push(`Section: ${hit.chunk.sectionPath.join(" > ")}`);
  lines.push(hit.chunk.text);
  // The chunk that matched may be the symptoms section; cause and fix are what the answer needs.
  if (document?.cause && !hit.chunk.text.includes(document.cause)) {
    lines.push(`Cause: ${document.cause}`);
  }
  const missing = (document?.fix ?? []).filter((step) => !hit.chunk.text.includes(step));
  if (missing.length > 0) lines.push("Fix:", ...missing.map((step) => `- ${step}`));
  return truncateToTokens(defang(lines.join("\n")), maxTokens);
}
