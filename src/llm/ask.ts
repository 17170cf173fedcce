/**
 * One call for one or more findings, validated entry by entry: the valid entries are used, the
 * invalid or missing ones get a single repair request together, and whatever is still invalid
 * after it falls back (reported per finding). The incident summary, when asked for in the same
 * call, is taken if present; it is never worth a repair, since it can be asked for on its own.
 */
import { type Answer, parseAnswers } from "./answer.js";
import { answerTokens } from "./batch.js";
import { REPAIR_QUOTE_TOKENS, truncateToTokens } from "./budget.js";
import { readEntries } from "./json-entries.js";
import { fill, PROMPTS } from "./prompts/index.js";
import type { ChatMessage } from "./provider.js";
import type { LlmSession } from "./session.js";
import { SUMMARY_STREAM_ID } from "./summary.js";

/** The error text sent back in a repair request; the model needs the gist, not a novel. */
const REPAIR_ERROR_CHARS = 300;

export type Asked = { ok: true; answer: Answer } | { ok: false; reason: string };

export interface Entry {
  key: string;
  /** The ids this finding was shown: the only ones it may cite. */
  knownIds: ReadonlySet<string>;
  /** The finding id its answer streams under. */
  streamId: string;
}

export interface AskedCall {
  answers: Map<string, Asked>;
  summary?: string;
}

export async function askEntries(
  session: LlmSession,
  messages: ChatMessage[],
  entries: readonly Entry[],
  options: { maxTokens: number; summary: boolean },
): Promise<AskedCall> {
  const known = new Map(entries.map((e) => [e.key, e.knownIds]));
  const routes = new Map(entries.map((e) => [e.key, e.streamId]));
  if (options.summary) routes.set("summary", SUMMARY_STREAM_ID);
  const text = await session.chat(messages, options.maxTokens, routes);
  const first = parseAnswers(text, known);
  const answers = new Map<string, Asked>();
  const invalid: string[] = [];
  const errors: string[] = [];
  for (const [key, parsed] of first) {
    if (parsed.ok) answers.set(key, parsed);
    else {
      invalid.push(key);
      errors.push(`${key}: ${parsed.error}`);
    }
  }
  const summary = options.summary ? summaryOf(text) : undefined;
  if (invalid.length === 0) return { answers, summary };

  const repair: ChatMessage[] = [
    ...messages,
    { role: "assistant", content: truncateToTokens(text, REPAIR_QUOTE_TOKENS) },
    {
      role: "user",
      content: fill(PROMPTS.repair, {
        errors: errors.join("; ").slice(0, REPAIR_ERROR_CHARS),
        keys: invalid.join(", "),
      }),
    },
  ];
  const maxTokens = Math.min(options.maxTokens, answerTokens(invalid.length, false));
  const retryKnown = new Map(invalid.map((key) => [key, known.get(key) ?? new Set<string>()]));
  const second = parseAnswers(await session.chat(repair, maxTokens, routes), retryKnown);
  for (const key of invalid) {
    const parsed = second.get(key);
    answers.set(
      key,
      parsed?.ok
        ? parsed
        : {
            ok: false,
            reason: `invalid answer after a repair request (${parsed?.error ?? "missing"})`,
          },
    );
  }
  return { answers, summary };
}

function summaryOf(text: string): string | undefined {
  const value = readEntries(text).get("summary");
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}
