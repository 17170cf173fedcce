/**
 * Packs findings into calls: as many findings per call as `batchSize` and the token budget allow,
 * in order, so that one system prompt and one copy of each shared knowledge chunk serve them all.
 * The answer reserve grows with the findings in the call; a finding that does not fit even alone
 * is left to be split into parts (./plan.ts).
 */
import { ANSWER_TOKENS, CONTEXT_TOKENS, promptTokens, REPAIR_TOKENS } from "./budget.js";
import { type PromptFinding, userPrompt } from "./prompt.js";
import { PROMPTS } from "./prompts/index.js";

/** What one finding's entry in a batch answer may take; a lone finding keeps ANSWER_TOKENS. */
export const ENTRY_TOKENS = 384;
/** The incident summary asked for in the same answer: 200 words and its JSON quoting. */
export const SUMMARY_TOKENS = 400;

/** max_tokens of a call answering `findings` entries (and the summary). */
export function answerTokens(findings: number, summary: boolean): number {
  return Math.max(ANSWER_TOKENS, findings * ENTRY_TOKENS) + (summary ? SUMMARY_TOKENS : 0);
}

export interface Batch<T extends PromptFinding> {
  findings: T[];
  user: string;
  /** The answer holds the incident summary too. */
  summary: boolean;
  maxTokens: number;
}

function fits(user: string, maxTokens: number): boolean {
  const prompt = promptTokens([
    { role: "system", content: PROMPTS.system },
    { role: "user", content: user },
  ]);
  return prompt + maxTokens + REPAIR_TOKENS <= CONTEXT_TOKENS;
}

function batchOf<T extends PromptFinding>(findings: T[], summary: boolean): Batch<T> | undefined {
  const user = userPrompt(findings, { summary });
  const maxTokens = answerTokens(findings.length, summary);
  return fits(user, maxTokens) ? { findings, user, summary, maxTokens } : undefined;
}

export interface Packed<T extends PromptFinding> {
  batches: Batch<T>[];
  /** Too large for one prompt even alone. */
  oversized: T[];
}

/**
 * `summary`: ask for the incident summary in the answer when every finding lands in one call
 * (and it still fits); otherwise the caller asks for it separately.
 */
export function packBatches<T extends PromptFinding>(
  findings: T[],
  batchSize: number,
  summary: boolean,
): Packed<T> {
  const batches: Batch<T>[] = [];
  const oversized: T[] = [];
  let current: Batch<T> | undefined;
  for (const finding of findings) {
    const grown =
      current && current.findings.length < batchSize
        ? batchOf([...current.findings, finding], false)
        : undefined;
    if (grown) {
      current = grown;
      continue;
    }
    if (current) batches.push(current);
    current = batchOf([finding], false);
    if (!current) oversized.push(finding);
  }
  if (current) batches.push(current);
  const [only] = batches;
  if (summary && only && batches.length === 1 && oversized.length === 0) {
    batches[0] = batchOf(only.findings, true) ?? only;
  }
  return { batches, oversized };
}
