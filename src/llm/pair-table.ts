/**
 * BPE merges as a hash table over token ids: (left, right) -> the merge's rank and the id of the
 * token it makes. Llama-3 has 280k merges; as a Map keyed by "left right" strings they held about
 * 20 MB of a server's heap, in typed arrays they take 8 MB and comparisons are of integers.
 */
const EMPTY = -1;

export class PairTable {
  readonly #left: Int32Array;
  readonly #right: Int32Array;
  readonly #rank: Int32Array;
  readonly #merged: Int32Array;
  readonly #mask: number;

  constructor(pairs: number) {
    // At most half full, so probe runs stay short.
    let size = 1;
    while (size < pairs * 2) size *= 2;
    this.#mask = size - 1;
    this.#left = new Int32Array(size).fill(EMPTY);
    this.#right = new Int32Array(size);
    this.#rank = new Int32Array(size);
    this.#merged = new Int32Array(size);
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
