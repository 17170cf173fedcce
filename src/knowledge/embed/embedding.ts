/**
 * Which embedder the knowledge base uses (or why none could be opened), and the index that goes
 * with it. Kept apart from the store's side (sync.ts): an analysis that reads a snapshot needs
 * this and nothing of the database.
 */
import type { Config } from "../../config.js";
import { EmbedError } from "../../errors.js";
import { createEmbeddedIndex, type EmbeddedIndex } from "../embedded/index.js";
import type { SnapshotEmbedder } from "../snapshot.js";
import { openEmbedder } from "./open.js";
import type { Embedder } from "./port.js";

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
