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

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
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
  let afterEquals = false;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 0;
    if (i < end && !(c < 128 && DELIM[c] === 1)) {
      if (isDigit(c)) segDigit = true;
      continue;
    }
    // An address or time keeps its colons: `10.0.0.1:80`, `12:00:01`, `fe80::1`.
    if (c === COLON && segDigit && i + 1 < end) {
      const next = text.charCodeAt(i + 1);
      if (isHex(next) || next === COLON) continue;
    }
    if (i > seg) out += segDigit || afterEquals ? WILDCARD : text.slice(seg, i);
    if (i < end) out += text[i];
    afterEquals = c === EQUALS;
    seg = i + 1;
    segDigit = false;
  }
  return out;
}

/** The masked message: tokens joined by single spaces. */
export function maskMessage(text: string): string {
  let out = "";
  let i = 0;
  const len = text.length;
  while (i < len) {
    while (i < len && isSpace(text.charCodeAt(i))) i++;
    if (i >= len) break;
    let e = i;
    while (e < len && !isSpace(text.charCodeAt(e))) e++;
    if (out.length > 0) out += " ";
    out += maskToken(text, i, e);
    i = e;
  }
  return out;
}
