/**
 * Turns one finding and its retrieved knowledge into the text blocks of a prompt: the facts line,
 * the fenced log text (template and one block per sample with its context lines) and one block
 * per knowledge hit. Each piece is capped in tokens so that one pathological line cannot crowd
 * out the rest, and nothing is said twice: a template visible verbatim in the first sample is not
 * repeated, and a context line already shown in the same prompt, or that is a record of one of
 * its findings, is referred to, not resent.
 */
import type { SearchHit } from "../knowledge/index-port.js";
import type { KnowledgeDocument } from "../knowledge/model.js";
import type { Finding, Sample } from "../pipeline/types.js";
import { truncateToTokens } from "./budget.js";
import { defang, fill, PROMPTS } from "./prompts/index.js";

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
/** Longer lines and templates are not matched: the cost of a regex grows with both. */
const PATTERN_LINE_CHARS = 4096;
/** Written instead of a context line the prompt already holds. */
const SHOWN_ABOVE = "  (same line as shown above)";

export interface FindingHeader {
  id: string;
  severity: string;
  count: string;
  sources: string;
  span: string;
  reasons: string;
}

/** ".000" milliseconds say nothing; the end's date is left out when it is the start's. */
function spanOf(first: string | null, last: string | null): string {
  const short = (ts: string) => ts.replace(/\.000(?=Z|[+-]\d\d:?\d\d$)/, "");
  if (!first) return "";
  if (!last || last === first) return `, at ${short(first)}`;
  const date = /^\d{4}-\d\d-\d\d[T ]/.exec(first)?.[0];
  const end = date && last.startsWith(date) ? last.slice(date.length) : last;
  return `, ${short(first)} to ${short(end)}`;
}

export function header(finding: Finding): FindingHeader {
  return {
    id: finding.id,
    severity: finding.severity,
    count: String(finding.count),
    sources:
      finding.sources.length > MAX_SOURCES_NAMED
        ? `${finding.sources.length} sources`
        : defang(finding.sources.join(", ") || "the input"),
    span: spanOf(finding.firstSeen, finding.lastSeen),
    reasons: finding.reasons.join(", ") || "anomaly score",
  };
}

/** Log text, capped and unable to close its fence. */
export function logText(text: string, maxTokens: number): string {
  return truncateToTokens(defang(text), maxTokens);
}

/**
 * What one prompt already holds: lines shown, and the templates of its findings by key. A context
 * line shown before, or that is a record of a finding in the prompt, is referred to instead.
 */
export interface Shown {
  lines: Set<string>;
  templates: { key: string; pattern: RegExp }[];
}

/**
 * A template as a pattern for the end of a line (the header before the message varies). None
 * for templates of wildcards and short words only, which would match lines of anything.
 */
export function templatePattern(template: string): RegExp | undefined {
  if (template.length > PATTERN_LINE_CHARS) return undefined;
  const words = template.split(/\s+/).filter(Boolean);
  if (!words.some((w) => w.replace(/<\*>/g, "").length >= 3)) return undefined;
  const body = words
    .map((w) =>
      w
        .split("<*>")
        .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join("\\S*"),
    )
    .join("\\s+");
  return new RegExp(`(?:^|\\s)${body}\\s*$`);
}

function contextLine(line: string, shown: Shown): string {
  if (shown.lines.has(line)) return SHOWN_ABOVE;
  const of =
    line.length <= PATTERN_LINE_CHARS
      ? shown.templates.find((t) => t.pattern.test(line))
      : undefined;
  if (of) return `  (a record of ${of.key})`;
  shown.lines.add(line);
  return `  ${logText(line, CONTEXT_LINE_TOKENS)}`;
}

/** `withSource` only when the finding spans several sources; the facts line names a single one. */
export function sampleBlock(
  sample: Sample,
  withContext: boolean,
  withSource: boolean,
  shown: Shown,
): string {
  const where = `${withSource && sample.source ? `${defang(sample.source)}:` : ""}${sample.line}`;
  const context = (lines: string[]) => (withContext ? lines.map((l) => contextLine(l, shown)) : []);
  const before = context((sample.before ?? []).slice(-CONTEXT_LINES));
  shown.lines.add(sample.text);
  const line = `${where}> ${logText(sample.text, LINE_TOKENS)}`;
  return [...before, line, ...context((sample.after ?? []).slice(0, CONTEXT_LINES))].join("\n");
}

/** The template, unless the first sample already shows it word for word (no variable parts). */
export function templateLine(finding: Finding): string | undefined {
  const first = finding.samples[0]?.text ?? "";
  if (!finding.template.includes("<*>") && first.includes(finding.template)) return undefined;
  return `template: ${logText(finding.template, TEMPLATE_TOKENS)}`;
}

/**
 * One finding's section: facts outside the fence, log text inside. `source` is false when the
 * prompt names the one source of all its findings once.
 */
export function findingSection(
  key: string,
  finding: Finding,
  ids: readonly string[],
  blocks: readonly string[],
  source: boolean,
): string {
  const h = header(finding);
  const template = templateLine(finding);
  return fill(PROMPTS.finding, {
    key,
    severity: h.severity,
    count: h.count,
    sources: source ? ` in ${h.sources}` : "",
    span: h.span,
    reasons: h.reasons,
    ids: ids.join(", ") || "none",
    evidence: [...(template ? [template] : []), ...blocks].join("\n"),
  });
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
