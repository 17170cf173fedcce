/**
 * The answer cache: an unchanged re-run makes no LLM call. Keys hash everything an answer
 * depends on (provider, model, prompt version, template, evidence, knowledge ids); values are
 * validated again when read, so a stale or foreign row is a miss, never a crash. The store's
 * table is db-cache.ts, loaded only by a run that calls an LLM.
 */
import { createHash } from "node:crypto";

export interface AnswerCache {
  get(key: string): Promise<unknown | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

export function cacheKey(parts: readonly (string | readonly string[])[]): string {
  // JSON keeps the boundaries between parts, so ["ab","c"] and ["a","bc"] differ.
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/** For tests and for callers without a store. */
export class MemoryAnswerCache implements AnswerCache {
  readonly entries = new Map<string, unknown>();

  async get(key: string): Promise<unknown | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, value: unknown): Promise<void> {
    this.entries.set(key, value);
  }
}
