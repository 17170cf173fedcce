/**
 * read: sources -> physical lines. Streams each source in chunks (gzip decompressed on the fly,
 * detected by its magic bytes, not its name), skips binary files with a warning, and reports
 * bytes read for progress. Memory is bounded by chunk size plus the line cap.
 */

import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import type { ReadConfig } from "../../config.js";
import { InputError } from "../../errors.js";
import type { StageEvents } from "../events.js";
import type { Line } from "../types.js";
import { type Source, sourceName } from "./inputs.js";
import { LineSplitter } from "./split.js";

export { resolveInputs, type Source, sourceName } from "./inputs.js";

export interface ReadHooks {
  line(line: Line): void;
  /** Called after each source ends, so later stages can flush per-source state. */
  endSource?(source: string): void;
  /** Raw (compressed, for gzip) bytes consumed so far across all sources. */
  progress?(bytesRead: number): void;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const BINARY_SNIFF_BYTES = 8192;

/** NUL bytes do not occur in text logs; their presence in the first bytes means binary data. */
function looksBinary(chunk: Buffer): boolean {
  return chunk.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

async function* chunksOf(stream: Readable): AsyncGenerator<Buffer> {
  for await (const chunk of stream) yield chunk as Buffer;
}

/** Open a file; gzip is recognised by its magic bytes, whatever the file is called. */
async function openFile(path: string, config: ReadConfig) {
  const raw = createReadStream(path, { highWaterMark: config.chunkBytes });
  const gzip = await peekGzip(raw);
  return { stream: gzip ? raw.pipe(createGunzip({ chunkSize: 256 * 1024 })) : raw, gzip, raw };
}

async function readStream(
  name: string,
  chunks: Iterable<Buffer> | AsyncIterable<Buffer>,
  config: ReadConfig,
  hooks: ReadHooks,
  events: StageEvents,
  onChunk?: () => void,
): Promise<void> {
  const splitter = new LineSplitter(name, config.maxLineBytes);
  let first = true;
  let invalidUtf8 = false;
  let bytes = 0;
  for await (const chunk of chunks) {
    if (first && looksBinary(chunk)) {
      events.warn(`${name}: binary data, skipped`);
      events.count("read.sources.binary");
      return;
    }
    first = false;
    bytes += chunk.length;
    if (!invalidUtf8 && !isUtf8(chunk)) invalidUtf8 = true;
    splitter.push(chunk, hooks.line);
    onChunk?.();
  }
  splitter.end(hooks.line);
  if (bytes === 0) events.warn(`${name}: empty, nothing to analyze`);
  // A chunk boundary can split a valid character; only warn when a decoded line shows it too.
  if (invalidUtf8) events.warn(`${name}: invalid UTF-8 replaced with U+FFFD`);
  if (splitter.truncatedLines > 0) {
    events.warn(
      `${name}: ${splitter.truncatedLines} line(s) longer than ${config.maxLineBytes} bytes truncated`,
    );
  }
  events.count("read.lines", splitter.lines);
  events.count("read.bytes", bytes);
  events.count("read.lines.truncated", splitter.truncatedLines);
}

async function readFileSource(
  path: string,
  config: ReadConfig,
  hooks: ReadHooks,
  events: StageEvents,
  onRead: (bytes: number) => void,
): Promise<void> {
  let opened: Awaited<ReturnType<typeof openFile>>;
  try {
    opened = await openFile(path, config);
  } catch (err) {
    throw new InputError(`cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    const { raw } = opened;
    await readStream(path, chunksOf(opened.stream), config, hooks, events, () =>
      onRead(raw.bytesRead),
    );
  } catch (err) {
    if (!opened.gzip)
      throw new InputError(`cannot read ${path}: ${(err as Error).message}`, { cause: err });
    // A truncated or corrupt .gz still yields what was decompressed before the damage.
    events.warn(
      `${path}: gzip data is truncated or corrupt (${(err as Error).message}); analyzed what was readable`,
    );
    events.count("read.sources.corrupt");
  } finally {
    opened.raw.destroy();
  }
}

/** Read every source in order, calling the hooks for each line. */
export async function readSources(
  sources: Source[],
  config: ReadConfig,
  hooks: ReadHooks,
  events: StageEvents,
): Promise<void> {
  let done = 0;
  const onRead = (bytes: number) => hooks.progress?.(done + bytes);
  for (const source of sources) {
    const name = sourceName(source);
    events.count("read.sources");
    if (source.kind === "file") {
      await readFileSource(source.path, config, hooks, events, onRead);
      done += source.size;
    } else if (source.kind === "stdin") await readStdin(config, hooks, events);
    else await readStream(name, [Buffer.from(source.text, "utf8")], config, hooks, events);
    hooks.endSource?.(name);
  }
}

async function readStdin(config: ReadConfig, hooks: ReadHooks, events: StageEvents): Promise<void> {
  const first = await peekGzip(process.stdin);
  const stream = first ? process.stdin.pipe(createGunzip()) : process.stdin;
  try {
    await readStream("<stdin>", chunksOf(stream), config, hooks, events);
  } catch (err) {
    if (!first)
      throw new InputError(`cannot read stdin: ${(err as Error).message}`, { cause: err });
    events.warn(
      `<stdin>: gzip data is truncated or corrupt (${(err as Error).message}); analyzed what was readable`,
    );
  }
}

async function peekGzip(stream: Readable): Promise<boolean> {
  const first = await new Promise<Buffer | null>((resolve, reject) => {
    stream.once("readable", () =>
      resolve(stream.read(Math.min(2, stream.readableLength)) as Buffer | null),
    );
    stream.once("error", reject);
    stream.once("end", () => resolve(null));
  });
  if (!first) return false;
  stream.unshift(first);
  return first[0] === GZIP_MAGIC_0 && first[1] === GZIP_MAGIC_1;
}
