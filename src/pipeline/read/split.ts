/**
 * Turns a stream of byte chunks into physical lines. Works on bytes (memchr-speed newline search)
 * and decodes each line on its own, so a multi-byte character split across chunks is never
 * mangled. A line longer than the cap keeps its first `maxLineBytes` bytes, is flagged, and the
 * rest is skipped without being buffered: memory stays bounded whatever the input.
 *
 * With a sift (sift.ts), a quiet line is held until the next one shows that it starts a record of
 * its own (so no continuation can belong to it), then passed over if `allowed()` says so: it is
 * numbered but never decoded. The last lines passed over before an emitted line ride along with
 * it, as context for a sample.
 */
import type { Line } from "../types.js";
import { type Sift, startsRecord } from "./sift.js";

const LF = 10;
const CR = 13;

type Emit = (line: Line) => void;

export interface SiftHooks {
  sift: Sift;
  /**
   * May quiet lines be passed over now? Asked when one is, and asked again only after a line was
   * emitted: nothing else can change the answer, and a million calls would show.
   */
  allowed(source: string): boolean;
  /** So many more lines were passed over: told before each emitted line and after each chunk. */
  passed(count: number): void;
  /** How many passed-over lines to hand to the next emitted line. */
  contextLines: number;
}

/** Bytes of one line, in a chunk or (once the chunk may be reused) in a copy. */
interface Span {
  buf: Buffer;
  start: number;
  end: number;
}

function detach(span: Span): void {
  span.buf = Buffer.from(span.buf.subarray(span.start, span.end));
  span.end -= span.start;
  span.start = 0;
}

/**
 * The last lines passed over, in slots reused line after line (an object per passed line, a
 * million of them per 140 MB, kept the garbage collector busy).
 */
class PassedLines {
  private readonly slots: Span[];
  private count = 0;
  private next = 0;

  constructor(private readonly size: number) {
    this.slots = Array.from({ length: size }, () => ({ buf: Buffer.alloc(0), start: 0, end: 0 }));
  }

  get length(): number {
    return this.count;
  }

  add(buf: Buffer, start: number, end: number): void {
    const slot = this.slots[this.next];
    if (!slot) return;
    slot.buf = buf;
    slot.start = start;
    slot.end = end;
    this.next = (this.next + 1) % this.size;
    this.count = Math.min(this.count + 1, this.size);
  }

  /** The lines, oldest first, as text; the ring is empty afterwards. */
  take(): string[] {
    const out = this.live().map((slot) => textOf(slot.buf, slot.start, slot.end));
    this.count = 0;
    return out;
  }

  /** Copy the lines out of a chunk that is about to be reused. */
  detach(): void {
    for (const slot of this.live()) detach(slot);
  }

  /** The slots in use, oldest first. */
  private live(): Span[] {
    const out: Span[] = [];
    for (let i = this.count; i > 0; i--) {
      out.push(this.slots[(this.next - i + this.size) % this.size] as Span);
    }
    return out;
  }
}

export class LineSplitter {
  private carry: Buffer | null = null;
  /** Inside an over-long line whose head was already emitted: drop bytes until the next LF. */
  private skipping = false;
  private lineNo = 0;
  truncatedLines = 0;
  /** A quiet line waiting for the next one's first byte (held.buf null: none). */
  private readonly held: { buf: Buffer | null; start: number; end: number } = {
    buf: null,
    start: 0,
    end: 0,
  };
  /** The latest lines passed over since the last emitted line. */
  private readonly passed: PassedLines;
  /** Lines passed over and not yet told to the hooks. */
  private untold = 0;
  /** The hooks' answer to `allowed` since the last emitted line (undefined: ask). */
  private allowed: boolean | undefined;

  constructor(
    private readonly source: string,
    private readonly maxLineBytes: number,
    private readonly sift?: SiftHooks,
  ) {
    this.passed = new PassedLines(sift?.contextLines ?? 0);
  }

  /** Split a chunk, calling `emit` for every complete line. */
  push(chunk: Buffer, emit: Emit): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(LF, start);
      if (nl === -1) break;
      if (this.skipping) {
        this.skipping = false;
      } else if (this.carry) {
        const head = this.carry;
        this.carry = null;
        this.emitBytes(
          Buffer.concat([head, chunk.subarray(start, nl)]),
          0,
          head.length + nl - start,
          emit,
        );
      } else if (this.sift) {
        this.sifted(chunk, start, nl, emit, this.sift);
      } else {
        this.emitBytes(chunk, start, nl, emit);
      }
      start = nl + 1;
    }
    if (this.held.buf || this.passed.length > 0) this.keepSifted(chunk, start, emit);
    if (start < chunk.length) this.keepTail(chunk, start, emit);
    this.tell();
  }

  /** End of input: a last line without a trailing newline is still a line. */
  end(emit: Emit): void {
    this.release(false, emit);
    this.tell();
    if (this.carry && !this.skipping) this.emitBytes(this.carry, 0, this.carry.length, emit);
    this.carry = null;
    this.skipping = false;
  }

  get lines(): number {
    return this.lineNo;
  }

  private sifted(chunk: Buffer, start: number, nl: number, emit: Emit, hooks: SiftHooks): void {
    const quiet = nl - start <= this.maxLineBytes && !hooks.sift.loud(chunk, start, nl);
    this.release(quiet || startsRecord(chunk[start] as number), emit);
    if (quiet) {
      this.held.buf = chunk;
      this.held.start = start;
      this.held.end = nl;
    } else {
      this.emitBytes(chunk, start, nl, emit);
    }
  }

  /** Decide the held line, now that the next line does (or does not) start a record. */
  private release(nextStartsRecord: boolean, emit: Emit): void {
    const { buf, start, end } = this.held;
    if (!buf || !this.sift) return;
    this.held.buf = null;
    if (nextStartsRecord && this.mayPassOver(this.sift)) {
      this.lineNo++;
      this.untold++;
      this.passed.add(buf, start, end);
      return;
    }
    this.emitBytes(buf, start, end, emit);
  }

  private mayPassOver(hooks: SiftHooks): boolean {
    this.allowed ??= hooks.allowed(this.source);
    return this.allowed;
  }

  private tell(): void {
    if (this.untold === 0 || !this.sift) return;
    this.sift.passed(this.untold);
    this.untold = 0;
  }

  /** Chunk end: the held line is decided by the partial line's first byte, or copied. */
  private keepSifted(chunk: Buffer, start: number, emit: Emit): void {
    if (this.held.buf) {
      if (start < chunk.length) this.release(startsRecord(chunk[start] as number), emit);
      else detach(this.held as Span);
    }
    this.passed.detach();
  }

  private keepTail(chunk: Buffer, start: number, emit: Emit): void {
    if (this.skipping) return;
    const tail = chunk.subarray(start);
    const pending = this.carry ? this.carry.length + tail.length : tail.length;
    if (pending > this.maxLineBytes) {
      // The line is already over the cap: emit its head now and skip the rest.
      const head = this.carry ? Buffer.concat([this.carry, tail]) : tail;
      this.carry = null;
      this.emitBytes(head, 0, this.maxLineBytes, emit, true);
      this.skipping = true;
      return;
    }
    // Copy: the caller may reuse the chunk's memory.
    this.carry = this.carry ? Buffer.concat([this.carry, tail]) : Buffer.from(tail);
  }

  private emitBytes(
    buf: Buffer,
    start: number,
    end: number,
    emit: Emit,
    forceTruncated = false,
  ): void {
    let stop = end;
    if (stop > start && buf[stop - 1] === CR) stop--;
    let truncated = forceTruncated;
    if (stop - start > this.maxLineBytes) {
      stop = start + this.maxLineBytes;
      truncated = true;
    }
    if (truncated) this.truncatedLines++;
    this.lineNo++;
    const line: Line = {
      source: this.source,
      line: this.lineNo,
      text: buf.toString("utf8", start, stop),
      truncated,
    };
    if (this.passed.length > 0) line.passedOver = this.passed.take();
    this.tell();
    this.allowed = undefined;
    emit(line);
  }
}

function textOf(buf: Buffer, start: number, end: number): string {
  return buf.toString("utf8", start, end > start && buf[end - 1] === CR ? end - 1 : end);
}
