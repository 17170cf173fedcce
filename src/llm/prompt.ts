/**
 * Renders the user message of one call: the findings it explains (each under its key, F1..Fn),
 * the knowledge they use listed once however many of them use it, the one source they share
 * named once, and, when this call carries the whole incident, the request for its summary.
 */
import { basename } from "node:path";
import type { SearchHit } from "../knowledge/index-port.js";
import type { KnowledgeDocument } from "../knowledge/model.js";
import type { Finding } from "../pipeline/types.js";
import {
  evidenceCap,
  evidenceLines,
  findingSection,
  type Shown,
  templatePattern,
} from "./evidence.js";
import { knowledgeEntries } from "./knowledge.js";
import { defang, fill, PROMPTS } from "./prompts/index.js";

/** A finding as a prompt shows it: its samples (or one part's) and the knowledge chosen for it. */
export interface PromptFinding {
  finding: Finding;
  /** The hits shown for it, best first, the only ids it may cite. */
  hits: SearchHit[];
  /** The documents of `hits`, for their cause and fix. */
  documents: ReadonlyMap<string, KnowledgeDocument>;
}

export interface UserPromptOptions {
  /** "part 2 of 3" of a finding too large for one message. */
  part?: string;
  /** The answer so far, for the later parts. */
  previous?: string;
  /** Ask for the incident summary in the same answer. */
  summary?: boolean;
  /** Render samples with their context lines (false only when a lone sample is cut to fit). */
  context?: boolean;
}

export const keyOf = (i: number): string => `F${i + 1}`;

/** The one source every finding's records come from, if there is one. */
function sharedSource(findings: readonly PromptFinding[]): string | undefined {
  const [first] = findings;
  const source = first?.finding.sources.length === 1 ? first.finding.sources[0] : undefined;
  return source !== undefined &&
    findings.every((f) => f.finding.sources.length === 1 && f.finding.sources[0] === source)
    ? source
    : undefined;
}

export function userPrompt(
  findings: readonly PromptFinding[],
  options: UserPromptOptions = {},
): string {
  const source = sharedSource(findings);
  const shown: Shown = { lines: new Set(), templates: [] };
  findings.forEach(({ finding }, i) => {
    const pattern = templatePattern(finding.template);
    if (pattern) shown.templates.push({ key: keyOf(i), pattern });
  });
  const cap = evidenceCap(findings.length);
  const sections = findings.map(({ finding, hits }, i) => {
    const evidence = evidenceLines(finding, shown, {
      context: options.context ?? true,
      withSource: finding.sources.length > 1,
      cap,
    });
    const ids = hits.map((h) => h.id);
    return findingSection(
      keyOf(i),
      finding,
      ids,
      evidence,
      source === undefined,
      findings.length === 1,
    );
  });
  const knowledge = knowledgeEntries(findings);
  // A range reads as well as the list and costs 10 tokens where ten keys cost 30.
  const keys = [
    findings.length > 2
      ? `${keyOf(0)} to ${keyOf(findings.length - 1)}`
      : findings.map((_, i) => keyOf(i)).join(", "),
  ];
  if (options.summary) keys.push("summary");
  return fill(PROMPTS.batch, {
    what: findings.length === 1 ? "this finding" : `these ${findings.length} findings`,
    // The file's name is all the model needs of it; its directories only cost tokens.
    where: source === undefined ? "" : fill(PROMPTS.where, { source: defang(basename(source)) }),
    part: options.part ?? "",
    knowledge:
      knowledge.length > 0
        ? `\n${fill(PROMPTS.knowledge, { entries: knowledge.join("\n\n") })}`
        : "",
    findings: sections.join("\n\n"),
    previous: options.previous ?? "",
    summary: options.summary ? PROMPTS.summaryEntry : "",
    keys: keys.join(", "),
  });
}
