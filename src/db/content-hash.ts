/**
 * The content hash of a knowledge document: sha256 over a canonical JSON (object keys sorted at
 * every depth), so the same content hashes the same whatever order its fields were written or
 * read back in (jsonb does not keep key order).
 */
import { createHash } from "node:crypto";
import type { KnowledgeDocument } from "../knowledge/model.js";

export function contentHash(document: KnowledgeDocument): string {
  return createHash("sha256").update(canonicalJson(document)).digest("hex");
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
