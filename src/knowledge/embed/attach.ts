/**
 * Gives knowledge entries their chunk vectors: reuses the stored vector of every chunk whose text
 * is unchanged since this embedder saw it, embeds the rest in batches and stores each batch as it
 * arrives, so a failure part-way keeps what was done. A failure is returned, not thrown: the
 * documents are already stored, and lexical search does not need vectors.
 */
import { createHash } from "node:crypto";
import { EmbedError } from "../../errors.js";
import type { Chunk, StoredDocument } from "../model.js";
import type { Embedder } from "./port.js";
import type { ChunkVectorRepository, StoredVector } from "./repository.js";

export interface VectorEntry {
  document: StoredDocument;
  chunks: Chunk[];
  /** By chunk position; undefined where a chunk has no vector (yet). */
  vectors?: (Float32Array | undefined)[];
}

export interface Attached {
  entries: VectorEntry[];
  /** Chunks embedded now (not reused). */
  embedded: number;
  /** Chunks left without a vector because the embedder failed. */
  missing: number;
  failure?: EmbedError;
}

/** Texts sent between two saves: a few requests' worth. */
const SAVE_EVERY = 256;

export const textHash = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * `documentIds: "all"` reads every stored vector of the embedder in one pass (at start-up);
 * otherwise only those of the given entries' documents are read.
 */
interface Pending {
  entry: Required<VectorEntry>;
  position: number;
  text: string;
  row: Omit<StoredVector, "vector">;
}

/** Stored vectors matched to the entries' chunks by text hash, and the chunks left to embed. */
async function match(
  entries: readonly VectorEntry[],
  embedderId: string,
  store: ChunkVectorRepository,
  scope: "all" | "entries",
) {
  const stored = await store.load(
    embedderId,
    scope === "all" ? undefined : entries.map((e) => e.document.id),
  );
  const out: Required<VectorEntry>[] = entries.map((e) => ({
    ...e,
    vectors: e.chunks.map(() => undefined),
  }));
  const pending: Pending[] = [];
  const shrunk: Required<VectorEntry>[] = [];
  for (const entry of out) {
    const known = stored.get(entry.document.id);
    entry.chunks.forEach((chunk, position) => {
      const hash = textHash(chunk.text);
      const hit = known?.get(chunk.ordinal);
      if (hit?.textHash === hash) entry.vectors[position] = hit.vector;
      else {
        const row = { documentId: chunk.documentId, ordinal: chunk.ordinal, textHash: hash };
        pending.push({ entry, position, text: chunk.text, row });
      }
    });
    if ([...(known?.keys() ?? [])].some((ordinal) => ordinal >= entry.chunks.length)) {
      shrunk.push(entry);
    }
  }
  return { out, pending, shrunk };
}

/** The entries with the vectors already stored for them; nothing is embedded. */
export async function storedVectors(
  entries: readonly VectorEntry[],
  embedderId: string,
  store: ChunkVectorRepository,
): Promise<VectorEntry[]> {
  return (await match(entries, embedderId, store, "all")).out;
}

/**
 * `scope: "all"` reads every stored vector of the embedder in one pass (at start-up); otherwise
 * only those of the entries' documents are read.
 */
export async function attachVectors(
  entries: readonly VectorEntry[],
  embedder: Embedder,
  store: ChunkVectorRepository,
  scope: "all" | "entries" = "entries",
): Promise<Attached> {
  const { out, pending, shrunk } = await match(entries, embedder.id, store, scope);
  for (const entry of shrunk) {
    await store.prune(embedder.id, entry.document.id, entry.chunks.length);
  }
  let embedded = 0;
  for (let start = 0; start < pending.length; start += SAVE_EVERY) {
    const batch = pending.slice(start, start + SAVE_EVERY);
    let vectors: Float32Array[];
    try {
      vectors = await embedder.embed(batch.map((p) => p.text));
    } catch (err) {
      if (!(err instanceof EmbedError)) throw err;
      return { entries: out, embedded, missing: pending.length - start, failure: err };
    }
    const rows = batch.map((p, j) => {
      const vector = vectors[j] as Float32Array;
      p.entry.vectors[p.position] = vector;
      return { ...p.row, vector };
    });
    await store.save(embedder.id, rows);
    embedded += batch.length;
  }
  return { entries: out, embedded, missing: 0 };
}
