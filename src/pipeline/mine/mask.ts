/**
 * Variable masking before the Drain tree, as one hand-written pass over the message (no regex
 * per token): tokens split on whitespace; inside a token, segments between punctuation that hold
 * a digit become <*> (numbers, hex, IPs with ports, UUIDs, versions, durations, sizes, times), as
 * does every non-empty `key=value` value. Addresses and times keep their `:` inside one <*>, so
 * `10.0.0.1:8080`, `12:00:01.5` and `fe80::1` are each one variable.
 *
 * The output is the masked message with single spaces between tokens: the template candidate.
 * It is computed only on a cache miss (see index.ts), so clarity wins over speed here.
 */

export const WILDCARD = "<*>";

// Punctuation that separates variable segments inside a token.
const DELIM = new Uint8Array(128);
for (const ch of ":=,;()[]{}<>\"'|@#&?!") DELIM[ch.charCodeAt(0)] = 1;

const COLON = 58;
const EQUALS = 61;
const DOT = 46;

/** Collects the masked message piece by piece. */
class Sink {
  out = "";

  range(text: string, start: number, end: number): void {
    this.out += text.slice(start, end);
  }

  char(c: number): void {
    this.out += String.fromCharCode(c);
  }

  wild(): void {
    this.out += WILDCARD;
  }
}

const sink = new Sink();

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * A word with a one-digit suffix names a thing rather than a value: `SOCKS5`, `ssh2`,
 * `IPv6`, `utf8`, `md5`. Masking it would make two different events look alike; longer
 * suffixes (`node14`, `cn304`) are numbered instances and stay variables.
 */
function isNamedVersion(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && isLetter(text.charCodeAt(i))) i++;
  return i - start >= 2 && end - i === 1 && isDigit(text.charCodeAt(i));
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Mask one token [start,end) of text into the sink. */
function maskToken(text: string, start: number, end: number): void {
  let hasDigit = false;
  let hasEquals = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) hasDigit = true;
    else if (c === EQUALS) hasEquals = true;
  }
  if (!hasDigit && !hasEquals) {
    sink.range(text, start, end);
    return;
  }
  let seg = start;
  let segDigit = false;
  let segDot = false;
  let afterEquals = false;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 0;
    if (i < end && !(c < 128 && DELIM[c] === 1)) {
      if (isDigit(c)) segDigit = true;
      else if (c === DOT) segDot = true;
      continue;
    }
    if (c === COLON && i + 1 < end) {
      const next = text.charCodeAt(i + 1);
      // An address or time keeps its colons: `10.0.0.1:80`, `12:00:01`, `fe80::1`.
      if (segDigit && (isHex(next) || next === COLON)) continue;
      // A host name with a port, `db.example.com:5432`, is one address too.
      if (segDot && isDigit(next)) {
        let j = i + 1;
        while (j < end && isDigit(text.charCodeAt(j))) j++;
        const after = j < end ? text.charCodeAt(j) : 0;
        if (j === end || (after < 128 && DELIM[after] === 1)) {
          segDigit = true;
          i = j - 1;
          continue;
        }
      }
    }
    if (i > seg) {
      if (afterEquals || (segDigit && !isNamedVersion(text, seg, i))) sink.wild();
      else sink.range(text, seg, i);
    }
    if (i < end) sink.char(c);
    afterEquals = c === EQUALS;
    seg = i + 1;
    segDigit = false;
    segDot = false;
  }
}

// A date written in words spans several tokens (`Fri Jul  1 07:57:30 2005`, `Jul 1, 2005 7:57
// PM`); it is one variable, and its month must not split templates.
const WORDY_DATE =
  /(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? +)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* +\d{1,2}(?:,? +\d{4})?,? +\d{1,2}:\d\d(?::\d\d)?(?:[.,]\d+)?(?: ?[AP]M)?(?: +(?:[A-Z]{3,4}|\d{4}))*(?=\s|$)/y;

// Three-letter month and weekday prefixes, packed into ints, gate the date regex cheaply.
const DATE_WORDS = new Set(
  "Mon Tue Wed Thu Fri Sat Sun Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"
    .split(" ")
    .map((w) => pack(w, 0)),
);

function pack(text: string, i: number): number {
  return (text.charCodeAt(i) << 16) | (text.charCodeAt(i + 1) << 8) | text.charCodeAt(i + 2);
}

/** End of a worded date starting at i, or -1. */
function wordyDateEnd(text: string, i: number): number {
  if (!DATE_WORDS.has(pack(text, i))) return -1;
  WORDY_DATE.lastIndex = i;
  return WORDY_DATE.test(text) ? WORDY_DATE.lastIndex : -1;
}

function maskInto(text: string): void {
  let i = 0;
  let first = true;
  const len = text.length;
  while (i < len) {
    while (i < len && isSpace(text.charCodeAt(i))) i++;
    if (i >= len) break;
    if (!first) sink.char(32);
    first = false;
    const date = wordyDateEnd(text, i);
    if (date > 0) {
      sink.wild();
      i = date;
      continue;
    }
    let e = i;
    while (e < len && !isSpace(text.charCodeAt(e))) e++;
    maskToken(text, i, e);
    i = e;
  }
}

/** The masked message: tokens joined by single spaces. */
export function maskMessage(text: string): string {
  sink.out = "";
  maskInto(text);
  return sink.out;
}
