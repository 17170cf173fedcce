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
/**
 * Context lines sent on each side of a sample. The neighbours carry most of the context's
 * signal; every further line costs as much as the sample itself (measured by bench/llm-tokens).
 */
export const CONTEXT_LINES = 1;
const MAX_SOURCES_NAMED = 3;
/** Hits beyond the best few rarely change an answer and cost the most tokens. */
export const MAX_HITS = 5;

export interface FindingHeader {
  id: string;
  severity: string;
  count: string;
  sources: string;
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
    sources:
      finding.sources.length > MAX_SOURCES_NAMED
        ? `${finding.sources.length} sources`
        : defang(finding.sources.join(", ") || "the input"),
    span,
    reasons: finding.reasons.join(", ") || "anomaly score",
  };
}

/** Log text, capped and unable to close its fence. */
export function logText(text: string, maxTokens: number): string {
  return truncateToTokens(defang(text), maxTokens);
}

/** `withSource` only when the finding spans several sources; the header names a single one. */
export function sampleBlock(sample: Sample, withContext: boolean, withSource: boolean): string {
  const where = `line ${sample.line}${withSource && sample.source ? ` of ${sample.source}` : ""}`;
  const context = (lines: string[]) =>
    withContext ? lines.map((l) => `  ${logText(l, CONTEXT_LINE_TOKENS)}`) : [];
  return [
    `--- ${where}`,
    ...context((sample.before ?? []).slice(-CONTEXT_LINES)),
    `> ${logText(sample.text, LINE_TOKENS)}`,
    ...context((sample.after ?? []).slice(0, CONTEXT_LINES)),
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
