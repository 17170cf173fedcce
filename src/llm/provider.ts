/**
 * The LLM port: one chat call, optionally streamed. Adapters live in providers/ (hf, endpoint);
 * retries, timeouts and budgets are handled around the port, so adapters only translate.
 */

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatOptions {
  /** Aborts the call (the per-call timeout). */
  signal: AbortSignal;
  /** Upper bound on the answer's length, part of the token budget. */
  maxTokens: number;
  /** Stream the answer (SSE) and receive text deltas as they arrive. */
  onToken?: (delta: string) => void;
}

export interface ChatResult {
  text: string;
  /** Usage as the server reported it, when it did. */
  tokensIn?: number;
  tokensOut?: number;
}

export interface LlmProvider {
  /** "hf" or "endpoint": part of the cache key, so answers never cross providers. */
  readonly name: string;
  readonly model: string;
  chat(messages: ChatMessage[], options: ChatOptions): Promise<ChatResult>;
}
