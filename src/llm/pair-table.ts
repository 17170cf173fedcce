/**
 * BPE merges as a hash table over token ids: (left, right) -> the merge's rank and the id of the
 * token it makes. Llama-3 has 280k merges; as a Map keyed by "left right" strings they held about
 * 20 MB of a server's heap, in typed arrays they take 8 MB and comparisons are of integers.
 */
const EMPTY = -1;

export interface PairArrays {
  /** Open addressing, at most two thirds full; `left` is -1 where a slot is empty. */
  left: Int32Array;
  right: Int32Array;
  rank: Int32Array;
  merged: Int32Array;
}

export class PairTable {
  readonly #left: Int32Array;
  readonly #right: Int32Array;
  readonly #rank: Int32Array;
  readonly #merged: Int32Array;
  readonly #mask: number;

  /** Over arrays made by `build` (or read back from where they were stored). */
  constructor(readonly arrays: PairArrays) {
    this.#left = arrays.left;
    this.#right = arrays.right;
    this.#rank = arrays.rank;
    this.#merged = arrays.merged;
    this.#mask = arrays.left.length - 1;
  }

  /** From merges in rank order as triples: left id, right id, merged id. */
  static build(merges: Int32Array): PairTable {
    // At most two thirds full: probe runs stay short, and the table is half the size it would be
    // at half full (it is read from disk at every start, bench: 280k merges in 2^19 slots).
    const pairs = merges.length / 3;
    let size = 1;
    while (size < pairs * 1.5) size *= 2;
    const table = new PairTable({
      left: new Int32Array(size).fill(EMPTY),
      right: new Int32Array(size),
      rank: new Int32Array(size),
      merged: new Int32Array(size),
    });
    for (let i = 0, rank = 0; i < merges.length; i += 3, rank++) {
      table.set(merges[i] ?? -1, merges[i + 1] ?? -1, rank, merges[i + 2] ?? -1);
    }
    return table;
  }

  #slot(left: number, right: number): number {
    let slot = Math.imul(left ^ Math.imul(right, 0x85ebca6b), 0x9e3779b1) & this.#mask;
    while (
      this.#left[slot] !== EMPTY &&
      (this.#left[slot] !== left || this.#right[slot] !== right)
    ) {
      slot = (slot + 1) & this.#mask;
    }
    return slot;
  }

  set(left: number, right: number, rank: number, merged: number): void {
    const slot = this.#slot(left, right);
    this.#left[slot] = left;
    this.#right[slot] = right;
    this.#rank[slot] = rank;
    this.#merged[slot] = merged;
  }

  /** The slot holding the pair, or -1 when the two never merge. */
  find(left: number, right: number): number {
    const slot = this.#slot(left, right);
    return this.#left[slot] === EMPTY ? -1 : slot;
  }

  rankAt(slot: number): number {
    return this.#rank[slot] ?? Number.POSITIVE_INFINITY;
  }

  mergedAt(slot: number): number {
    return this.#merged[slot] ?? EMPTY;
  }
}
