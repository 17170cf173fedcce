/**
 * The knowledge a prompt shows: for each finding its best document as the text that answers
 * cause and fix, and the next few as id and title only, still citable. The text of a document is
 * cut to a cap that shrinks as the call carries more findings, so that a batch of ten does not
 * send ten runbooks; a document shared by several findings of a call is shown once.
 */
import type { SearchHit } from "../knowledge/index-port.js";
import type { KnowledgeDocument } from "../knowledge/model.js";
import { truncateToTokens } from "./budget.js";
import { defang } from "./prompts/index.js";
import { countTokens } from "./tokens.js";

/** The best hit in full and this many more by title: more rarely changes an answer. */
const MAX_HITS = 3;
/**
 * A further hit is shown (and citable) only when it scores at least this share of the best: one
 * that retrieval ranks far below the best rarely applies, and each costs its title in every call.
 */
const FURTHER_HIT_SHARE = 0.8;

/**
 * A best hit scoring below this is shown by title only, still citable: retrieval found it just
 * over its threshold (0.55), and text that answers another problem would steer the answer wrong
 * ("rts internal error" of a supercomputer's kernel matched "HTTP 500 Internal Server Error").
 */
const CONFIDENT_SCORE = 0.7;

const confident = (hit: SearchHit): boolean => hit.score >= CONFIDENT_SCORE;

/** The hits a prompt shows for one finding: its best, and the next ones that score near it. */
export function shownHits(hits: readonly SearchHit[]): SearchHit[] {
  const best = hits[0]?.score ?? 0;
  return hits
    .slice(0, MAX_HITS)
    .filter((hit, i) => i === 0 || hit.score >= best * FURTHER_HIT_SHARE);
}
/** Tokens of document text a call spends on one finding's best document, shared by its findings. */
const KNOWLEDGE_CALL_TOKENS = 360;
/** A cap below this leaves no sentence whole. */
const MIN_TEXT_TOKENS = 40;
const TITLE_TOKENS = 24;
/** Documents are ours, not evidence: a short mark of the cut is enough. */
const CUT = "…";

function cut(text: string, max: number): string {
  const whole = defang(text);
  const kept = truncateToTokens(whole, max, CUT);
  // Cut at the end of a word: half a word costs its tokens and says nothing.
  return kept === whole ? kept : kept.replace(/\s+\S*…$/, CUT);
}

/** The cap on one document's text in a call carrying `findings` findings. */
export function knowledgeCap(findings: number): number {
  return Math.max(MIN_TEXT_TOKENS, Math.floor(KNOWLEDGE_CALL_TOKENS / Math.max(1, findings)));
}

/**
 * A document's id and title. Of the kinds only "incident" is said: that it happened here before is
 * evidence; runbooks and error codes read as what they are from their titles.
 */
function titleLine(hit: SearchHit): string {
  const kind = hit.kind === "incident" ? "incident: " : "";
  return cut(`[${hit.id}] ${kind}${hit.title}`, TITLE_TOKENS);
}

/**
 * What answers cause and fix, within `cap`: the document's own cause and fix steps when it
 * states them (half the cap each when it has both), else the chunk that matched.
 */
function answeringText(
  hit: SearchHit,
  document: KnowledgeDocument | undefined,
  cap: number,
): string {
  const cause = document?.cause ?? "";
  const fix = document?.fix ?? [];
  if (!cause && fix.length === 0) return cut(hit.chunk.text, cap);
  const causeText = cause ? cut(`Cause: ${cause}`, fix.length > 0 ? Math.ceil(cap / 2) : cap) : "";
  const steps = fix.map((step, i) => `${i + 1}. ${step}`).join(" ");
  const fixText = fix.length > 0 ? cut(`Fix: ${steps}`, cap - countTokens(causeText)) : "";
  return [causeText, fixText].filter(Boolean).join("\n");
}

/** The best document in full (within `cap`), under its id and title. */
function documentBlock(
  hit: SearchHit,
  document: KnowledgeDocument | undefined,
  cap: number,
): string {
  return `${titleLine(hit)}\n${answeringText(hit, document, cap)}`;
}

export interface KnowledgeSource {
  hits: readonly SearchHit[];
  documents: ReadonlyMap<string, KnowledgeDocument>;
}

/**
 * The knowledge entries of one call, each document once: in full when it is the best hit of any
 * finding in the call, by title otherwise.
 */
export function knowledgeEntries(sources: readonly KnowledgeSource[]): string[] {
  const cap = knowledgeCap(sources.length);
  const best = new Set(
    sources.flatMap((s) =>
      s.hits
        .slice(0, 1)
        .filter(confident)
        .map((h) => h.id),
    ),
  );
  const seen = new Set<string>();
  // Documents in full first, titles after: the reader meets the answers before the pointers.
  const full: string[] = [];
  const titles: string[] = [];
  for (const { hits, documents } of sources) {
    for (const hit of hits) {
      if (seen.has(hit.id)) continue;
      seen.add(hit.id);
      if (best.has(hit.id)) full.push(documentBlock(hit, documents.get(hit.id), cap));
      else titles.push(titleLine(hit));
    }
  }
  return [...full, ...titles];
}
