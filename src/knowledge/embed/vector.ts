/**
 * Vector arithmetic for dense search: unit length, dot products on Float32Array, mean pooling of
 * token vectors, and the byte form vectors are stored and snapshotted in.
 */

export function normalize(values: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(values);
  let norm = 0;
  for (let i = 0; i < out.length; i++) norm += (out[i] ?? 0) ** 2;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) / norm;
  return out;
}

/** Mean of token vectors: what a sentence model does when the server returns tokens. */
export function meanPool(tokens: readonly (readonly number[])[]): number[] {
  const dims = tokens[0]?.length ?? 0;
  const sum = new Array<number>(dims).fill(0);
  for (const token of tokens)
    for (let i = 0; i < dims; i++) sum[i] = (sum[i] ?? 0) + (token[i] ?? 0);
  return sum.map((v) => v / Math.max(1, tokens.length));
}

/** Dot product of row `row` of a row-major matrix with `query`: cosine for unit vectors. */
export function dotRow(matrix: Float32Array, row: number, query: Float32Array): number {
  const dims = query.length;
  const base = row * dims;
  let a = 0;
  let b = 0;
  let i = 0;
  // Two accumulators let the engine overlap the multiply-adds.
  for (; i + 1 < dims; i += 2) {
    a += (matrix[base + i] as number) * (query[i] as number);
    b += (matrix[base + i + 1] as number) * (query[i + 1] as number);
  }
  if (i < dims) a += (matrix[base + i] as number) * (query[i] as number);
  return a + b;
}

/** Little-endian float32 bytes (the byte order of every platform Node ships binaries for). */
export function toBytes(vector: Float32Array): Uint8Array {
  return new Uint8Array(
    vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength),
  );
}

/** Copies, so the result is aligned whatever buffer the driver handed back. */
export function fromBytes(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}
