/**
 * explain: fills each finding's description, cause and fix. Without knowledge or an LLM it writes
 * a factual description and the generic next steps for the finding's class of failure, with a low
 * confidence, and says plainly that nothing in the knowledge base matched.
 */
import type { Finding } from "../types.js";
import { classify } from "./classes.js";

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
  if (finding.firstSeen === finding.lastSeen) return ` at ${finding.firstSeen}`;
  return ` from ${finding.firstSeen} to ${finding.lastSeen}`;
}

export function describe(finding: Finding): string {
  return `${plural(finding.count, "record")} matching "${finding.template}"${when(finding)}${where(finding)} (${finding.reasons.slice(0, 4).join(", ")}).`;
}

/** Knowledge-free explanation: the description plus generic guidance for the failure class. */
export function explainWithoutKnowledge(finding: Finding): Finding {
  const evidence = [finding.template, ...finding.samples.map((s) => s.text)].join("\n");
  const failure = classify(evidence);
  return {
    ...finding,
    description: describe(finding),
    cause: `No matching knowledge found. This looks like a ${failure.name} problem: ${failure.cause}`,
    fix: failure.fix,
    confidence: 0.2,
    knowledge: [],
    generatedBy: "knowledge",
  };
}
