import { mkdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config.js";
import { TooLargeError } from "../src/errors.js";
import { EventLog } from "../src/pipeline/events.js";
import { readSources, resolveInputs } from "../src/pipeline/read/index.js";
import { LineSplitter } from "../src/pipeline/read/split.js";
import type { Line } from "../src/pipeline/types.js";
import { tempDir } from "./helpers/tmp.js";

const dir = tempDir();

function split(chunks: Buffer[], max = 1024): Line[] {
  const lines: Line[] = [];
  const splitter = new LineSplitter("s", max);
  for (const c of chunks) splitter.push(c, (l) => lines.push(l));
  splitter.end((l) => lines.push(l));
  return lines;
}

async function readAll(args: string[], config = defaultConfig()) {
  const events = new EventLog();
  const lines: Line[] = [];
  await readSources(await resolveInputs(args), config.read, { line: (l) => lines.push(l) }, events);
  return { lines, events };
}

describe("LineSplitter", () => {
  it("numbers lines from 1, strips CRLF and keeps a last line without newline", () => {
    const lines = split([Buffer.from("a\r\nb\nc")]);
    expect(lines.map((l) => [l.line, l.text])).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ]);
  });

  it("joins a line split across chunks, including a multi-byte character", () => {
    const bytes = Buffer.from("héllo wörld\nnext\n");
    const lines = split([bytes.subarray(0, 2), bytes.subarray(2, 9), bytes.subarray(9)]);
    expect(lines.map((l) => l.text)).toEqual(["héllo wörld", "next"]);
  });

  it("replaces invalid UTF-8 instead of failing", () => {
    const lines = split([Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a])]);
    expect(lines[0]?.text).toBe("a\uFFFD\uFFFDb");
  });

  it("caps long lines, flags them, and keeps counting lines after them", () => {
    const long = "x".repeat(5000);
    const lines = split(
      [Buffer.from(`${long.slice(0, 3000)}`), Buffer.from(`${long.slice(3000)}\nshort\n`)],
      1024,
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]?.text.length).toBe(1024);
    expect(lines[0]?.truncated).toBe(true);
    expect(lines[1]).toMatchObject({ line: 2, text: "short", truncated: false });
  });
});

describe("readSources", () => {
  it("walks directories recursively in order and skips binary files with a warning", async () => {
    const root = join(dir, "tree");
    mkdirSync(join(root, "sub"), { recursive: true });
    writeFileSync(join(root, "a.log"), "one\n");
    writeFileSync(join(root, "sub", "b.log"), "two\n");
    writeFileSync(join(root, "blob.bin"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
    const { lines, events } = await readAll([root]);
    expect(lines.map((l) => l.text)).toEqual(["one", "two"]);
    expect(events.warnings.join("\n")).toMatch(/blob\.bin: binary data, skipped/);
  });

  it("follows links in directories, once per file, and survives link loops and dangling links", async () => {
    const pods = join(dir, "pods");
    const containers = join(dir, "containers");
    mkdirSync(join(pods, "api"), { recursive: true });
    mkdirSync(containers, { recursive: true });
    writeFileSync(join(pods, "api", "0.log"), "from api\n");
    symlinkSync(join(pods, "api", "0.log"), join(containers, "api.log"));
    symlinkSync(join(pods, "api"), join(containers, "api-dir"));
    symlinkSync(containers, join(containers, "loop"));
    symlinkSync(join(dir, "gone.log"), join(containers, "dangling.log"));
    const { lines } = await readAll([containers]);
    expect(lines.map((l) => l.text)).toEqual(["from api"]);
    const both = await resolveInputs([containers, join(pods, "api", "0.log")]);
    expect(both).toHaveLength(1);
    mkdirSync(join(dir, "hollow"));
    symlinkSync(join(dir, "gone.log"), join(dir, "hollow", "dangling.log"));
    await expect(resolveInputs([join(dir, "hollow")])).rejects.toThrow(/no files to read in/);
  });

  it("decompresses gzip by content and keeps what a truncated gzip held", async () => {
    const text = Array.from({ length: 2000 }, (_, i) => `line ${i} ${"abc".repeat(i % 50)}`).join(
      "\n",
    );
    const gz = gzipSync(text);
    writeFileSync(join(dir, "full.log.gz"), gz);
    writeFileSync(join(dir, "cut.log.gz"), gz.subarray(0, Math.floor(gz.length / 2)));
    const full = await readAll([join(dir, "full.log.gz")]);
    expect(full.lines).toHaveLength(2000);
    expect(full.lines[1999]?.text).toBe(text.split("\n")[1999]);
    const cut = await readAll([join(dir, "cut.log.gz")]);
    expect(cut.lines.length).toBeGreaterThan(0);
    expect(cut.lines.length).toBeLessThan(2000);
    expect(cut.events.warnings.join("\n")).toMatch(/truncated or corrupt/);
  });

  it("warns about empty files", async () => {
    writeFileSync(join(dir, "empty.log"), "");
    const { lines, events } = await readAll([join(dir, "empty.log")]);
    expect(lines).toHaveLength(0);
    expect(events.warnings).toContain(`${join(dir, "empty.log")}: empty, nothing to analyze`);
  });

  it("expands globs and rejects missing paths with an input error", async () => {
    writeFileSync(join(dir, "g1.log"), "x\n");
    writeFileSync(join(dir, "g2.log"), "y\n");
    const { lines } = await readAll([join(dir, "g?.log")]);
    expect(lines.map((l) => l.text)).toEqual(["x", "y"]);
    await expect(resolveInputs([join(dir, "nope.log")])).rejects.toThrow(
      /no such file or directory/,
    );
    await expect(resolveInputs([join(dir, "*.nothing")])).rejects.toThrow(/no files match/);
  });

  it("reads a single entry given as text", async () => {
    const events = new EventLog();
    const lines: Line[] = [];
    const sources = await resolveInputs([], "ERROR something broke");
    await readSources(sources, defaultConfig().read, { line: (l) => lines.push(l) }, events);
    expect(lines).toEqual([
      { source: "<entry>", line: 1, text: "ERROR something broke", truncated: false },
    ]);
  });

  it("reads a stream source, gzip or not, and lets the stream's own logsage error through", async () => {
    const readStreamSource = async (stream: Readable) => {
      const events = new EventLog();
      const lines: Line[] = [];
      const source = { kind: "stream" as const, name: "<upload>", stream };
      await readSources([source], defaultConfig().read, { line: (l) => lines.push(l) }, events);
      return lines.map((l) => `${l.source}:${l.text}`);
    };
    expect(await readStreamSource(Readable.from([Buffer.from("a\nb\n")]))).toEqual([
      "<upload>:a",
      "<upload>:b",
    ]);
    expect(await readStreamSource(Readable.from([gzipSync("zipped\n")]))).toEqual([
      "<upload>:zipped",
    ]);
    for (const first of [Buffer.from("plain\n"), gzipSync("x".repeat(10_000))]) {
      const failing = new Readable({ read() {} });
      failing.push(first);
      setTimeout(() => failing.destroy(new TooLargeError("over the limit")), 10);
      await expect(readStreamSource(failing)).rejects.toBeInstanceOf(TooLargeError);
    }
  });

  it("reads a file many chunks long through one reused buffer: lines across chunks intact, progress to the end", async () => {
    // Lines of every length around the 4 KiB chunk, many with 3-byte characters, one over the
    // line cap: each refill of the buffer overwrites the bytes a partial line came from.
    const texts = Array.from({ length: 400 }, (_, i) => `${i} ${"é€x".repeat((i * 37) % 1200)}`);
    texts.push("y".repeat(20_000), "last");
    const path = join(dir, "chunks.log");
    writeFileSync(path, `${texts.join("\n")}\n`);
    const config = defaultConfig();
    config.read.chunkBytes = 4096;
    config.read.maxLineBytes = 16_384;
    const lines: Line[] = [];
    const progress: number[] = [];
    const hooks = { line: (l: Line) => lines.push(l), progress: (b: number) => progress.push(b) };
    await readSources(await resolveInputs([path]), config.read, hooks, new EventLog());
    const expected = texts.map((t) => t.slice(0, 16_384));
    expect(lines).toHaveLength(expected.length);
    // The index of the first wrong line, not the lines themselves: they are long.
    expect(lines.findIndex((l, i) => l.text !== expected[i])).toBe(-1);
    expect(lines.at(-2)?.truncated).toBe(true);
    expect(progress.at(-1)).toBe(statSync(path).size);
  });
});
