/**
 * Turns a stream of byte chunks into physical lines. Works on bytes (memchr-speed newline search)
 * and decodes each line on its own, so a multi-byte character split across chunks is never
 * mangled. A line longer than the cap keeps its first `maxLineBytes` bytes, is flagged, and the
 * rest is skipped without being buffered: memory stays bounded whatever the input.
 */
import type { Line } from "../types.js";

const LF = 10;
const CR = 13;

export class LineSplitter {
  private carry: Buffer | null = null;
  /** Inside an over-long line whose head was already emitted: drop bytes until the next LF. */
  private skipping = false;
  private lineNo = 0;
  truncatedLines = 0;

  constructor(
    private readonly source: string,
    private readonly maxLineBytes: number,
  ) {}

  /** Split a chunk, calling `emit` for every complete line. */
  push(chunk: Buffer, emit: (line: Line) => void): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(LF, start);
      if (nl === -1) {
        this.keepTail(chunk, start, emit);
        return;
      }
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
      } else {
        this.emitBytes(chunk, start, nl, emit);
      }
      start = nl + 1;
    }
  }

  /** End of input: a last line without a trailing newline is still a line. */
  end(emit: (line: Line) => void): void {
    if (this.carry && !this.skipping) this.emitBytes(this.carry, 0, this.carry.length, emit);
    this.carry = null;
    this.skipping = false;
  }

  get lines(): number {
    return this.lineNo;
  }

  private keepTail(chunk: Buffer, start: number, emit: (line: Line) => void): void {
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
    emit: (line: Line) => void,
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
    emit({
      source: this.source,
      line: this.lineNo,
      text: buf.toString("utf8", start, stop),
      truncated,
    });
  }
}
