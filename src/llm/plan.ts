/**
 * Plans the prompts within the token budget. Every finding is prepared alone first: its best
 * knowledge hits chosen, its cache key taken from its own evidence. A
 * finding whose evidence is too large for one prompt is split into parts sent in sequence, each
 * carrying the previous part's answer; the last answer is the merged one.
 */
import { InternalError } from "../errors.js";
import type { SearchHit } from "../knowledge/index-port.js";
import type { KnowledgeDocument } from "../knowledge/model.js";
import type { Finding, Sample } from "../pipeline/types.js";
import {
  ANSWER_TOKENS,
  CONTEXT_TOKENS,
  MESSAGE_OVERHEAD,
  promptTokens,
  REPAIR_TOKENS,
  truncateToTokens,
} from "./budget.js";
import { shownHits } from "./knowledge.js";
import { type PromptFinding, userPrompt } from "./prompt.js";
import { fill, PROMPTS } from "./prompts/index.js";
import { countTokens } from "./tokens.js";

/** Room kept in each part for the previous part's answer and the words around it. */
export const PREVIOUS_TOKENS = ANSWER_TOKENS + 64;
/** "part 3 of 12" is rendered after packing; its digits may cost a few tokens more. */
const PART_MARGIN = 16;

/** Tokens the user message may take: the context minus system prompt, answers and repair turn. */
export function userBudget(system: string, answerTokens = ANSWER_TOKENS): number {
  return (
    CONTEXT_TOKENS -
    answerTokens -
    REPAIR_TOKENS -
    promptTokens([{ role: "system", content: system }]) -
    MESSAGE_OVERHEAD
  );
}

/**
 * The finding with the knowledge it will be shown, whatever call it ends up in. Knowledge text
 * is capped when rendered (./knowledge.ts), so the hits always fit beside the evidence.
 */
export function prepareFinding(
  finding: Finding,
  hits: SearchHit[],
  documents: ReadonlyMap<string, KnowledgeDocument>,
): PromptFinding {
  return { finding, hits: shownHits(hits), documents };
}

/** A sample without context lines, its text (and message) cut to `room` tokens. */
function cutSample(sample: Sample, room: number): Sample {
  const parsed = sample.parsed && {
    ...sample.parsed,
    message: truncateToTokens(sample.parsed.message, room),
    before: [],
    after: [],
  };
  const text = truncateToTokens(sample.text, room);
  return { ...sample, text, before: [], after: [], ...(parsed ? { parsed } : {}) };
}

export interface PromptPart {
  /** The user prompt, given the previous part's answer (JSON) or "" for the first part. */
  render(previous: string): string;
}

/** Parts of one finding's evidence, each within the budget with room for the answer so far. */
export function planParts(prepared: PromptFinding): PromptPart[] {
  const budget = userBudget(PROMPTS.system) - PREVIOUS_TOKENS - PART_MARGIN;
  const { finding } = prepared;
  const marker = fill(PROMPTS.part, { index: "1", total: "1" });
  const withSamples = (samples: Finding["samples"]) => ({
    ...prepared,
    finding: { ...finding, samples },
  });
  const fits = (samples: Finding["samples"]) =>
    countTokens(userPrompt([withSamples(samples)], { part: marker })) <= budget;
  const groups: Finding["samples"][] = [];
  let current: Finding["samples"] = [];
  for (const sample of finding.samples) {
    if (fits([...current, sample])) {
      current.push(sample);
      continue;
    }
    if (current.length > 0) groups.push(current);
    // Alone and still too large: context lines go first, then the line itself is cut.
    const room = budget - countTokens(userPrompt([withSamples([])], { part: marker }));
    current = [fits([sample]) ? sample : cutSample(sample, room)];
  }
  if (current.length > 0) groups.push(current);

  const parts = groups.map((group, i) => {
    const part = fill(PROMPTS.part, { index: String(i + 1), total: String(groups.length) });
    return {
      render: (previous: string) => userPrompt([withSamples(group)], { part, previous }),
    };
  });
  for (const part of parts) {
    // A bug here would overflow the model's context; fail loudly rather than send it.
    if (countTokens(part.render("")) > budget + PART_MARGIN) {
      throw new InternalError(`prompt for finding ${finding.id} exceeds the token budget`);
    }
  }
  return parts;
}

/** The previous part's answer as it is shown to the model, never longer than its reserve. */
export function previousSection(answerJson: string): string {
  return fill(PROMPTS.previous, { answer: truncateToTokens(answerJson, ANSWER_TOKENS) });
}
