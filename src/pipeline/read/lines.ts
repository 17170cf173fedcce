/**
 * One source's bytes -> lines: a text source through the line splitter, with binary data sniffed
 * and invalid UTF-8 noted, or a tar archive's files, each as a text source of its own.
 */
import { isUtf8 } from "node:buffer";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ReadConfig } from "../../config.js";
import type { StageEvents } from "../events.js";
import type { ReadHooks } from "./index.js";
import { LineSplitter } from "./split.js";
import { type TarMembers, TarSplitter } from "./tar.js";

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const BINARY_SNIFF_BYTES = 8192;

/** NUL bytes do not occur in text logs; their presence in the first bytes means binary data. */
function looksBinary(chunk: Buffer, sniffed: number): boolean {
  return chunk.subarray(0, BINARY_SNIFF_BYTES - sniffed).includes(0);
}

/** Gzip's magic bytes, whatever the name. */
export function startsGzip(chunk: Buffer): boolean {
  return chunk.length >= 2 && chunk[0] === GZIP_MAGIC_0 && chunk[1] === GZIP_MAGIC_1;
}

/** One source's bytes to lines: binary data sniffed, invalid UTF-8 noted, lines split and counted. */
export class TextReader {
  private readonly splitter: LineSplitter;
  private binary = false;
  private invalidUtf8 = false;
  private bytes = 0;

  constructor(
    readonly name: string,
    private readonly config: ReadConfig,
    private readonly hooks: ReadHooks,
  ) {
    this.splitter = new LineSplitter(name, config.maxLineBytes, hooks.sift);
  }

  push(chunk: Buffer): void {
    if (this.binary) return;
    if (this.bytes < BINARY_SNIFF_BYTES && looksBinary(chunk, this.bytes)) {
      this.binary = true;
      return;
    }
    this.bytes += chunk.length;
    if (!this.invalidUtf8 && !isUtf8(chunk)) this.invalidUtf8 = true;
    this.splitter.push(chunk, this.hooks.line);
  }

  finish(events: StageEvents): void {
    const { name, splitter } = this;
    if (this.binary) {
      events.warn(`${name}: binary data, skipped`);
      events.count("read.sources.binary");
      return;
    }
    splitter.end(this.hooks.line);
    if (this.bytes === 0) events.warn(`${name}: empty, nothing to analyze`);
    // A chunk boundary can split a valid character; only warn when a decoded line shows it too.
    if (this.invalidUtf8) events.warn(`${name}: invalid UTF-8 replaced with U+FFFD`);
    if (splitter.truncatedLines > 0) {
      events.warn(
        `${name}: ${splitter.truncatedLines} line(s) longer than ${this.config.maxLineBytes} bytes truncated`,
      );
    }
    events.count("read.lines", splitter.lines);
    events.count("read.bytes", this.bytes);
    events.count("read.lines.truncated", splitter.truncatedLines);
  }
}

/**
 * A tar archive's members, each read as a source of its own named `archive/member`. A member that
 * is itself gzipped (a rotated `app.log.1.gz`) is spooled to a temporary file as it streams past,
 * and read once the archive is done: its decompressor cannot run inside this synchronous walk.
 */
export class ArchiveReader implements TarMembers {
  private readonly tar = new TarSplitter(this);
  private member: TextReader | undefined;
  private spoolDir: string | undefined;
  private spooling: { fd: number; path: string } | undefined;
  private started = false;
  private members = 0;
  /** Gzipped members waiting in the spool, in archive order. */
  readonly spooled: { name: string; path: string }[] = [];

  constructor(
    private readonly name: string,
    private readonly config: ReadConfig,
    private readonly hooks: ReadHooks,
    private readonly events: StageEvents,
  ) {}

  push(chunk: Buffer): void {
    this.tar.push(chunk);
  }

  finish(): void {
    this.tar.finish();
    if (this.members === 0) this.events.warn(`${this.name}: archive holds no files`);
  }

  begin(member: string): void {
    this.members++;
    this.member = new TextReader(`${this.name}/${member}`, this.config, this.hooks);
    this.started = false;
  }

  data(chunk: Buffer): void {
    if (!this.started) {
      this.started = true;
      if (startsGzip(chunk)) this.spooling = this.spoolFile();
    }
    if (this.spooling) writeSync(this.spooling.fd, chunk);
    else this.member?.push(chunk);
  }

  end(): void {
    const member = this.member;
    this.member = undefined;
    if (!member) return;
    if (this.spooling) {
      closeSync(this.spooling.fd);
      this.spooled.push({ name: member.name, path: this.spooling.path });
      this.spooling = undefined;
      return;
    }
    member.finish(this.events);
    this.hooks.endSource?.(member.name);
  }

  /**
   * Reads the spooled members with `read`, then removes the spool, whatever happens. Called after
   * finish(), which ends (and closes) a member cut short.
   */
  async readSpooled(read: (path: string, name: string) => Promise<void>): Promise<void> {
    try {
      for (const { name, path } of this.spooled) {
        await read(path, name);
        this.hooks.endSource?.(name);
      }
    } finally {
      if (this.spoolDir) rmSync(this.spoolDir, { recursive: true, force: true });
    }
  }

  private spoolFile(): { fd: number; path: string } {
    this.spoolDir ??= mkdtempSync(join(tmpdir(), "logsage-archive-"));
    const path = join(this.spoolDir, `${this.spooled.length}.gz`);
    return { fd: openSync(path, "w"), path };
  }
}
