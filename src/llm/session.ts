/**
 * One run's access to the model: every call goes through here so that retries, timeouts,
 * streaming, the cache and the token/call statistics are handled once for findings and summary.
 */

import { contentTokens } from "./budget.js";
import type { AnswerCache } from "./cache.js";
import { JsonEntries } from "./json-entries.js";
import type { ChatMessage, LlmProvider } from "./provider.js";
import { type RetryPolicy, withRetry } from "./retry.js";
import { countTokens } from "./tokens.js";

export interface LlmRunStats {
  calls: number;
  cached: number;
  failed: number;
  tokensSent: number;
  tokensReceived: number;
}

export interface SessionOptions {
  policy: RetryPolicy;
  cache?: AnswerCache;
  noCache?: boolean;
  onToken?: (findingId: string, text: string) => void;
}

export class LlmSession {
  readonly stats: LlmRunStats = {
    calls: 0,
    cached: 0,
    failed: 0,
    tokensSent: 0,
    tokensReceived: 0,
  };
  /** A failing cache costs calls, never answers: its first error is reported once. */
  cacheWarning: string | undefined;

  constructor(
    readonly provider: LlmProvider,
    private readonly options: SessionOptions,
  ) {}

  /**
   * One logical call (its retries included). When streaming, the answer goes to onToken under
   * `stream`: one id for plain text, or a map from the answer's JSON keys to ids, so that each
   * finding of a batch streams under its own id.
   */
  async chat(
    messages: ChatMessage[],
    maxTokens: number,
    stream: string | ReadonlyMap<string, string>,
  ): Promise<string> {
    this.stats.calls++;
    this.stats.tokensSent += contentTokens(messages);
    const result = await withRetry(
      (signal) =>
        this.provider.chat(messages, { signal, maxTokens, onToken: this.streamer(stream) }),
      this.options.policy,
    );
    this.stats.tokensReceived += countTokens(result.text);
    return result.text;
  }

  /** A fresh router per attempt: a retried call streams again from its start. */
  private streamer(stream: string | ReadonlyMap<string, string>) {
    const { onToken } = this.options;
    if (!onToken) return undefined;
    if (typeof stream === "string") return (delta: string) => onToken(stream, delta);
    // A lone finding gets the pieces of a model that left out its key too.
    const [only, more] = stream.values();
    const lone = more === undefined ? only : undefined;
    const entries = new JsonEntries();
    return (delta: string) => {
      for (const piece of entries.feed(delta)) {
        const id = stream.get(piece.key) ?? lone;
        if (id !== undefined) onToken(id, piece.text);
      }
    };
  }

  /** A cached value that `accept` recognises, or undefined (also when the cache is bypassed). */
  async recall<T>(key: string, accept: (value: unknown) => T | undefined): Promise<T | undefined> {
    if (!this.options.cache || this.options.noCache) return undefined;
    let stored: unknown;
    try {
      stored = await this.options.cache.get(key);
    } catch (err) {
      this.cacheFailed(err);
      return undefined;
    }
    const value = accept(stored);
    if (value !== undefined) this.stats.cached++;
    return value;
  }

  async remember(key: string, value: unknown): Promise<void> {
    try {
      await this.options.cache?.set(key, value);
    } catch (err) {
      this.cacheFailed(err);
    }
  }

  private cacheFailed(err: unknown): void {
    this.cacheWarning ??= `llm cache unavailable, answers were not reused or stored: ${(err as Error).message}`;
  }
}
