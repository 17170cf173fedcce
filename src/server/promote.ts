/**
 * Promotion: a finding that someone corrected becomes an incident document, so the next analysis
 * of the same problem retrieves the team's answer instead of the one it gave. The document is
 * made from the finding (its template, codes and samples, all redacted before the report was
 * stored) and the newest feedback that carries a corrected cause or fix; a curator may override
 * any of it. Its id comes from the finding's, which is stable for the same problem, so promoting
 * the same problem twice is refused rather than duplicated.
 */
import { z } from "zod";
import { ValidationError } from "../errors.js";
import { KnowledgeDocumentSchema } from "../knowledge/model.js";
import { buildQuery } from "../pipeline/retrieve/index.js";
import type { Finding } from "../pipeline/types.js";
import type { Feedback } from "./analyses.js";

const Doc = KnowledgeDocumentSchema.shape;

/** What a curator may set instead of what the finding and its feedback say. */
export const PromoteBody = z
  .object({
    id: Doc.id.optional(),
    title: Doc.title.optional(),
    cause: z.string().trim().min(1).max(10_000).optional(),
    fix: z.array(z.string().trim().min(1).max(10_000)).min(1).max(50).optional(),
    services: z.array(z.string().min(1).max(100)).max(50).optional(),
    tags: z.array(z.string().min(1).max(100)).max(50).optional(),
    summary: z.string().max(10_000).optional(),
  })
  .strict();

export type PromoteOverrides = z.output<typeof PromoteBody>;

/** Sample lines kept for readers: enough to show what the problem looked like. */
const SAMPLES = 3;
const TITLE_CHARS = 200;

export function promotedId(findingId: string): string {
  return `inc-${findingId}`;
}

/** The template as words a log line contains: wildcards out, spaces collapsed. */
function literalTemplate(template: string): string {
  return template.replaceAll("<*>", " ").replace(/\s+/g, " ").trim();
}

function titleOf(finding: Finding): string {
  const text = finding.template.replaceAll("<*>", "…").replace(/\s+/g, " ").trim();
  return text.length > TITLE_CHARS ? `${text.slice(0, TITLE_CHARS - 1)}…` : text;
}

/** The newest feedback on the finding that corrects it; later corrections supersede earlier. */
function correctionOf(feedback: readonly Feedback[], findingId: string): Feedback | undefined {
  const corrections = feedback.filter(
    (f) => f.findingId === findingId && (f.cause || f.fix?.length),
  );
  return corrections.at(-1);
}

export interface PromotionSource {
  analysisId: string;
  /** When the analysis was made, for the incident's date when the log had no timestamps. */
  analyzedAt: string;
  finding: Finding;
  feedback: readonly Feedback[];
}

/**
 * The incident document as the documents API takes it (its body is rendered from the fields).
 * ValidationError when neither the feedback nor the overrides say what the cause was.
 */
export function incidentFrom(source: PromotionSource, overrides: PromoteOverrides) {
  const { finding } = source;
  const correction = correctionOf(source.feedback, finding.id);
  const cause = overrides.cause ?? correction?.cause ?? undefined;
  if (!cause) {
    throw new ValidationError(
      `finding ${finding.id} has no corrected cause to promote: send feedback with a cause ` +
        `(POST /v1/analyses/${source.analysisId}/findings/${finding.id}/feedback) or give body.cause`,
    );
  }
  const samples = finding.samples
    .map((s) => s.text.split("\n")[0]?.trim() ?? "")
    .filter((line) => line !== "");
  const related = correction?.knowledgeId ? [correction.knowledgeId] : [];
  return {
    id: overrides.id ?? promotedId(finding.id),
    kind: "incident" as const,
    title: overrides.title ?? titleOf(finding),
    body: "",
    services: overrides.services ?? [],
    tags: ["promoted", ...(overrides.tags ?? [])],
    // The codes the query for this problem will carry, so the match is exact.
    errorCodes: buildQuery(finding).codes ?? [],
    // The template's literal words match the next occurrence; a sample's ids and times would not.
    symptoms: [literalTemplate(finding.template)],
    cause,
    fix: overrides.fix ?? correction?.fix ?? [],
    fields: {
      date: (finding.firstSeen ?? source.analyzedAt).slice(0, 10),
      summary: overrides.summary ?? finding.description,
      samples: samples.slice(0, SAMPLES),
      ...(related.length > 0 ? { related } : {}),
      promoted_from: {
        analysis: source.analysisId,
        finding: finding.id,
        ...(correction ? { feedback: correction.id } : {}),
      },
    },
  };
}
