/**
 * explain: fills each finding's description, cause and fix. Without knowledge or an LLM it writes
 * a factual description and the generic next steps for the finding's class of failure, with a low
 * confidence, and says plainly that nothing in the knowledge base matched.
 */

import type { Finding } from "../types.js";
import { durationText } from "../wording.js";
import { classify } from "./classes.js";
import { listed, reasonText } from "./reasons.js";

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function where(finding: Finding): string {
  const sources =
    finding.sources.length === 1 ? finding.sources[0] : plural(finding.sources.length, "source");
  const first = finding.lines[0];
  const last = finding.lines[finding.lines.length - 1];
  if (first === undefined) return ` in ${sources}`;
  return first === last
    ? ` in ${sources} at line ${first}`
    : ` in ${sources}, lines ${first}–${last}`;
}

function when(finding: Finding): string {
  if (!finding.firstSeen) return "";
  if (!finding.lastSeen || finding.firstSeen === finding.lastSeen)
    return ` at ${finding.firstSeen}`;
  return ` from ${finding.firstSeen} to ${finding.lastSeen}${lasting(finding.firstSeen, finding.lastSeen)}`;
}

/** " (25 min)": how long the problem lasted, when both ends are times a Date can read. */
function lasting(first: string, last: string): string {
  const ms = Date.parse(last) - Date.parse(first);
  return Number.isFinite(ms) && ms >= 500 ? ` (${durationText(ms)})` : "";
}

/**
 * What happened, how often, when and where, and why it was flagged. The template is not repeated:
 * every report shows it beside the description, and long ones drown the sentence.
 */
export function describe(finding: Finding): string {
  const why = listed(reasonsInWords(finding.reasons).slice(0, 4));
  const flagged = why ? `, flagged for ${why}` : "";
  const templates = finding.templateIds.length;
  const of = templates > 1 ? `of ${templates} templates` : "of this template";
  return `${plural(finding.count, "record")} ${of}${when(finding)}${where(finding)}${flagged}.${againstBaseline(finding)}`;
}

/** Merged templates bring their own rarity and bursts: said once, without their counts. */
function reasonsInWords(reasons: readonly string[]): string[] {
  const several = (kind: string) => reasons.filter((r) => r.startsWith(`${kind}:`)).length > 1;
  const words = reasons.map((r) => {
    if (r.startsWith("rare:") && several("rare")) return "rarity";
    if (r.startsWith("burst:") && several("burst")) return "bursts";
    return reasonText(r);
  });
  return [...new Set(words)];
}

function againstBaseline(finding: Finding): string {
  if (!finding.baseline) return "";
  const { count } = finding.baseline;
  return count === 0
    ? " New: the baseline has no such record."
    : ` The baseline has it too (${plural(count, "record")}).`;
}

/** "an" before the vowels that open some class names ("an application error"), "a" otherwise. */
function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}

/** Knowledge-free explanation: the description plus generic guidance for the failure class. */
export function explainWithoutKnowledge(finding: Finding): Finding {
  const evidence = [finding.template, ...finding.samples.map((s) => s.text)].join("\n");
  const failure = classify(evidence);
  return {
    ...finding,
    description: describe(finding),
    cause: `No matching knowledge found. This looks like ${article(failure.name)} ${failure.name} problem: ${failure.cause}`,
    fix: failure.fix,
    confidence: 0.2,
    knowledge: [],
    generatedBy: "knowledge",
  };
}
