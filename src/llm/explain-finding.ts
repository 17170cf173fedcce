/**
 * Explains one finding with the model: plan the prompt parts within the budget, reuse a cached
 * answer when the same evidence was explained before, otherwise ask part by part (one repair
 * request per invalid answer) and apply the final answer to the finding.
 */
import type { SearchHit } from "../knowledge/index-port.js";
import type { KnowledgeDocument } from "../knowledge/model.js";
import type { Finding, KnowledgeRef } from "../pipeline/types.js";
import { type Answer, AnswerSchema, parseAnswer } from "./answer.js";
import { REPAIR_QUOTE_TOKENS, truncateToTokens } from "./budget.js";
import { cacheKey } from "./cache.js";
import { type FindingPlan, planFinding, previousSection } from "./plan.js";
import { fill, PROMPT_VERSION, PROMPTS } from "./prompts/index.js";
import type { ChatMessage } from "./provider.js";
import type { LlmSession } from "./session.js";

export interface LlmExplainInput {
  finding: Finding;
  hits: SearchHit[];
  documents: ReadonlyMap<string, KnowledgeDocument>;
}

export type Explained = { ok: true; finding: Finding } | { ok: false; reason: string };

/** The error text sent back in a repair request; the model needs the gist, not a novel. */
const REPAIR_ERROR_CHARS = 300;

type Asked = { ok: true; answer: Answer } | { ok: false; reason: string };

async function askValid(
  session: LlmSession,
  messages: ChatMessage[],
  knownIds: ReadonlySet<string>,
  streamId: string,
): Promise<Asked> {
  const text = await session.chat(messages, streamId);
  const first = parseAnswer(text, knownIds);
  if (first.ok) return first;
  const repair: ChatMessage[] = [
    ...messages,
    { role: "assistant", content: truncateToTokens(text, REPAIR_QUOTE_TOKENS) },
    {
      role: "user",
      content: fill(PROMPTS.repair, { error: first.error.slice(0, REPAIR_ERROR_CHARS) }),
    },
  ];
  const second = parseAnswer(await session.chat(repair, streamId), knownIds);
  return second.ok
    ? second
    : { ok: false, reason: `invalid answer after a repair request (${second.error})` };
}

/** Parts in sequence, each refining the previous answer; citations of every part are kept. */
async function askParts(session: LlmSession, plan: FindingPlan, findingId: string): Promise<Asked> {
  const knownIds = new Set(plan.hits.map((h) => h.id));
  const cited: string[] = [];
  let previous: Answer | undefined;
  for (const part of plan.parts) {
    const user = part.render(previous ? previousSection(JSON.stringify(previous)) : "");
    const asked = await askValid(
      session,
      [
        { role: "system", content: PROMPTS.system },
        { role: "user", content: user },
      ],
      knownIds,
      findingId,
    );
    if (!asked.ok) return asked;
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
function applyAnswer(fallback: Finding, answer: Answer, hits: SearchHit[], model: string): Finding {
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

export async function explainFinding(
  session: LlmSession,
  input: LlmExplainInput,
  fallback: Finding,
): Promise<Explained> {
  const plan = planFinding(input.finding, input.hits, input.documents, PROMPTS.system);
  const { name, model } = session.provider;
  const key = cacheKey([
    name,
    model,
    PROMPT_VERSION,
    input.finding.template,
    plan.parts.map((p) => p.render("")),
    plan.hits.map((h) => h.id),
  ]);
  const cached = await session.recall(key, (value) => {
    const parsed = AnswerSchema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  });
  if (cached) return { ok: true, finding: applyAnswer(fallback, cached, plan.hits, model) };
  const asked = await askParts(session, plan, input.finding.id);
  if (!asked.ok) return asked;
  await session.remember(key, asked.answer);
  return { ok: true, finding: applyAnswer(fallback, asked.answer, plan.hits, model) };
}
