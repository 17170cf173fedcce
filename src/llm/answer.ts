/**
 * The answer contract: what the model must return for a finding, validated with zod. Models
 * often wrap JSON in prose or Markdown fences; the outermost {...} is taken, anything else is an
 * invalid answer that gets one repair request.
 */
import { z } from "zod";

export const AnswerSchema = z.object({
  description: z.string().trim().min(1).max(4000),
  cause: z.string().trim().min(1).max(4000),
  fix: z.array(z.string().trim().min(1).max(1000)).max(15),
  severity: z.enum(["critical", "error", "warning", "info"]),
  confidence: z.number().min(0).max(1),
  citations: z.array(z.string()).max(20).default([]),
});

export type Answer = z.infer<typeof AnswerSchema>;

export type ParsedAnswer = { ok: true; answer: Answer } | { ok: false; error: string };

function describe(issue: z.ZodIssue): string {
  return `${issue.path.join(".") || "answer"}: ${issue.message}`;
}

/** Citations not among the ids that were shown to the model are dropped (and deduplicated). */
export function parseAnswer(text: string, knownIds: ReadonlySet<string>): ParsedAnswer {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end < start) return { ok: false, error: "no JSON object found" };
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start, end + 1));
  } catch (err) {
    return { ok: false, error: `not valid JSON (${(err as Error).message})` };
  }
  const parsed = AnswerSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.slice(0, 3).map(describe).join("; ") };
  }
  const citations = [...new Set(parsed.data.citations)].filter((id) => knownIds.has(id));
  return { ok: true, answer: { ...parsed.data, citations } };
}
