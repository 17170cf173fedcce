/**
 * Turns one finding into the text of a prompt: its facts once (count, time span, why it was
 * flagged, the hosts and loggers involved), then its samples and their context lines as messages,
 * the header of each record (time, host, level) left out since the facts carry it. A later sample
 * of the same template says only the values in which it differs; a context line already shown in
 * the prompt is left out, and one that is a record of one of its findings is referred to. Each piece
 * is capped in tokens, and a finding that shares its call keeps to a share of log text that
 * shrinks as the call carries more findings: its first sample always, the rest in order of use.
 */
import type { Finding, Sample } from "../pipeline/types.js";
import { truncateToTokens } from "./budget.js";
import { defang, fill, PROMPTS } from "./prompts/index.js";
import { countTokens } from "./tokens.js";

export const TEMPLATE_TOKENS = 512;
const LINE_TOKENS = 400;
const CONTEXT_LINE_TOKENS = 60;
/**
 * Context lines sent on each side of a sample. The neighbours carry most of the context's
 * signal; every further line costs as much as the sample itself (measured by bench/llm-tokens).
 */
const CONTEXT_LINES = 1;
/** Log text a finding may take in a call it shares, divided among the call's findings. */
const EVIDENCE_CALL_TOKENS = 480;
const MIN_EVIDENCE_TOKENS = 48;
const MAX_SOURCES_NAMED = 3;
/** Hosts and loggers named in the facts of a lone finding (one in a batch); the rest are counted. */
const MAX_NAMES = 2;
/** Longer lines and templates are not matched: the cost of a regex grows with both. */
const PATTERN_LINE_CHARS = 4096;
/**
 * Values are read from shorter lines only, with few wildcards: lazy groups between literals
 * backtrack more with every group and character.
 */
const VALUES_LINE_CHARS = 1024;
const MAX_VALUES = 16;

export interface FindingHeader {
  id: string;
  severity: string;
  count: string;
  sources: string;
  span: string;
  reasons: string;
}

/**
 * The time span, as precise as its length makes useful: fractions of a second never, the time of
 * day only within one day (a span of weeks reads as dates).
 */
function spanOf(first: string | null, last: string | null): string {
  const short = (ts: string) => ts.replace(/\.\d+(?=Z|[+-]\d\d:?\d\d$)/, "").replace("T", " ");
  if (!first) return "";
  if (!last || short(last) === short(first)) return `, at ${short(first)}`;
  const date = /^\d{4}-\d\d-\d\d(?=[T ])/.exec(first)?.[0];
  if (date && last.startsWith(date))
    return `, ${short(first)} to ${short(last.slice(date.length + 1))}`;
  const lastDate = /^\d{4}-\d\d-\d\d(?=[T ])/.exec(last)?.[0];
  return date && lastDate ? `, ${date} to ${lastDate}` : `, ${short(first)} to ${short(last)}`;
}

/**
 * Vocabulary reasons repeat words the samples show; the rest say what the samples cannot. Rarity
 * is said without its counts (the finding's own count is in its facts already), and the record
 * level only when nothing else flagged it: the severity beside it says as much.
 */
function reasonsOf(finding: Finding): string {
  const reasons = finding.reasons
    .filter((r) => !r.startsWith("vocab:"))
    .map((r) => (r.startsWith("rare:") ? "rare" : r));
  const beyondLevel = reasons.filter((r) => !r.startsWith("level:"));
  return (beyondLevel.length > 0 ? beyondLevel : reasons).join(", ") || "unusual words";
}

export function header(finding: Finding): FindingHeader {
  return {
    id: finding.id,
    severity: finding.severity,
    count: finding.count === 1 ? "1 record" : `${finding.count} records`,
    sources:
      finding.sources.length > MAX_SOURCES_NAMED
        ? `${finding.sources.length} sources`
        : defang(finding.sources.join(", ") || "the input"),
    span: spanOf(finding.firstSeen, finding.lastSeen),
    reasons: reasonsOf(finding),
  };
}

/** Log text, capped and unable to close its fence. */
export function logText(text: string, maxTokens: number): string {
  return truncateToTokens(defang(text), maxTokens);
}

/** The log text one finding may take in a call of `findings`; unbounded alone (split in parts). */
export function evidenceCap(findings: number): number {
  return findings <= 1
    ? Number.POSITIVE_INFINITY
    : Math.max(MIN_EVIDENCE_TOKENS, Math.floor(EVIDENCE_CALL_TOKENS / findings));
}

/**
 * What one prompt already holds: messages shown, and the templates of its findings by key. A
 * context line shown before is left out; one that is a record of a finding is referred to.
 */
export interface Shown {
  lines: Set<string>;
  templates: { key: string; pattern: RegExp }[];
}

/** A template's words as regex source, each `<*>` as `wildcard`; none for wildcards-only ones. */
function templateSource(template: string, wildcard: string): string | undefined {
  if (template.length > PATTERN_LINE_CHARS) return undefined;
  const words = template.split(/\s+/).filter(Boolean);
  if (!words.some((w) => w.replace(/<\*>/g, "").length >= 3)) return undefined;
  return words
    .map((w) =>
      w
        .split("<*>")
        .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join(wildcard),
    )
    .join("\\s+");
}

/** A template as a pattern for the end of a line (a raw line's header before the message varies). */
export function templatePattern(template: string): RegExp | undefined {
  const body = templateSource(template, "\\S*");
  return body === undefined ? undefined : new RegExp(`(?:^|\\s)${body}\\s*$`);
}

/** The values a one-line message gives the template's wildcards, if it is that template. */
export function templateValues(template: string, message: string): string[] | undefined {
  if (message.includes("\n") || message.length > VALUES_LINE_CHARS) return undefined;
  if (template.split("<*>").length - 1 > MAX_VALUES) return undefined;
  const body = templateSource(template, "(.*?)");
  return body === undefined ? undefined : new RegExp(`^\\s*${body}\\s*$`).exec(message)?.slice(1);
}

/** A context line as shown, or none when the prompt already holds it. */
function contextLine(message: string, shown: Shown): string | undefined {
  if (shown.lines.has(message)) return undefined;
  const of =
    message.length <= PATTERN_LINE_CHARS
      ? shown.templates.find((t) => t.pattern.test(message))
      : undefined;
  if (of) return `  (a record of ${of.key})`;
  shown.lines.add(message);
  return `  ${logText(message, CONTEXT_LINE_TOKENS)}`;
}

/** A sample's record and context lines as messages (raw lines for samples kept before parsing). */
function messagesOf(sample: Sample) {
  const p = sample.parsed;
  return {
    message: p?.message ?? sample.text,
    before: (p?.before ?? sample.before ?? []).slice(-CONTEXT_LINES),
    after: (p?.after ?? sample.after ?? []).slice(0, CONTEXT_LINES),
  };
}

/** One line of the evidence: where it goes and how much it matters when the share runs out. */
interface Piece {
  position: number;
  rank: number;
  text: string;
}

export interface EvidenceOptions {
  /** Render context lines (false only when a lone sample is cut to fit). */
  context: boolean;
  /** Prefix each sample with its source (the finding spans several). */
  withSource: boolean;
  /** Tokens of log text this finding may take (evidenceCap). */
  cap: number;
}

/**
 * The fenced lines of one finding: the template unless the first sample shows it, the first
 * sample whole, later ones by their values when they share its template, then context lines.
 */
export function evidenceLines(finding: Finding, shown: Shown, options: EvidenceOptions): string[] {
  const pieces: Piece[] = [];
  const add = (rank: number, text: string) => pieces.push({ position: pieces.length, rank, text });
  const [first] = finding.samples;
  const firstMessage = first && messagesOf(first).message;
  const firstValues = firstMessage && templateValues(finding.template, firstMessage);
  if (firstValues === undefined) add(1, `template: ${logText(finding.template, TEMPLATE_TOKENS)}`);
  finding.samples.forEach((sample, i) => {
    const { message, before, after } = messagesOf(sample);
    const where = `${options.withSource && sample.source ? `${defang(sample.source)}:` : ""}${sample.line}`;
    const context = (lines: string[]) => {
      if (!options.context) return;
      for (const line of lines) {
        const text = contextLine(line, shown);
        if (text !== undefined) add(3, text);
      }
    };
    context(before);
    shown.lines.add(message);
    const values = i > 0 && firstValues ? templateValues(finding.template, message) : undefined;
    // Only the values that differ from the first sample's: the rest is the same message again.
    // A sample that does not match the template (a merged one) may still repeat the first whole.
    const differ = values?.filter((v, j) => v !== firstValues?.[j]);
    const repeat = i > 0 && message === firstMessage;
    const text =
      repeat || differ?.length === 0
        ? "(same)"
        : differ === undefined
          ? logText(message, LINE_TOKENS)
          : `(same with ${logText(differ.join(" | "), LINE_TOKENS)})`;
    add(i === 0 ? 0 : 2, `${where}> ${text}`);
    context(after);
  });
  return within(pieces, options.cap);
}

/**
 * The pieces that fit in `cap` by rank, in their order. The first sample is always kept whole
 * (within LINE_TOKENS): a stack trace's continuation lines are the evidence.
 */
function within(pieces: Piece[], cap: number): string[] {
  if (cap === Number.POSITIVE_INFINITY) return pieces.map((p) => p.text);
  let used = 0;
  const kept = new Set<Piece>();
  for (const piece of [...pieces].sort((a, b) => a.rank - b.rank || a.position - b.position)) {
    const cost = countTokens(piece.text) + 1;
    if (piece.rank === 0 || used + cost <= cap) {
      kept.add(piece);
      used += cost;
    }
  }
  return [...kept].sort((a, b) => a.position - b.position).map((p) => p.text);
}

/**
 * Hosts or loggers, `max` by name and the rest counted. In a call shared by several findings
 * (`max` 1) several are only counted: one name of many says little about cause or fix, and
 * host names cost up to 15 tokens each (BGL's `R13-M1-N4-I:J18-U11`).
 */
function names(label: string, values: readonly string[] | undefined, max: number): string[] {
  if (!values || values.length === 0) return [];
  if (max === 1 && values.length > 1) return [`${values.length} ${label}`];
  const named = values.slice(0, max).map(defang).join(", ");
  const more = values.length > max ? ` +${values.length - max} more` : "";
  return [`${label}: ${named}${more}`];
}

/**
 * One finding's section: facts we computed outside the fence, facts read from the log (hosts,
 * loggers) and the log text inside. `source` is false when the prompt names the one source of all
 * its findings once; `alone` when the finding has its call to itself.
 */
export function findingSection(
  key: string,
  finding: Finding,
  ids: readonly string[],
  evidence: readonly string[],
  source: boolean,
  alone: boolean,
): string {
  const h = header(finding);
  const max = alone ? MAX_NAMES : 1;
  const facts = [...names("hosts", finding.hosts, max), ...names("loggers", finding.loggers, max)];
  return fill(PROMPTS.finding, {
    key,
    severity: h.severity,
    count: h.count,
    sources: source ? ` in ${h.sources}` : "",
    span: h.span,
    reasons: h.reasons,
    ids: ids.join(", ") || "none",
    evidence: [...(facts.length > 0 ? [facts.join("; ")] : []), ...evidence].join("\n"),
  });
}
