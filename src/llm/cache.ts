/**
 * The answer cache: an unchanged re-run makes no LLM call. Keys hash everything an answer
 * depends on (provider, model, prompt version, template, evidence, knowledge ids); values are
 * validated again when read, so a stale or foreign row is a miss, never a crash.
 */
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { llmCache } from "../db/schema.js";

export interface AnswerCache {
  get(key: string): Promise<unknown | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

export function cacheKey(parts: readonly (string | readonly string[])[]): string {
  // JSON keeps the boundaries between parts, so ["ab","c"] and ["a","bc"] differ.
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/** The store's llm_cache table (PGlite or PostgreSQL). */
export class DbAnswerCache implements AnswerCache {
  constructor(private readonly db: Db) {}

  async get(key: string): Promise<unknown | undefined> {
    const rows = await this.db
      .select({ value: llmCache.value })
      .from(llmCache)
      .where(eq(llmCache.key, key));
    return rows[0]?.value;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.db
      .insert(llmCache)
      .values({ key, value })
      .onConflictDoUpdate({ target: llmCache.key, set: { value, createdAt: new Date() } });
  }
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
