/**
 * What is done per finding whatever call explains it: its cache key (from its own evidence, so a
 * cached answer is found again whichever findings share its next call), the explanation of a
 * finding too large for one prompt (parts in sequence), and applying an answer to the finding.
 */
import type { SearchHit } from "../knowledge/index-port.js";
import type { KnowledgeDocument } from "../knowledge/model.js";
import type { Finding, KnowledgeRef } from "../pipeline/types.js";
import { type Answer, AnswerSchema } from "./answer.js";
import { type Asked, askEntries } from "./ask.js";
import { ANSWER_TOKENS } from "./budget.js";
import { cacheKey } from "./cache.js";
import { planParts, previousSection } from "./plan.js";
import { keyOf, type PromptFinding, userPrompt } from "./prompt.js";
import { PROMPT_VERSION, PROMPTS } from "./prompts/index.js";
import type { LlmProvider } from "./provider.js";
import type { LlmSession } from "./session.js";

export interface LlmExplainInput {
  finding: Finding;
  hits: SearchHit[];
  documents: ReadonlyMap<string, KnowledgeDocument>;
}

/** A finding ready to be asked about, with where it sits in the run's list. */
export interface Prepared extends PromptFinding {
  index: number;
  cacheKey: string;
}

export function findingCacheKey(provider: LlmProvider, prepared: PromptFinding): string {
  return cacheKey([
    provider.name,
    provider.model,
    PROMPT_VERSION,
    prepared.finding.template,
    userPrompt([prepared]),
    prepared.hits.map((h) => h.id),
  ]);
}

export function acceptAnswer(value: unknown): Answer | undefined {
  const parsed = AnswerSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Parts in sequence, each refining the previous answer; citations of every part are kept. */
export async function explainInParts(session: LlmSession, prepared: PromptFinding): Promise<Asked> {
  const entry = {
    key: keyOf(0),
    knownIds: new Set(prepared.hits.map((h) => h.id)),
    streamId: prepared.finding.id,
  };
  const cited: string[] = [];
  let previous: Answer | undefined;
  for (const part of planParts(prepared)) {
    const user = part.render(previous ? previousSection(JSON.stringify(previous)) : "");
    const call = await askEntries(
      session,
      [
        { role: "system", content: PROMPTS.system },
        { role: "user", content: user },
      ],
      [entry],
      { maxTokens: ANSWER_TOKENS, summary: false },
    );
    const asked = call.answers.get(entry.key);
    if (!asked?.ok) return asked ?? { ok: false, reason: "no answer" };
    previous = asked.answer;
    cited.push(...previous.citations);
  }
  if (!previous) return { ok: false, reason: "no evidence to send" };
  return { ok: true, answer: { ...previous, citations: [...new Set(cited)] } };
}

function toRef(hit: SearchHit): KnowledgeRef {
  return {
    id: hit.id,
    kind: hit.kind,
    title: hit.title,
    score: Math.round(hit.score * 1000) / 1000,
  };
}

/**
 * The finding's facts (severity, counts, samples) stay as the pipeline found them; the model
 * writes the explanation. Knowledge lists what was cited, or everything shown when nothing was.
 */
export function applyAnswer(
  fallback: Finding,
  answer: Answer,
  hits: SearchHit[],
  model: string,
): Finding {
  const refs = hits.map(toRef);
  const cited = answer.citations
    .map((id) => refs.find((r) => r.id === id))
    .filter((r): r is KnowledgeRef => r !== undefined);
  return {
    ...fallback,
    description: answer.description,
    cause: answer.cause,
    fix: answer.fix,
    confidence: Math.round(answer.confidence * 100) / 100,
    knowledge: cited.length > 0 ? cited : refs,
    generatedBy: `llm:${model}`,
  };
}
