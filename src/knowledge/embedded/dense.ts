/**
 * The dense half of the embedded index: chunk vectors held in memory and searched by brute force
 * (a dot product per chunk; vectors are unit length, so it is the cosine). A document ranks by its
 * best chunk. At 10,000 documents this is a few million multiply-adds per query, cheaper than
 * keeping an approximate index up to date (bench/retrieval-latency.ts measures it).
 */
import { dotRow } from "../embed/vector.js";

export interface DenseHit {
  id: string;
  similarity: number;
  /** Position of the most similar chunk. */
  position: number;
}

export class DenseVectors {
  private readonly byId = new Map<string, { rows: Float32Array[]; positions: number[] }>();
  /** Every vector in one row-major matrix, rebuilt on the first search after a change. */
  private packed?: { matrix: Float32Array; ids: string[]; rowDoc: Int32Array; rowPos: Int32Array };

  constructor(private readonly dimensions: number) {}

  /** Positions without a vector are left out of dense search. */
  set(id: string, vectors: readonly (Float32Array | undefined)[]): void {
    const rows: Float32Array[] = [];
    const positions: number[] = [];
    vectors.forEach((v, i) => {
      if (v?.length === this.dimensions) {
        rows.push(v);
        positions.push(i);
      }
    });
    this.byId.delete(id);
    if (rows.length > 0) this.byId.set(id, { rows, positions });
    this.packed = undefined;
  }

  delete(id: string): void {
    if (this.byId.delete(id)) this.packed = undefined;
  }

  get size(): number {
    return this.byId.size;
  }

  clear(): void {
    this.byId.clear();
    this.packed = undefined;
  }

  /** The `limit` most similar documents at or above `min`, among those `accepts` lets through. */
  rank(
    query: Float32Array,
    limit: number,
    min: number,
    accepts: (id: string) => boolean,
  ): DenseHit[] {
    const { matrix, ids, rowDoc, rowPos } = this.pack();
    const best = new Float32Array(ids.length).fill(Number.NEGATIVE_INFINITY);
    const bestPos = new Int32Array(ids.length);
    for (let row = 0; row < rowDoc.length; row++) {
      const similarity = dotRow(matrix, row, query);
      const doc = rowDoc[row] as number;
      if (similarity > (best[doc] as number)) {
        best[doc] = similarity;
        bestPos[doc] = rowPos[row] as number;
      }
    }
    const hits: DenseHit[] = [];
    best.forEach((similarity, doc) => {
      const id = ids[doc] as string;
      if (similarity >= min && accepts(id)) {
        hits.push({ id, similarity, position: bestPos[doc] as number });
      }
    });
    return hits
      .sort((a, b) => b.similarity - a.similarity || a.id.localeCompare(b.id))
      .slice(0, limit);
  }

  private pack() {
    if (this.packed) return this.packed;
    let rows = 0;
    for (const doc of this.byId.values()) rows += doc.rows.length;
    const matrix = new Float32Array(rows * this.dimensions);
    const ids: string[] = [];
    const rowDoc = new Int32Array(rows);
    const rowPos = new Int32Array(rows);
    let row = 0;
    for (const [id, { rows: vectors, positions }] of this.byId) {
      vectors.forEach((v, i) => {
        matrix.set(v, row * this.dimensions);
        rowDoc[row] = ids.length;
        rowPos[row] = positions[i] as number;
        row++;
      });
      ids.push(id);
    }
    this.packed = { matrix, ids, rowDoc, rowPos };
    return this.packed;
  }
}
