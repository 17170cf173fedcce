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
 * byte and no test, several times cheaper than decoding the line. Lines the automaton cannot
 * judge alone are loud by their first byte: `<` (a syslog priority is a level), `{` (JSON levels
 * may be numbers), klog's `W0612`, and anything that may continue the record before it
 * (indented, blank, `...`).
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
 * state they lead back to the start, keeping what was seen), and entry `state + class` holds the
 * next state, premultiplied by the number of classes. It runs on the product of the Aho-Corasick
 * states with "a MAYBE literal was seen", plus one LOUD state that ends every LOUD literal and is
 * never left. So the walk needs no test per byte: the state it ends in says quiet (below
 * `maybeFrom`), maybe (below `loudFrom`) or loud.
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

/** Byte classes: one per byte the literals use; upper-case letters share their lower case's. */
function byteClasses(literals: readonly string[]) {
  const classOf = new Uint8Array(256);
  let classes = 1;
  for (const literal of literals) {
    for (const byte of Buffer.from(literal, "latin1")) {
      if (classOf[byte] === 0) classOf[byte] = classes++;
    }
  }
  for (let byte = 65; byte <= 90; byte++) classOf[byte] = classOf[byte + 32] as number;
  const byClass = new Uint8Array(classes);
  // Each class acts as its highest byte: for letters, the lower case the literals are in.
  for (let byte = 0; byte < 256; byte++) byClass[classOf[byte] as number] = byte;
  return { classOf, byClass, classes };
}

function build(loud: readonly string[], maybe: readonly string[]): Automaton {
  const { edges, mark } = trie(loud, maybe);
  const next = transitions(edges, mark);
  const { classOf, byClass, classes } = byteClasses([...loud, ...maybe]);
  // Product states: (state, seen) is state + seen * states; LOUD is 2 * states.
  const states = edges.length;
  const loudState = 2 * states;
  const size = (loudState + 1) * classes;
  const table = size < 65536 ? new Uint16Array(size) : new Uint32Array(size);
  for (let seen = 0; seen < 2; seen++) {
    for (let state = 0; state < states; state++) {
      const row = (state + seen * states) * classes;
      table[row] = seen * states * classes;
      for (let c = 1; c < classes; c++) {
        const to = next[state * 256 + (byClass[c] as number)] as number;
        const m = mark[to] ?? 0;
        const product = m & LOUD_BIT ? loudState : to + (seen || m & MAYBE_BIT ? states : 0);
        table[row + c] = product * classes;
      }
    }
  }
  table.fill(loudState * classes, loudState * classes);
  return { classOf, table, maybeFrom: states * classes, loudFrom: loudState * classes };
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
    let i = start;
    // Four bytes a step: the loop's own test and increment cost about as much as a lookup.
    for (; i + 4 <= end; i += 4) {
      state = table[state + (classOf[buf[i] as number] as number)] as number;
      state = table[state + (classOf[buf[i + 1] as number] as number)] as number;
      state = table[state + (classOf[buf[i + 2] as number] as number)] as number;
      state = table[state + (classOf[buf[i + 3] as number] as number)] as number;
    }
    for (; i < end; i++) {
      state = table[state + (classOf[buf[i] as number] as number)] as number;
    }
    if (state >= loudFrom) return true;
    return state >= maybeFrom && HTTP_5XX.test(buf.toString("latin1", start, end));
  }
}

/**
 * Can a line starting here be quiet? Not when it is blank or may continue the record before it
 * (indented, `... 5 more`), nor when its first bytes are a level the automaton cannot read: a
 * syslog `<PRI>`, a JSON object (numeric levels, also behind a timestamp), klog's `W0612`; nor
 * behind kubectl's pod prefix.
 */
function mayBeQuietStart(buf: Buffer, start: number, end: number): boolean {
  if (end - start < 2) return false;
  const c = buf[start] as number;
  if (c <= 32 || c === 46 || c === 60 || c === 123) return false;
  // kubectl's `[pod/NAME/CONTAINER] ` hides what the line starts with: a stack frame, JSON.
  if (c === 91 && podPrefix(buf, start)) return false;
  const d = buf[start + 1] as number;
  const klogLevel = (c === 87 || c === 69 || c === 70) && d >= 48 && d <= 57;
  return !klogLevel && !timestampedJson(buf, start, end);
}

/** `[pod/` at `start`, compared byte by byte: a string per line would cost on the hot path. */
function podPrefix(buf: Buffer, start: number): boolean {
  return (
    buf[start + 1] === 112 &&
    buf[start + 2] === 111 &&
    buf[start + 3] === 100 &&
    buf[start + 4] === 47
  );
}

/**
 * `docker logs -t` and `kubectl logs --timestamps` put a timestamp before each JSON object, whose
 * level may be a number. Asked only of a line that ends with `}`: one byte test for the others.
 */
function timestampedJson(buf: Buffer, start: number, end: number): boolean {
  const last = buf[end - 1] === 13 ? end - 2 : end - 1;
  if (buf[last] !== 125) return false;
  const space = buf.indexOf(32, start);
  return space !== -1 && space - start <= 40 && buf[space + 1] === 123;
}

/**
 * Does a line starting with this byte begin a record of its own, whatever it holds? Digits and
 * punctuation do (timestamps, `[`, `{`); letters may start a continuation (`Caused by:`,
 * `java.lang.IllegalStateException`), which only the parser can tell.
 */
export function startsRecord(byte: number): boolean {
  return byte > 32 && byte < 65 && byte !== 46;
}
