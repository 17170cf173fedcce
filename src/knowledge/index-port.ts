/**
 * The search index port. Adapters (embedded, elasticsearch) implement it side by side; the store is
 * the source of truth and an index can always be rebuilt from it.
 */
import type { Chunk, Kind, StoredDocument } from "./model.js";

export interface SearchQuery {
  /** Free text: a finding's template, exception names, key phrases. */
  text: string;
  /** Codes that identify a problem (errno names, SQLSTATE, HTTP status, vendor codes). */
  codes?: string[];
  k?: number;
  kinds?: Kind[];
  services?: string[];
  /**
   * Rank by dense vectors too, when the index has an embedder (default true). False searches by
   * words only: what retrieval falls back to when the embedder fails.
   */
  dense?: boolean;
}

/** What the index is given per document; `vectors` by chunk position, when an embedder made them. */
export interface IndexEntry {
  document: StoredDocument;
  chunks: Chunk[];
  vectors?: (Float32Array | undefined)[];
}

export interface SearchHit {
  id: string;
  kind: Kind;
  title: string;
  score: number;
  /** The best-matching chunk of the document. */
  chunk: { sectionPath: string[]; text: string };
}

export interface KnowledgeIndex {
  /** Add or replace documents (and their chunks) in the index. */
  upsert(entries: IndexEntry[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  search(query: SearchQuery): Promise<SearchHit[]>;
  size(): Promise<number>;
  close(): Promise<void>;
}
