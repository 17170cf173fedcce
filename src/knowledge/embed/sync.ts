/**
 * The knowledge base's side of embedding: which embedder is in use (or why none could be
 * opened), and vectors for the entries the store hands over, stored ones reused and missing ones
 * computed. With `none` configured every method is a pass-through.
 */
import type { Config } from "../../config.js";
import type { Db } from "../../db/client.js";
import { EmbedError } from "../../errors.js";
import { createEmbeddedIndex, type EmbeddedIndex } from "../embedded/index.js";
import type { IndexEntry } from "../index-port.js";
import type { SnapshotEmbedder } from "../snapshot.js";
import { attachVectors, storedVectors } from "./attach.js";
import { openEmbedder } from "./open.js";
import type { Embedder } from "./port.js";
import { ChunkVectorRepository } from "./repository.js";

export interface Embedding {
  embedder?: Embedder;
  /** Why the configured embedder could not be opened; search is lexical meanwhile. */
  failure?: EmbedError;
  minSimilarity?: number;
  /** Whether closing the knowledge base closes the embedder (not when the caller brought it). */
  owned: boolean;
}

/**
 * The configured embedder, or `injected` (tests, benchmarks; null for none). A setup problem
 * (missing package, not a model folder) throws; an embedder that fails to answer is recorded.
 */
export async function openEmbedding(
  config: Partial<Pick<Config, "embed">>,
  injected?: Embedder | null,
): Promise<Embedding> {
  const embed = config.embed;
  const minSimilarity = embed && embed.provider !== "none" ? embed.minSimilarity : undefined;
  if (injected !== undefined)
    return { embedder: injected ?? undefined, minSimilarity, owned: false };
  if (!embed) return { owned: false };
  try {
    return { embedder: await openEmbedder(embed), minSimilarity, owned: true };
  } catch (err) {
    if (!(err instanceof EmbedError)) throw err;
    return { failure: err, minSimilarity, owned: false };
  }
}

export function embeddingWarnings(embedding: Embedding): string[] {
  return embedding.failure
    ? [`${embedding.failure.message}; knowledge search is by words only`]
    : [];
}

export function indexFor(embedding: Embedding): EmbeddedIndex {
  const { embedder, minSimilarity } = embedding;
  return createEmbeddedIndex({ embedder, minSimilarity });
}

export function snapshotEmbedder(embedding: Embedding): SnapshotEmbedder | undefined {
  const { embedder } = embedding;
  return embedder && { id: embedder.id, dimensions: embedder.dimensions };
}

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
