/**
 * The explaining half: retrieve knowledge per finding (never per line), write the knowledge-only
 * answer, then, when an LLM is configured, let it write the answer instead. A failed LLM call keeps
 * the knowledge-only answer and adds a warning: an analysis is never lost to the model.
 */
import type { Config } from "../../config.js";
import type { KnowledgeReader } from "../../knowledge/base.js";
import type { SearchHit } from "../../knowledge/index-port.js";
import type { StoredDocument } from "../../knowledge/model.js";
import { type AnswerCache, explainWithLlm, type LlmRunStats } from "../../llm/index.js";
import { explainWithoutKnowledge } from "../explain/index.js";
import { explainWithKnowledge } from "../explain/knowledge.js";
import { retrieve } from "../retrieve/index.js";
import type { Finding } from "../types.js";

export interface LlmOptions {
  cache?: AnswerCache;
  /** Ask the model even when a cached answer exists. */
  noCache?: boolean;
  onToken?(findingId: string, text: string): void;
  /** Each finding once its explanation is final, in the order they complete. */
  onFinding?(finding: Finding): void;
  /** Once aborted, findings not yet sent to the LLM keep their knowledge-only answer. */
  signal?: AbortSignal;
  /** One more call summarising the incident across findings. */
  summary: boolean;
}

export interface Explained {
  findings: Finding[];
  warnings: string[];
  llm?: LlmRunStats;
  incidentSummary?: string;
}

export interface Gathered {
  /** Null when the analysis runs without a knowledge base. */
  hits: Map<string, SearchHit[]> | null;
  documents: Map<string, StoredDocument>;
  /** Retrieval that ran weaker than configured (an embedder that failed). */
  warnings: string[];
}

/** Retrieval per finding; done before the LLM so the knowledge base can be closed meanwhile. */
export async function gatherKnowledge(
  findings: Finding[],
  knowledge: KnowledgeReader | null,
): Promise<Gathered> {
  if (!knowledge) return { hits: null, documents: new Map(), warnings: [] };
  const { hits, warnings } = await retrieve(findings, knowledge.index);
  const ids = [...hits.values()].flatMap((list) => list.map((h) => h.id));
  return { hits, documents: await knowledge.documents(ids), warnings };
}

export async function explainFindings(
  findings: Finding[],
  { hits, documents }: Gathered,
  config: Config,
  llm: LlmOptions,
): Promise<Explained> {
  const fallback = findings.map((f) =>
    hits ? explainWithKnowledge(f, hits.get(f.id) ?? [], documents) : explainWithoutKnowledge(f),
  );
  if (config.llm.provider === "none" || findings.length === 0) {
    for (const finding of fallback) llm.onFinding?.(finding);
    return { findings: fallback, warnings: [] };
  }
  const inputs = findings.map((finding) => ({
    finding,
    hits: hits?.get(finding.id) ?? [],
    documents,
  }));
  const result = await explainWithLlm(inputs, fallback, { config: config.llm, ...llm });
  return {
    findings: result.findings,
    warnings: result.warnings,
    llm: result.stats,
    incidentSummary: result.incidentSummary,
  };
}
