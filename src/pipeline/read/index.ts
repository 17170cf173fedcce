/**
 * read: sources -> physical lines. Streams each source in chunks (gzip decompressed on the fly,
 * detected by its magic bytes, not its name; a tar archive cut into its files, tar.ts), skips
 * binary files with a warning, and reports bytes read for progress. Memory is bounded by chunk
 * size plus the line cap.
 */

import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import { constants, createGunzip } from "node:zlib";
import type { ReadConfig } from "../../config.js";
import { InputError, LogsageError } from "../../errors.js";
import type { StageEvents } from "../events.js";
import type { Line } from "../types.js";
import { type Source, sourceName } from "./inputs.js";
import { ArchiveReader, startsGzip, TextReader } from "./lines.js";
import type { SiftHooks } from "./split.js";
import { isTarHeader } from "./tar.js";

export { resolveInputs, type Source, sourceName } from "./inputs.js";
export { sharedSift } from "./sift.js";
export type { SiftHooks } from "./split.js";

export interface ReadHooks {
  line(line: Line): void;
  /** Pass quiet lines over when these hooks allow (analyze); without them every line is emitted. */
  sift?: SiftHooks;
  /** Called after each source ends, so later stages can flush per-source state. */
  endSource?(source: string): void;
  /** Raw (compressed, for gzip) bytes consumed so far across all sources, files and streams alike. */
  progress?(bytesRead: number): void;
}

/**
 * Feed a stream's chunks to `onChunk` as they arrive. Event-driven rather than `for await`, so the
 * data a truncated gzip stream produced before its error is still delivered.
 */
function consume(stream: Readable, onChunk: (chunk: Buffer) => void): Promise<void> {
  if (stream.readableEnded) return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.on("data", onChunk);
    stream.once("end", resolve);
    stream.once("error", reject);
    // The gzip peek paused the stream; a 'data' listener alone would not restart it.
    stream.resume();
  });
}

/**
 * Sync-flush every input chunk so that all output is delivered before a truncated stream's error
 * at its end: a damaged .gz still yields everything before the damage.
 */
function gunzip() {
  return createGunzip({ chunkSize: 256 * 1024, flush: constants.Z_SYNC_FLUSH });
}

/** Chunks go to `onChunk` one at a time; the chunk may be reused once `onChunk` returns. */
type Feed = (onChunk: (chunk: Buffer) => void) => Promise<void>;

/** Open a file and read its first chunk; gzip is recognised by its magic bytes, whatever its name. */
async function openFile(path: string, config: ReadConfig) {
  const handle = await open(path);
  try {
    const buffer = Buffer.allocUnsafeSlow(config.chunkBytes);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const gzip = startsGzip(buffer.subarray(0, bytesRead));
    return { handle, buffer, first: bytesRead, gzip };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

type OpenedFile = Awaited<ReturnType<typeof openFile>>;

/**
 * A plain file read through two buffers in turn: the next chunk is read into one while the other
 * is split (waiting for each read cost a sifted analysis about 8% of its time). Lines
 * leave as strings and the splitter copies what it keeps, so nothing holds a buffer once split. A
 * fresh buffer per chunk (a read stream's way) left each one to the garbage collector, and a
 * server's RSS grew by tens of MB of dead chunks while it analyzed an uploaded file.
 */
function plainFile(opened: OpenedFile, onRead: (bytes: number) => void): Feed {
  return async (onChunk) => {
    const { handle } = opened;
    let buffer = opened.buffer;
    let spare = Buffer.allocUnsafeSlow(buffer.length);
    let offset = 0;
    for (let n = opened.first; n > 0; [buffer, spare] = [spare, buffer]) {
      const next = handle.read(spare, 0, spare.length, offset + n);
      try {
        onChunk(buffer.subarray(0, n));
      } catch (err) {
        // The read ahead must end before the caller closes the file.
        await next.catch(() => undefined);
        throw err;
      }
      offset += n;
      onRead(offset);
      n = (await next).bytesRead;
    }
  };
}

/** A gzip file decompressed as a stream (zlib works on its input after write() returns). */
function gzipFile(opened: OpenedFile, config: ReadConfig, onRead: (bytes: number) => void): Feed {
  return async (onChunk) => {
    const raw = opened.handle.createReadStream({
      start: 0,
      highWaterMark: config.chunkBytes,
      autoClose: false,
    });
    try {
      // Piped here, in the same tick as readStream attaches its listeners, so no output or
      // error of the decompressor can slip past them.
      await consume(raw.pipe(gunzip()), (chunk) => {
        onChunk(chunk);
        onRead(raw.bytesRead);
      });
    } finally {
      raw.destroy();
    }
  };
}

/** Reads one source: a tar archive (recognised by its first block) member by member, or as text. */
async function readStream(
  name: string,
  feed: Feed,
  config: ReadConfig,
  hooks: ReadHooks,
  events: StageEvents,
  afterChunk?: () => void,
): Promise<void> {
  let reader: TextReader | ArchiveReader | undefined;
  const onChunk = (chunk: Buffer) => {
    reader ??= isTarHeader(chunk)
      ? new ArchiveReader(name, config, hooks, events)
      : new TextReader(name, config, hooks);
    reader.push(chunk);
    afterChunk?.();
  };
  let failure: unknown;
  try {
    await feed(onChunk);
  } catch (err) {
    failure = err;
  }
  // What arrived before a damaged gzip stream ended is analyzed too.
  (reader ?? new TextReader(name, config, hooks)).finish(events);
  if (reader instanceof ArchiveReader) {
    // Read as plain files are, without moving the progress past the archive's own bytes.
    await reader.readSpooled((path, member) =>
      readFileSource(path, config, hooks, events, () => undefined, member),
    );
  }
  if (failure !== undefined) throw failure;
}

/** A file by its path; `name` is what its lines and messages call it (an archive's member). */
async function readFileSource(
  path: string,
  config: ReadConfig,
  hooks: ReadHooks,
  events: StageEvents,
  onRead: (bytes: number) => void,
  name = path,
): Promise<void> {
  let opened: OpenedFile;
  try {
    opened = await openFile(path, config);
  } catch (err) {
    throw new InputError(`cannot read ${name}: ${(err as Error).message}`, { cause: err });
  }
  try {
    const feed = opened.gzip ? gzipFile(opened, config, onRead) : plainFile(opened, onRead);
    await readStream(name, feed, config, hooks, events);
  } catch (err) {
    if (!opened.gzip)
      throw new InputError(`cannot read ${name}: ${(err as Error).message}`, { cause: err });
    // A truncated or corrupt .gz still yields what was decompressed before the damage.
    events.warn(
      `${name}: gzip data is truncated or corrupt (${(err as Error).message}); analyzed what was readable`,
    );
    events.count("read.sources.corrupt");
  } finally {
    await opened.handle.close();
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
    } else if (source.kind === "stdin") {
      done += await readPiped(name, process.stdin, config, hooks, events, onRead);
    } else if (source.kind === "stream") {
      done += await readPiped(name, source.stream, config, hooks, events, onRead);
    } else {
      const text = Buffer.from(source.text, "utf8");
      const feed: Feed = async (onChunk) => onChunk(text);
      await readStream(name, feed, config, hooks, events, () => onRead(text.length));
      done += text.length;
    }
    hooks.endSource?.(name);
  }
}

/**
 * The stream again, its first chunk included, plus that chunk. Iterated rather than peeked and
 * unshifted: a stream that ends with its first chunk (a small upload) would drop an unshift.
 */
async function replayFirst(
  input: Readable,
  onChunk: (chunk: Buffer) => void,
): Promise<{ first: Buffer | undefined; rest: Readable }> {
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head = await chunks.next();
  const first = head.done ? undefined : head.value;
  async function* all() {
    if (first) {
      onChunk(first);
      yield first;
    }
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      onChunk(next.value);
      yield next.value;
    }
  }
  return { first, rest: Readable.from(all(), { objectMode: false }) };
}

/**
 * Stdin or an upload: gzip recognised by its first bytes, a damaged one read up to the damage.
 * Returns the raw bytes consumed, which `onRead` also sees after each chunk is split into lines.
 */
async function readPiped(
  name: string,
  input: Readable,
  config: ReadConfig,
  hooks: ReadHooks,
  events: StageEvents,
  onRead: (bytes: number) => void,
): Promise<number> {
  let sourceError: unknown;
  let gzip = false;
  let raw = 0;
  try {
    const { first, rest } = await replayFirst(input, (chunk) => {
      raw += chunk.length;
    });
    gzip = first !== undefined && startsGzip(first);
    const stream = gzip ? rest.pipe(gunzip()) : rest;
    // pipe() does not forward errors: without this the decompressor would wait forever. The
    // source's own failures (a body over the size limit) end the analysis as they are.
    rest.once("error", (err) => {
      sourceError = err;
      if (gzip) stream.destroy(err);
    });
    const feed: Feed = (onChunk) => consume(stream, onChunk);
    await readStream(name, feed, config, hooks, events, () => onRead(raw));
  } catch (err) {
    const cause = sourceError ?? err;
    if (cause instanceof LogsageError) throw cause;
    if (!gzip) throw new InputError(`cannot read ${name}: ${(err as Error).message}`, { cause });
    events.warn(
      `${name}: gzip data is truncated or corrupt (${(err as Error).message}); analyzed what was readable`,
    );
  }
  return raw;
}
