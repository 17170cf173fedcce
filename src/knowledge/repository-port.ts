/**
 * The knowledge store port: Postgres (server or PGlite) is the source of truth for documents.
 * Writes are versioned: `expectedVersion` guards against lost updates.
 */
import type { Chunk, Kind, KnowledgeDocument, StoredDocument } from "./model.js";

export type UpsertStatus = "added" | "updated" | "unchanged";

export interface ListFilter {
  kind?: Kind;
  service?: string;
  tag?: string;
  /** Only documents whose source starts with this path (for ingest --prune). */
  sourcePrefix?: string;
  limit?: number;
  offset?: number;
}

export interface KnowledgeRepository {
  /**
   * Insert or update by id. Unchanged content (same hash) is a no-op. With `expectedVersion`, a
   * document whose stored version differs is not written and a VersionConflictError is thrown.
   */
  upsert(
    document: KnowledgeDocument,
    chunks: Chunk[],
    options?: { expectedVersion?: number },
  ): Promise<{ status: UpsertStatus; document: StoredDocument }>;
  get(id: string): Promise<StoredDocument | undefined>;
  list(filter?: ListFilter): Promise<StoredDocument[]>;
  count(filter?: Omit<ListFilter, "limit" | "offset">): Promise<number>;
  chunks(id: string): Promise<Chunk[]>;
  /** Remove by id; false when it did not exist. Same expectedVersion rule as upsert. */
  remove(id: string, options?: { expectedVersion?: number }): Promise<boolean>;
  close(): Promise<void>;
}
