/**
 * The compact copy of the Llama-3 BPE tables the build writes: the tokenizer's hash tables, which
 * answer exactly as the tables of tokenizer.json do, and are never used when they do not match the
 * installed tokenizer.json or are damaged.
 */
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type BpeModel,
  decodeModel,
  encodeModel,
  loadModel,
  modelOf,
  tablesFromJson,
  tokenizerJsonPath,
} from "../src/llm/bpe-tables.js";
import { tempDir } from "./helpers/tmp.js";

describe("compact BPE tables", () => {
  const source = tokenizerJsonPath();
  const sourceBytes = statSync(source).size;
  const fromJson = tablesFromJson(source);
  const built = modelOf(fromJson);
  const compact = Buffer.from(encodeModel(built, sourceBytes));
  const dir = tempDir("logsage-bpe-");

  /** Every token found under its id, every merge with its rank and result, non-tokens absent. */
  function answersLikeTheJson(model: BpeModel | undefined): void {
    expect(model?.pattern).toBe(fromJson.pattern);
    expect(fromJson.vocab).toHaveLength(128_000);
    const wrongIds = fromJson.vocab.filter((token, id) => model?.vocab.id(token) !== id);
    expect(wrongIds).toEqual([]);
    for (const absent of ["", "ĠnotAtokenĠatĠall", "\u0100\u0100\u0100\u0100\u0100\u0100\u0100"]) {
      expect(model?.vocab.id(absent)).toBe(-1);
    }
    const { merges } = fromJson;
    let wrong = 0;
    for (let i = 0, rank = 0; i < merges.length; i += 3, rank++) {
      const slot = model?.pairs.find(merges[i] ?? -1, merges[i + 1] ?? -1) ?? -1;
      if (model?.pairs.rankAt(slot) !== rank || model?.pairs.mergedAt(slot) !== merges[i + 2])
        wrong++;
    }
    expect(wrong).toBe(0);
    // Pairs that never merge are not found.
    const merged = new Set<string>();
    for (let i = 0; i < merges.length; i += 3) merged.add(`${merges[i]},${merges[i + 1]}`);
    const strangers = [
      [127_999, 127_998],
      [5, 127_000],
      [42, 42],
    ].filter(([l, r]) => !merged.has(`${l},${r}`));
    expect(strangers.length).toBeGreaterThan(0);
    for (const [l, r] of strangers) expect(model?.pairs.find(l ?? 0, r ?? 0)).toBe(-1);
  }

  it("answer exactly as the tables of tokenizer.json", () => {
    answersLikeTheJson(built);
    answersLikeTheJson(decodeModel(compact, sourceBytes));
  });

  it("are refused when made from another tokenizer.json, truncated or not a table file", () => {
    expect(decodeModel(compact, sourceBytes + 1)).toBeUndefined();
    expect(decodeModel(compact.subarray(0, compact.length - 4), sourceBytes)).toBeUndefined();
    expect(decodeModel(Buffer.from("not a header\nat all"), sourceBytes)).toBeUndefined();
    const oldFormat = Buffer.from(`${JSON.stringify({ format: 1, sourceBytes })}\n`);
    expect(decodeModel(oldFormat, sourceBytes)).toBeUndefined();
  });

  it("are what loadModel reads when they match", () => {
    // A marked copy: only reading the compact file can return the mark.
    const marked = join(dir, "marked.bin");
    writeFileSync(marked, encodeModel({ ...built, pattern: "marked" }, sourceBytes));
    expect(loadModel(marked).pattern).toBe("marked");
  });

  it("fall back to tokenizer.json when the compact file is missing or refused", () => {
    const stale = join(dir, "stale.bin");
    writeFileSync(stale, encodeModel(built, sourceBytes + 1));
    for (const path of [join(dir, "missing.bin"), stale]) {
      const model = loadModel(path);
      expect(model.vocab.id(fromJson.vocab[1000] ?? "")).toBe(1000);
      expect(model.pattern).toBe(fromJson.pattern);
    }
  });
});
