/**
 * Variable masking before the Drain tree, as one hand-written pass over the message (no regex
 * per token): tokens split on whitespace; inside a token, segments between punctuation that hold
 * a digit become <*> (numbers, hex, IPs with ports, UUIDs, versions, durations, sizes, times), as
 * does every non-empty `key=value` value. Addresses and times keep their `:` inside one <*>, so
 * `10.0.0.1:8080`, `12:00:01.5` and `fe80::1` are each one variable.
 *
 * The output is the masked message with single spaces: it is both the template candidate and the
 * cache key (the "shape") that lets repeated shapes skip the tree.
 */

export const WILDCARD = "<*>";

// Punctuation that separates variable segments inside a token.
const DELIM = new Uint8Array(128);
for (const ch of ":=,;()[]{}<>\"'|@#&?!") DELIM[ch.charCodeAt(0)] = 1;

const COLON = 58;
const EQUALS = 61;
const DOT = 46;

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

/** Mask one token [start,end) of text; appends to out. */
function maskToken(text: string, start: number, end: number): string {
  let hasDigit = false;
  let hasEquals = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) hasDigit = true;
    else if (c === EQUALS) hasEquals = true;
  }
  if (!hasDigit && !hasEquals) return text.slice(start, end);
  let out = "";
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
      const variable = afterEquals || (segDigit && !isNamedVersion(text, seg, i));
      out += variable ? WILDCARD : text.slice(seg, i);
    }
    if (i < end) out += text[i];
    afterEquals = c === EQUALS;
    seg = i + 1;
    segDigit = false;
    segDot = false;
  }
  return out;
}

// A date written in words spans several tokens (`Fri Jul  1 07:57:30 2005`, `Jul 1, 2005 7:57
// PM`); it is one variable, and its month must not split templates.
const WORDY_DATE =
  /(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? +)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* +\d{1,2}(?:,? +\d{4})?,? +\d{1,2}:\d\d(?::\d\d)?(?:[.,]\d+)?(?: ?[AP]M)?(?: +(?:[A-Z]{3,4}|\d{4}))*(?=\s|$)/y;

/** End of a worded date starting at i, or -1. Gated on a capital letter: the regex is rare. */
function wordyDateEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 65 || c > 90 || !isLower(text.charCodeAt(i + 1))) return -1;
  WORDY_DATE.lastIndex = i;
  return WORDY_DATE.test(text) ? WORDY_DATE.lastIndex : -1;
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** The masked message: tokens joined by single spaces. */
export function maskMessage(text: string): string {
  let out = "";
  let i = 0;
  const len = text.length;
  while (i < len) {
    while (i < len && isSpace(text.charCodeAt(i))) i++;
    if (i >= len) break;
    const date = wordyDateEnd(text, i);
    if (date > 0) {
      if (out.length > 0) out += " ";
      out += WILDCARD;
      i = date;
      continue;
    }
    let e = i;
    while (e < len && !isSpace(text.charCodeAt(e))) e++;
    if (out.length > 0) out += " ";
    out += maskToken(text, i, e);
    i = e;
  }
  return out;
}
