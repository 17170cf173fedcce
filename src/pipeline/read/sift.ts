/**
 * sift: finds, in raw bytes and before anything is decoded, the lines that cannot make a finding,
 * so that analyze can count them instead of parsing, redacting and mining them. A line is loud
 * when it holds one of the trigger literals below (ASCII case folded): every level word from warn
 * up (and the single letters and statuses some formats use as levels), the failure vocabulary of
 * score/vocabulary.ts, exception names, HTTP 5xx shapes and the openings of stack traces. The
 * scorer gives a record without any of them no signal of its own, and rarity or a burst alone
 * never reaches the threshold, so a quiet record is never anomalous.
 *
 * One pass of an Aho-Corasick automaton over the bytes finds the literals: a table lookup per
 * byte, several times cheaper than decoding the line. Lines the automaton cannot judge alone are
 * loud by their first byte: `<` (a syslog priority is a level), `{` (JSON levels may be numbers),
 * klog's `W0612`, and anything that may continue the record before it (indented, blank, `...`).
 */

import { HTTP_5XX } from "../score/vocabulary.js";

/** Literals that make a line loud wherever they appear. Lower case; matched case-insensitively. */
const LOUD: readonly string[] = [
  // Levels from warn up, as words and as letters between spaces (logcat-style headers).
  ..."warn err severe fail crit alert fatal emerg panic".split(" "),
  ..." w | e | f | a ".split("|"),
  // Access logs: a quoted status is the level (4xx warn, 5xx error).
  '" 4',
  '" 5',
  '"\t4',
  '"\t5',
  // Failure vocabulary (score/vocabulary.ts), exception names and stack-trace openings.
  ..."out of memory|oom|killed|segfault|segmentation|sigsegv|fault|hung_task|blocked for more than".split(
    "|",
  ),
  ..."blk_update_request|machine check|no space left|enospc|disk full|deadlock|corrupt".split("|"),
  ..."timeout|timedout|timed out|timed-out|timingout|timing out|timing-out|deadline exceeded".split(
    "|",
  ),
  ..."refused|reset by peer|econnreset|broken pipe|epipe|unreachable|denied|unauthori|forbidden|eacces".split(
    "|",
  ),
  ..."exception|traceback|throwable|caused by|suppressed: |goroutine ".split("|"),
  ..."unable to|could not|couldn't|cannot|can't|can not".split("|"),
  ..."crash|abort|terminated|core dumped|unavailable|not available|unhealthy".split("|"),
  ..."retr|back-off|backoff|degraded|throttl|rate limit|too many|exceeded|slow".split("|"),
  // `HTTP/1.1 503`: the quoted form is covered above.
  ..."http/0.9 5|http/1.0 5|http/1.1 5|http/2 5|http/2.0 5|http/3 5|http/3.0 5".split("|"),
];

/** Literals after which the line is loud only if the scorer's HTTP_5XX matches (`status=503`). */
const MAYBE: readonly string[] = ["status", "code"];

const LOUD_BIT = 1;
const MAYBE_BIT = 2;

/**
 * The automaton, compressed for the cache: bytes that occur in no literal share class 0 (from any
 * state they lead back to the start), and states are numbered plain first, then those that end a
 * MAYBE literal, then those that end a LOUD one, so one comparison tells them apart. Entry
 * `state + class` holds the next state, premultiplied by the number of classes.
 */
interface Automaton {
  classOf: Uint8Array;
  table: Uint16Array | Uint32Array;
  maybeFrom: number;
  loudFrom: number;
}

/** The trie of the literals (lower case), each end marked LOUD or MAYBE. */
function trie(loud: readonly string[], maybe: readonly string[]) {
  const edges: Map<number, number>[] = [new Map()];
  const mark: number[] = [0];
  const insert = (literal: string, bit: number) => {
    let state = 0;
    for (const byte of Buffer.from(literal, "latin1")) {
      let next = edges[state]?.get(byte);
      if (next === undefined) {
        next = edges.length;
        edges.push(new Map());
        mark.push(0);
        edges[state]?.set(byte, next);
      }
      state = next;
    }
    mark[state] = (mark[state] ?? 0) | bit;
  };
  for (const literal of loud) insert(literal, LOUD_BIT);
  for (const literal of maybe) insert(literal, MAYBE_BIT);
  return { edges, mark };
}

/** Aho-Corasick: the full transition function over bytes, failure links resolved. */
function transitions(edges: Map<number, number>[], mark: number[]): Int32Array {
  const next = new Int32Array(edges.length * 256);
  const fail = new Int32Array(edges.length);
  const order: number[] = [];
  for (let byte = 0; byte < 256; byte++) {
    const child = edges[0]?.get(byte) ?? 0;
    next[byte] = child;
    if (child !== 0) order.push(child);
  }
  // Breadth first, so a state's failure state is complete before its children need it.
  for (let i = 0; i < order.length; i++) {
    const state = order[i] as number;
    mark[state] = (mark[state] ?? 0) | (mark[fail[state] as number] ?? 0);
    for (let byte = 0; byte < 256; byte++) {
      const child = edges[state]?.get(byte);
      const viaFail = next[(fail[state] as number) * 256 + byte] as number;
      if (child === undefined) {
        next[state * 256 + byte] = viaFail;
      } else {
        fail[child] = viaFail;
        next[state * 256 + byte] = child;
        order.push(child);
      }
    }
  }
  return next;
}

function build(loud: readonly string[], maybe: readonly string[]): Automaton {
  const { edges, mark } = trie(loud, maybe);
  const next = transitions(edges, mark);
  // Classes: one per byte the literals use; upper-case letters share their lower case's.
  const classOf = new Uint8Array(256);
  let classes = 1;
  for (const literal of [...loud, ...maybe]) {
    for (const byte of Buffer.from(literal, "latin1")) {
      if (classOf[byte] === 0) classOf[byte] = classes++;
    }
  }
  for (let byte = 65; byte <= 90; byte++) classOf[byte] = classOf[byte + 32] as number;
  const byClass = new Uint8Array(classes);
  // Each class acts as its highest byte: for letters, the lower case the literals are in.
  for (let byte = 0; byte < 256; byte++) byClass[classOf[byte] as number] = byte;
  // Renumber: plain states, then MAYBE ends, then LOUD ends (the start state stays 0).
  const rank = (m: number) => (m & LOUD_BIT ? 2 : m & MAYBE_BIT ? 1 : 0);
  const states = edges.length;
  const ordered = [...Array(states).keys()].sort(
    (a, b) => rank(mark[a] ?? 0) - rank(mark[b] ?? 0) || a - b,
  );
  const renamed = new Int32Array(states);
  ordered.forEach((state, i) => {
    renamed[state] = i;
  });
  const size = states * classes;
  const table = size < 65536 ? new Uint16Array(size) : new Uint32Array(size);
  for (let state = 0; state < states; state++) {
    for (let c = 1; c < classes; c++) {
      const to = next[state * 256 + (byClass[c] as number)] as number;
      table[(renamed[state] as number) * classes + c] = (renamed[to] as number) * classes;
    }
  }
  const firstOf = (r: number) => ordered.findIndex((state) => rank(mark[state] ?? 0) >= r);
  const from = (r: number) => (firstOf(r) === -1 ? states : firstOf(r)) * classes;
  return { classOf, table, maybeFrom: from(1), loudFrom: from(2) };
}

let shared: Sift | undefined;

/** The automaton is built once per process (a few milliseconds) and only read afterwards. */
export function sharedSift(): Sift {
  shared ??= new Sift();
  return shared;
}

export class Sift {
  private readonly automaton = build(LOUD, MAYBE);

  /** Is the line `buf[start, end)` loud? `end` is its newline (or the end of the bytes). */
  loud(buf: Buffer, start: number, end: number): boolean {
    if (!mayBeQuietStart(buf, start, end)) return true;
    const { classOf, table, maybeFrom, loudFrom } = this.automaton;
    let state = 0;
    let maybe = false;
    for (let i = start; i < end; i++) {
      state = table[state + (classOf[buf[i] as number] as number)] as number;
      if (state >= maybeFrom) {
        if (state >= loudFrom) return true;
        maybe = true;
      }
    }
    return maybe && HTTP_5XX.test(buf.toString("latin1", start, end));
  }
}

/**
 * Can a line starting here be quiet? Not when it is blank or may continue the record before it
 * (indented, `... 5 more`), nor when its first bytes are a level the automaton cannot read: a
 * syslog `<PRI>`, a JSON object (numeric levels), klog's `W0612`.
 */
function mayBeQuietStart(buf: Buffer, start: number, end: number): boolean {
  if (end - start < 2) return false;
  const c = buf[start] as number;
  if (c <= 32 || c === 46 || c === 60 || c === 123) return false;
  const d = buf[start + 1] as number;
  const klogLevel = (c === 87 || c === 69 || c === 70) && d >= 48 && d <= 57;
  return !klogLevel;
}

/**
 * Does a line starting with this byte begin a record of its own, whatever it holds? Digits and
 * punctuation do (timestamps, `[`, `{`); letters may start a continuation (`Caused by:`,
 * `java.lang.IllegalStateException`), which only the parser can tell.
 */
export function startsRecord(byte: number): boolean {
  return byte > 32 && byte < 65 && byte !== 46;
}
