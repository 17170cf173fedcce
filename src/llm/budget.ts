/**
 * The token budget of one request to Llama-3-8B-Instruct: the context window holds the prompt,
 * the answer (max_tokens), and room for one repair turn. Counts are real Llama-3 token counts
 * (./tokens.ts); the chat template's special tokens are a fixed overhead per message.
 */
import type { ChatMessage } from "./provider.js";
import { countTokens } from "./tokens.js";

export const CONTEXT_TOKENS = 8192;
/** max_tokens of every call: a JSON answer of a few paragraphs and fix steps fits easily. */
export const ANSWER_TOKENS = 1024;
/** A repair turn adds the invalid answer (quoted up to REPAIR_QUOTE_TOKENS) and a short request. */
export const REPAIR_TOKENS = 320;
export const REPAIR_QUOTE_TOKENS = 160;
/** <|start_header_id|>role<|end_header_id|>\n\n ... <|eot_id|>, rounded up. */
export const MESSAGE_OVERHEAD = 8;
/** <|begin_of_text|> and the assistant header that opens the answer, rounded up. */
const PRIMING = 8;

const TRIMMED = " …[trimmed]";

/** Tokens a list of messages costs as a prompt, chat template included. */
export function promptTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + countTokens(m.content) + MESSAGE_OVERHEAD, PRIMING);
}

/** Tokens the message texts themselves hold: what stats report as sent. */
export function contentTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + countTokens(m.content), 0);
}

/** The longest prefix of `text` (marked as trimmed, by `marker`) that fits in `max` tokens. */
export function truncateToTokens(text: string, max: number, marker = TRIMMED): string {
  if (countTokens(text) <= max) return text;
  const room = max - countTokens(marker);
  if (room <= 0) return "";
  // Binary search on the character length: token counts grow monotonically with the prefix.
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (countTokens(text.slice(0, mid)) <= room) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}${marker}`;
}
