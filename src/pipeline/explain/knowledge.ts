/**
 * Knowledge-only explanations: a finding's cause and fix come from the best knowledge retrieved
 * for it (runbook cause and remediation, error-code cause and fix, incident root cause and
 * resolution), cited by id, with a confidence that follows the retrieval score.
 */
import type { SearchHit } from "../../knowledge/index-port.js";
import type { Kind, KnowledgeDocument } from "../../knowledge/model.js";
import type { Finding } from "../types.js";
import { describe, explainWithoutKnowledge } from "./index.js";

const MAX_FIX_STEPS = 8;
const KIND_LABEL: Record<Kind, string> = {
  runbook: "runbook",
  error_code: "error code",
  incident: "past incident",
};

/** Retrieval scores are 0..1; even a perfect match is knowledge about a class, not this log. */
export function confidenceOf(score: number): number {
  return Math.round(Math.min(0.9, 0.3 + 0.6 * score) * 100) / 100;
}

function causeFrom(doc: KnowledgeDocument): string {
  const label = `${KIND_LABEL[doc.kind]} "${doc.title}" (${doc.id})`;
  if (doc.kind === "incident") {
    const date = typeof doc.fields.date === "string" ? ` on ${doc.fields.date}` : "";
    return `This matches ${label}${date}. Root cause then: ${doc.cause}`;
  }
  return `According to ${label}: ${doc.cause}`;
}

export function explainWithKnowledge(
  finding: Finding,
  hits: SearchHit[],
  documents: ReadonlyMap<string, KnowledgeDocument>,
): Finding {
  const cited = hits.filter((h) => documents.has(h.id));
  const best = cited
    .map((h) => documents.get(h.id) as KnowledgeDocument)
    .find((d) => d.cause || d.fix.length > 0);
  if (!best || !cited[0]) return explainWithoutKnowledge(finding);
  const fixSource =
    best.fix.length > 0
      ? best
      : cited.map((h) => documents.get(h.id) as KnowledgeDocument).find((d) => d.fix.length > 0);
  return {
    ...finding,
    description: describe(finding),
    cause: best.cause ? causeFrom(best) : explainWithoutKnowledge(finding).cause,
    fix: (fixSource?.fix ?? []).slice(0, MAX_FIX_STEPS),
    confidence: confidenceOf(cited[0].score),
    knowledge: cited.map((h) => ({
      id: h.id,
      kind: h.kind,
      title: h.title,
      score: Math.round(h.score * 1000) / 1000,
    })),
    generatedBy: "knowledge",
  };
}
