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

/** Literals after which the line is loud only if `verify` says so (`status=503`, `"code": 502`). */
const MAYBE: readonly string[] = ["status", "code"];

const LOUD_BIT = 1 << 30;
const MAYBE_BIT = 1 << 29;
const STATE_MASK = MAYBE_BIT - 1;
const LF = 10;

/**
 * The automaton as one Int32Array: entry `state + byte` holds the next state (premultiplied by
 * 256) with LOUD_BIT or MAYBE_BIT set when a literal ends there. A newline returns to state 0.
 */
function build(loud: readonly string[], maybe: readonly string[]): Int32Array {
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

  const states = edges.length;
  const next = new Int32Array(states * 256);
  const fail = new Int32Array(states);
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
  const table = new Int32Array(states * 256);
  for (let state = 0; state < states; state++) {
    for (let byte = 0; byte < 256; byte++) {
      // Upper-case ASCII letters follow the lower-case edges: the literals are lower case.
      const folded = byte >= 65 && byte <= 90 ? byte + 32 : byte;
      const to = next[state * 256 + folded] as number;
      table[state * 256 + byte] = byte === LF ? 0 : (to * 256) | (mark[to] ?? 0);
    }
  }
  return table;
}

/** The shapes HTTP_5XX (score/vocabulary.ts) accepts after `status` or `code`. */
const STATUS_5XX = /\b(?:status(?:_?code)?|code|http_status)["']?\s*[=:]\s*["']?5\d\d\b/i;

let shared: Sift | undefined;

/** The automaton is built once per process (a few milliseconds) and only read afterwards. */
export function sharedSift(): Sift {
  shared ??= new Sift();
  return shared;
}

export class Sift {
  private readonly table = build(LOUD, MAYBE);

  /** Is the line `buf[start, end)` loud? `end` is its newline (or the end of the bytes). */
  loud(buf: Buffer, start: number, end: number): boolean {
    if (!mayBeQuietStart(buf, start, end)) return true;
    const table = this.table;
    let state = 0;
    let maybe = false;
    for (let i = start; i < end; i++) {
      state = table[state + (buf[i] as number)] as number;
      if (state >= MAYBE_BIT) {
        if (state & LOUD_BIT) return true;
        maybe = true;
      }
      state &= STATE_MASK;
    }
    return maybe && STATUS_5XX.test(buf.toString("latin1", start, end));
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
