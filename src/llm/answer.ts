/**
 * The answer contract: what the model must return for each finding, validated with zod. A call
 * answers one JSON object keyed by the findings' keys (F1, F2, ...); each entry is validated on
 * its own, so one invalid entry gets a repair request while the others are used as they are.
 */
import { z } from "zod";
import { NOT_JSON, readEntries } from "./json-entries.js";

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

/** Citations not among the ids shown for this finding are dropped (and deduplicated). */
export function validateAnswer(value: unknown, knownIds: ReadonlySet<string>): ParsedAnswer {
  const parsed = AnswerSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.slice(0, 3).map(describe).join("; ") };
  }
  const citations = [...new Set(parsed.data.citations)].filter((id) => knownIds.has(id));
  return { ok: true, answer: { ...parsed.data, citations } };
}

/**
 * Each expected key's answer, validated against the knowledge ids shown for that finding. A call
 * for one finding also accepts the bare answer object: small models often drop the key.
 */
export function parseAnswers(
  text: string,
  expected: ReadonlyMap<string, ReadonlySet<string>>,
): Map<string, ParsedAnswer> {
  const entries = readEntries(text);
  const results = new Map<string, ParsedAnswer>();
  const [only] = expected.keys();
  const bare =
    expected.size === 1 && only !== undefined && !entries.has(only) && entries.has("cause");
  for (const [key, knownIds] of expected) {
    const value = bare ? Object.fromEntries(entries) : entries.get(key);
    if (value === undefined) {
      results.set(key, {
        ok: false,
        error: entries.size === 0 ? "no JSON object found" : "missing",
      });
    } else if (value === NOT_JSON) results.set(key, { ok: false, error: "not valid JSON" });
    else results.set(key, validateAnswer(value, knownIds));
  }
  return results;
}
