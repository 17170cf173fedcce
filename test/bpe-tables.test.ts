/**
 * The compact copy of the Llama-3 BPE tables the build writes: the same tables as tokenizer.json,
 * and never used when it does not match the installed tokenizer.json or is damaged.
 */
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  decodeTables,
  encodeTables,
  loadTables,
  tablesFromJson,
  tokenizerJsonPath,
} from "../src/llm/bpe-tables.js";
import { tempDir } from "./helpers/tmp.js";

describe("compact BPE tables", () => {
  const source = tokenizerJsonPath();
  const sourceBytes = statSync(source).size;
  const fromJson = tablesFromJson(source);
  const compact = Buffer.from(encodeTables(fromJson, sourceBytes));
  const dir = tempDir("logsage-bpe-");

  it("decode to exactly the tables of tokenizer.json", () => {
    const decoded = decodeTables(compact, sourceBytes);
    expect(decoded?.pattern).toBe(fromJson.pattern);
    expect(decoded?.vocab).toEqual(fromJson.vocab);
    expect(decoded?.merges).toEqual(fromJson.merges);
    expect(fromJson.vocab).toHaveLength(128_000);
  });

  it("are refused when made from another tokenizer.json, truncated or not a table file", () => {
    expect(decodeTables(compact, sourceBytes + 1)).toBeUndefined();
    expect(decodeTables(compact.subarray(0, compact.length - 4), sourceBytes)).toBeUndefined();
    expect(decodeTables(Buffer.from("not a header\nat all"), sourceBytes)).toBeUndefined();
  });

  it("are what loadTables reads when they match", () => {
    // A marked copy: only reading the compact file can return the mark.
    const marked = join(dir, "marked.bin");
    writeFileSync(marked, encodeTables({ ...fromJson, pattern: "marked" }, sourceBytes));
    expect(loadTables(marked).pattern).toBe("marked");
  });

  it("fall back to tokenizer.json when the compact file is missing or refused", () => {
    const stale = join(dir, "stale.bin");
    writeFileSync(stale, encodeTables(fromJson, sourceBytes + 1));
    for (const path of [join(dir, "missing.bin"), stale]) {
      expect(loadTables(path).merges).toEqual(fromJson.merges);
    }
  });
});
