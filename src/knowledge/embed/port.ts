/**
 * The embedder port: turns texts into dense vectors for knowledge search. Adapters sit side by
 * side (local model folder, Hugging Face Inference, an OpenAI-compatible endpoint); `none` is the
 * absence of an embedder, and retrieval stays lexical.
 */

export interface Embedder {
  /**
   * provider, model and vector length, e.g. `endpoint:bge-small-en:384`. Stored beside every
   * vector: a vector made by another id is stale and is computed again.
   */
  readonly id: string;
  readonly dimensions: number;
  /** One unit-length vector per text, in order. Throws EmbedError. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/**
 * What an adapter implements: one request's worth of texts in, raw vectors out. Batching,
 * normalisation, the length check and the id are added once, in open.ts.
 */
export interface EmbedTransport {
  /** provider:model, without the vector length. */
  readonly name: string;
  request(texts: readonly string[], signal: AbortSignal): Promise<readonly ArrayLike<number>[]>;
  close?(): Promise<void>;
}
