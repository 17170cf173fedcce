/**
 * Plans the prompts for one finding within the token budget: header, template and knowledge go
 * in every prompt; sample blocks are packed into as few parts as fit. One part is the normal
 * case; evidence too large for one prompt is split into parts that are sent in sequence, each
 * carrying the previous part's answer, and the last answer is the merged one.
 */
import { InternalError } from "../errors.js";
import type { SearchHit } from "../knowledge/index-port.js";
import type { KnowledgeDocument } from "../knowledge/model.js";
import type { Finding } from "../pipeline/types.js";
import {
  ANSWER_TOKENS,
  CONTEXT_TOKENS,
  MESSAGE_OVERHEAD,
  promptTokens,
  REPAIR_TOKENS,
  truncateToTokens,
} from "./budget.js";
import {
  CHUNK_TOKENS,
  header,
  knowledgeBlock,
  logText,
  MAX_HITS,
  sampleBlock,
  TEMPLATE_TOKENS,
} from "./evidence.js";
import { fill, PROMPTS } from "./prompts/index.js";
import { countTokens } from "./tokens.js";

/** Knowledge may take at most this share of the prompt, so samples always have room. */
const KNOWLEDGE_SHARE = 1 / 3;
const MIN_CHUNK_TOKENS = 48;
/** Room kept in each part for the previous part's answer and the words around it. */
export const PREVIOUS_TOKENS = ANSWER_TOKENS + 64;
/** "part 3 of 12" is rendered after packing; its digits may cost a few tokens more. */
const PART_MARGIN = 16;

export interface PromptPart {
  /** The user prompt, given the previous part's answer (JSON) or "" for the first part. */
  render(previous: string): string;
}

export interface FindingPlan {
  parts: PromptPart[];
  /** The hits shown to the model; the only ids it may cite. */
  hits: SearchHit[];
}

/** Tokens the user message may take: the context minus system prompt, answer and repair turn. */
export function userBudget(system: string): number {
  return (
    CONTEXT_TOKENS -
    ANSWER_TOKENS -
    REPAIR_TOKENS -
    promptTokens([{ role: "system", content: system }]) -
    MESSAGE_OVERHEAD
  );
}

function knowledgeSection(
  hits: SearchHit[],
  documents: ReadonlyMap<string, KnowledgeDocument>,
  budget: number,
): { text: string; hits: SearchHit[] } {
  let shown = hits.slice(0, MAX_HITS);
  let cap = CHUNK_TOKENS;
  for (;;) {
    const text = shown.map((h) => knowledgeBlock(h, documents.get(h.id), cap)).join("\n\n");
    if (countTokens(text) <= budget || shown.length === 0) {
      return { text: text || PROMPTS.noKnowledge, hits: shown };
    }
    // Shorter chunks first, fewer documents only when even short chunks do not fit.
    if (cap > MIN_CHUNK_TOKENS) cap = Math.floor(cap / 2);
    else shown = shown.slice(0, -1);
  }
}

export function planFinding(
  finding: Finding,
  hits: SearchHit[],
  documents: ReadonlyMap<string, KnowledgeDocument>,
  system: string,
): FindingPlan {
  const budget = userBudget(system);
  const knowledge = knowledgeSection(hits, documents, Math.floor(budget * KNOWLEDGE_SHARE));
  const fixed = {
    ...header(finding),
    template: logText(finding.template, TEMPLATE_TOKENS),
    knowledge: knowledge.text,
  };
  const render = (blocks: string[], part: string, previous: string) =>
    fill(PROMPTS.finding, { ...fixed, samples: blocks.join("\n"), part, previous });

  const manySources = finding.sources.length > 1;
  const blocks = finding.samples.map((s) => sampleBlock(s, true, manySources));
  if (countTokens(render(blocks, "", "")) <= budget) {
    return {
      parts: [{ render: (previous) => render(blocks, "", previous) }],
      hits: knowledge.hits,
    };
  }

  const partBudget = budget - PREVIOUS_TOKENS - PART_MARGIN;
  const marker = fill(PROMPTS.part, { index: "1", total: "1" });
  const fits = (candidate: string[]) => countTokens(render(candidate, marker, "")) <= partBudget;
  const groups: string[][] = [];
  let current: string[] = [];
  finding.samples.forEach((sample, i) => {
    const full = blocks[i] ?? "";
    if (fits([...current, full])) {
      current.push(full);
      return;
    }
    if (current.length > 0) groups.push(current);
    // Alone and still too large: context lines go first, then the line itself is cut.
    const room = partBudget - countTokens(render([], marker, ""));
    current = [
      fits([full]) ? full : truncateToTokens(sampleBlock(sample, false, manySources), room),
    ];
  });
  if (current.length > 0) groups.push(current);

  const parts = groups.map((group, i) => {
    const part = fill(PROMPTS.part, { index: String(i + 1), total: String(groups.length) });
    return { render: (previous: string) => render(group, part, previous) };
  });
  for (const part of parts) {
    // A bug here would overflow the model's context; fail loudly rather than send it.
    if (countTokens(part.render("")) > budget - PREVIOUS_TOKENS) {
      throw new InternalError(`prompt for finding ${finding.id} exceeds the token budget`);
    }
  }
  return { parts, hits: knowledge.hits };
}

/** The previous part's answer as it is shown to the model, never longer than its reserve. */
export function previousSection(answerJson: string): string {
  return fill(PROMPTS.previous, { answer: truncateToTokens(answerJson, ANSWER_TOKENS) });
}
