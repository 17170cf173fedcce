/**
 * The incident summary (--detail summary|full) when the findings' own call could not carry it
 * (several calls, or cached answers): one more call over the explained findings for a timeline
 * and the likely chain of causes. Findings are listed most important first and cut
 * where the budget ends; their texts derive from the logs, so they are fenced like log text.
 */
import type { Finding } from "../pipeline/types.js";
import { ANSWER_TOKENS } from "./budget.js";
import { cacheKey } from "./cache.js";
import { header, logText } from "./evidence.js";
import { userBudget } from "./plan.js";
import { fill, PROMPT_VERSION, PROMPTS } from "./prompts/index.js";
import type { LlmProvider } from "./provider.js";
import type { LlmSession } from "./session.js";
import { countTokens } from "./tokens.js";

const TEMPLATE_TOKENS = 80;
const TEXT_TOKENS = 120;
/** The id under which the summary streams to onToken. */
export const SUMMARY_STREAM_ID = "incident";

function entry(finding: Finding): string {
  const h = header(finding);
  return [
    `- [${h.severity}] ${h.id}: ${h.count}${h.span}`,
    `  template: ${logText(finding.template, TEMPLATE_TOKENS)}`,
    `  what: ${logText(finding.description, TEXT_TOKENS)}`,
    `  cause: ${logText(finding.cause, TEXT_TOKENS)}`,
  ].join("\n");
}

/**
 * Where a summary written in the same call as the findings is cached: it depends on nothing but
 * their evidence, which their cache keys stand for.
 */
export function foldedSummaryKey(provider: LlmProvider, findingKeys: readonly string[]): string {
  return cacheKey([provider.name, provider.model, PROMPT_VERSION, "summary", findingKeys]);
}

/** Summaries are stored as objects: a bare string that looks like JSON does not survive jsonb. */
export function acceptSummary(value: unknown): string | undefined {
  const text = (value as { text?: unknown } | null)?.text;
  return typeof text === "string" && text ? text : undefined;
}

export type Summarised = { ok: true; text: string } | { ok: false; reason: string };

export async function summarise(session: LlmSession, findings: Finding[]): Promise<Summarised> {
  const budget = userBudget(PROMPTS.summarySystem);
  const entries: string[] = [];
  for (const finding of findings) {
    const next = [...entries, entry(finding)];
    if (countTokens(fill(PROMPTS.summary, { findings: next.join("\n") })) > budget) break;
    entries.push(entry(finding));
  }
  if (entries.length === 0) return { ok: false, reason: "no findings to summarise" };
  const user = fill(PROMPTS.summary, { findings: entries.join("\n") });
  const { name, model } = session.provider;
  const key = cacheKey([name, model, PROMPT_VERSION, "summary", user]);
  const cached = await session.recall(key, acceptSummary);
  if (cached) return { ok: true, text: cached };
  const text = (
    await session.chat(
      [
        { role: "system", content: PROMPTS.summarySystem },
        { role: "user", content: user },
      ],
      ANSWER_TOKENS,
      SUMMARY_STREAM_ID,
    )
  ).trim();
  if (!text) return { ok: false, reason: "empty answer" };
  await session.remember(key, { text });
  return { ok: true, text };
}
