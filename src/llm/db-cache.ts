/** The answer cache in the store's llm_cache table (PGlite or PostgreSQL). */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { llmCache } from "../db/schema.js";
import type { AnswerCache } from "./cache.js";

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
