/**
 * Tar archives (a support bundle, `must-gather`, `sosreport`, a directory of logs sent as one
 * .tar.gz): the byte stream is cut into its members as it arrives, so an archive of any size is
 * read in bounded memory, and each regular file becomes a source of its own. ustar, GNU long
 * names and pax paths are understood; links, directories and devices are not logs and are skipped.
 */

const BLOCK = 512;
/** A long name (GNU 'L', pax 'x') is kept whole; anything bigger is not a name. */
const MAX_NAME_BYTES = 64 * 1024;

/** "ustar" at offset 257 and a header checksum that adds up: a tar archive. */
export function isTarHeader(block: Buffer): boolean {
  if (block.length < BLOCK) return false;
  if (block.toString("latin1", 257, 262) !== "ustar") return false;
  return checksumOk(block);
}

function checksumOk(header: Buffer): boolean {
  const stored = octal(header, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] as number);
  return stored === sum;
}

/** A numeric field: octal text, or base-256 when its first byte has the high bit (GNU, > 8 GB). */
function octal(header: Buffer, start: number, length: number): number {
  const first = header[start] as number;
  if (first & 0x80) {
    let value = first & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + (header[i] as number);
    return value;
  }
  const text = header.toString("latin1", start, start + length).replace(/[\0 ]+$/, "");
  return text.trim() === "" ? 0 : Number.parseInt(text.trim(), 8);
}

function text(header: Buffer, start: number, length: number): string {
  const field = header.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.toString("utf8", 0, end === -1 ? length : end);
}

/** The path a pax extended header sets ("27 path=some/long/name.log\n" records). */
function paxPath(data: Buffer): string | undefined {
  let path: string | undefined;
  for (const record of data.toString("utf8").split("\n")) {
    const m = /^\d+ path=(.*)$/.exec(record);
    if (m) path = m[1];
  }
  return path;
}

export interface TarMembers {
  /** A regular file begins; its bytes follow through `data`, then `end`. */
  begin(name: string): void;
  data(chunk: Buffer): void;
  end(): void;
}

type State =
  | { kind: "header" }
  | { kind: "file"; left: number; pad: number }
  | { kind: "meta"; type: string; left: number; pad: number; bytes: Buffer[] }
  | { kind: "skip"; left: number }
  | { kind: "done" };

/** Feeds an archive's bytes in, calls `members` for each regular file in it. */
export class TarSplitter {
  private state: State = { kind: "header" };
  private header = Buffer.alloc(BLOCK);
  private headerFill = 0;
  /** The name a GNU 'L' or pax 'x' entry gave the member that follows it. */
  private nextName: string | undefined;

  constructor(private readonly members: TarMembers) {}

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length && this.state.kind !== "done") at = this.step(chunk, at);
  }

  /** An archive cut short ends its open member with what arrived. */
  finish(): void {
    if (this.state.kind === "file") this.members.end();
    this.state = { kind: "done" };
  }

  private step(chunk: Buffer, at: number): number {
    const state = this.state;
    switch (state.kind) {
      case "header":
        return this.fillHeader(chunk, at);
      case "file": {
        const n = Math.min(state.left, chunk.length - at);
        if (n > 0) this.members.data(chunk.subarray(at, at + n));
        state.left -= n;
        if (state.left === 0) {
          this.members.end();
          this.state = { kind: "skip", left: state.pad };
        }
        return at + n;
      }
      case "meta": {
        const n = Math.min(state.left, chunk.length - at);
        if (state.bytes.reduce((sum, b) => sum + b.length, 0) < MAX_NAME_BYTES) {
          state.bytes.push(Buffer.from(chunk.subarray(at, at + n)));
        }
        state.left -= n;
        if (state.left === 0) {
          this.nameFromMeta(state.type, Buffer.concat(state.bytes));
          this.state = { kind: "skip", left: state.pad };
        }
        return at + n;
      }
      case "skip": {
        const n = Math.min(state.left, chunk.length - at);
        state.left -= n;
        if (state.left === 0) this.state = { kind: "header" };
        return at + n;
      }
      case "done":
        return chunk.length;
    }
  }

  private fillHeader(chunk: Buffer, at: number): number {
    const n = Math.min(BLOCK - this.headerFill, chunk.length - at);
    chunk.copy(this.header, this.headerFill, at, at + n);
    this.headerFill += n;
    if (this.headerFill === BLOCK) {
      this.headerFill = 0;
      this.onHeader();
    }
    return at + n;
  }

  private onHeader(): void {
    const h = this.header;
    const size = octal(h, 124, 12);
    // Two zero blocks end the archive; one is enough to know nothing more is coming. A header
    // that does not add up, or whose size is no number, ends it too: what follows is not tar.
    if (h.every((b) => b === 0) || !checksumOk(h) || !(size >= 0)) {
      this.state = { kind: "done" };
      return;
    }
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    const type = String.fromCharCode(h[156] as number);
    if (type === "L" || type === "x") {
      this.state = { kind: "meta", type, left: size, pad, bytes: [] };
      if (size === 0) this.state = { kind: "skip", left: pad };
      return;
    }
    const prefix = text(h, 345, 155);
    const name = this.nextName ?? (prefix ? `${prefix}/${text(h, 0, 100)}` : text(h, 0, 100));
    this.nextName = undefined;
    if (type !== "0" && type !== "\0" && type !== "7") {
      this.state = { kind: "skip", left: size + pad };
      if (size + pad === 0) this.state = { kind: "header" };
      return;
    }
    this.members.begin(name);
    if (size === 0) {
      this.members.end();
      this.state = pad === 0 ? { kind: "header" } : { kind: "skip", left: pad };
      return;
    }
    this.state = { kind: "file", left: size, pad };
  }

  private nameFromMeta(type: string, data: Buffer): void {
    if (type === "L") this.nextName = text(data, 0, data.length);
    else this.nextName = paxPath(data) ?? this.nextName;
  }
}
