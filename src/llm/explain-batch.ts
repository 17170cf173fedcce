/**
 * Asks one batch: one system prompt, the findings under their keys (F1..Fn), one answer object
 * validated entry by entry against each finding's own knowledge ids, the incident summary when
 * the batch was planned to carry it.
 */
import { type Asked, askEntries } from "./ask.js";
import type { Batch } from "./batch.js";
import { keyOf, type PromptFinding } from "./prompt.js";
import { PROMPTS } from "./prompts/index.js";
import type { LlmSession } from "./session.js";

export interface BatchAnswer {
  /** In the order of the batch's findings. */
  answers: Asked[];
  summary?: string;
}

export async function askBatch<T extends PromptFinding>(
  session: LlmSession,
  batch: Batch<T>,
): Promise<BatchAnswer> {
  const entries = batch.findings.map((item, i) => ({
    key: keyOf(i),
    knownIds: new Set(item.hits.map((h) => h.id)),
    streamId: item.finding.id,
  }));
  const call = await askEntries(
    session,
    [
      { role: "system", content: PROMPTS.system },
      { role: "user", content: batch.user },
    ],
    entries,
    { maxTokens: batch.maxTokens, summary: batch.summary },
  );
  return {
    answers: entries.map((e) => call.answers.get(e.key) ?? { ok: false, reason: "no answer" }),
    summary: call.summary,
  };
}
