import type { Db } from "../../db/client.js";
import { EmbedError } from "../../errors.js";
import type { IndexEntry } from "../index-port.js";
import { attachVectors, storedVectors } from "./attach.js";
import type { Embedding } from "./embedding.js";
import { ChunkVectorRepository } from "./repository.js";

export interface Vectored {
  entries: IndexEntry[];
  /** Chunks embedded now. */
  embedded: number;
  /** Set when some chunks were left without a vector; the message says what to expect. */
  failure?: EmbedError;
}

export class VectorSync {
  private readonly store: ChunkVectorRepository;

  constructor(
    private readonly embedding: Embedding,
    db: Db,
  ) {
    this.store = new ChunkVectorRepository(db);
  }

  /** Entries with vectors; `scope: "all"` at start-up reads the embedder's vectors in one pass. */
  async attach(entries: IndexEntry[], scope: "all" | "entries" = "entries"): Promise<Vectored> {
    const { embedder, failure } = this.embedding;
    if (!embedder) {
      const chunks = entries.reduce((n, e) => n + e.chunks.length, 0);
      return {
        entries,
        embedded: 0,
        failure: failure && chunks > 0 ? missing(chunks, failure) : undefined,
      };
    }
    const attached = await attachVectors(entries, embedder, this.store, scope);
    return {
      entries: attached.entries,
      embedded: attached.embedded,
      failure: attached.failure && missing(attached.missing, attached.failure),
    };
  }

  /** Entries with the vectors already stored: what a snapshot holds. */
  async stored(entries: IndexEntry[]): Promise<IndexEntry[]> {
    const { embedder } = this.embedding;
    return embedder ? storedVectors(entries, embedder.id, this.store) : entries;
  }
}

function missing(chunks: number, cause: EmbedError): EmbedError {
  return new EmbedError(
    `the knowledge is stored and searchable by words, but ${chunks} chunk vector(s) are missing ` +
      `(${cause.message}); they are computed the next time logsage opens the knowledge base with a working embedder`,
    { status: cause.status, cause },
  );
}
