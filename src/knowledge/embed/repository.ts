/**
 * Chunk vectors in the store (the chunk_vectors table), the same on PGlite and PostgreSQL: read
 * per embedder, written in batches, pruned when a document loses chunks.
 */
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { chunkVectors } from "../../db/schema.js";
import { guard } from "../repository.js";
import { fromBytes, toBytes } from "./vector.js";

export interface StoredVector {
  documentId: string;
  ordinal: number;
  /** sha256 of the text that was embedded. */
  textHash: string;
  vector: Float32Array;
}

/** Vectors by document id, then by chunk ordinal. */
export type VectorsByDocument = Map<string, Map<number, StoredVector>>;

/** Ids per `in (...)` query: far below the protocol's limit on bound parameters. */
const ID_PAGE = 1000;

export class ChunkVectorRepository {
  constructor(private readonly db: Db) {}

  /** Every vector this embedder made, or only those of the given documents. */
  load(embedder: string, documentIds?: readonly string[]): Promise<VectorsByDocument> {
    return guard("chunk vector read", async () => {
      const out: VectorsByDocument = new Map();
      const pages = documentIds ? pagesOf(documentIds) : [undefined];
      for (const ids of pages) {
        const rows = await this.db
          .select()
          .from(chunkVectors)
          .where(
            and(
              eq(chunkVectors.embedder, embedder),
              ids ? inArray(chunkVectors.documentId, ids) : undefined,
            ),
          );
        for (const row of rows) {
          const byOrdinal = out.get(row.documentId) ?? new Map<number, StoredVector>();
          byOrdinal.set(row.ordinal, { ...row, vector: fromBytes(row.vector) });
          out.set(row.documentId, byOrdinal);
        }
      }
      return out;
    });
  }

  /** Insert or replace; a document removed meanwhile is skipped, not an error. */
  save(embedder: string, vectors: readonly StoredVector[]): Promise<void> {
    return guard("chunk vector write", async () => {
      if (vectors.length === 0) return;
      const ids = [...new Set(vectors.map((v) => v.documentId))];
      await this.db.transaction(async (tx) => {
        // Rows of documents deleted since their chunks were read would break the foreign key.
        const present = new Set(
          (
            await tx.execute<{ id: string }>(
              sql`select id from documents where id in ${ids} for share`,
            )
          ).rows.map((r) => r.id),
        );
        const rows = vectors
          .filter((v) => present.has(v.documentId))
          .map((v) => ({ ...v, embedder, vector: toBytes(v.vector) }));
        if (rows.length === 0) return;
        await tx
          .insert(chunkVectors)
          .values(rows)
          .onConflictDoUpdate({
            target: [chunkVectors.documentId, chunkVectors.ordinal, chunkVectors.embedder],
            set: { textHash: sql`excluded.text_hash`, vector: sql`excluded.vector` },
          });
      });
    });
  }

  /** Drops this embedder's vectors of chunks at or past `fromOrdinal` (the document shrank). */
  prune(embedder: string, documentId: string, fromOrdinal: number): Promise<void> {
    return guard("chunk vector prune", async () => {
      await this.db
        .delete(chunkVectors)
        .where(
          and(
            eq(chunkVectors.embedder, embedder),
            eq(chunkVectors.documentId, documentId),
            gte(chunkVectors.ordinal, fromOrdinal),
          ),
        );
    });
  }
}

function pagesOf(ids: readonly string[]): string[][] {
  const pages: string[][] = [];
  for (let i = 0; i < ids.length; i += ID_PAGE) pages.push(ids.slice(i, i + ID_PAGE));
  return pages;
}
