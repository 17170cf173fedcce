/**
 * The header scanner: strips a leading log header (timestamp, host, pid, level, [thread], logger)
 * off a line by index scanning, for the many "library" styles that share one grammar:
 *
 *   2024-01-01 12:00:00,123 ERROR [main] com.x.Logger - message       (log4j / logback)
 *   2024-01-01 12:00:00,123 - name - ERROR - message                  (Python logging)
 *   2024-01-01 12:00:00.123 UTC [123] ERROR:  message                 (PostgreSQL)
 *   081109 203615 148 INFO dfs.DataNode: message                      (Hadoop / HDFS)
 *   03-17 16:13:38.811  1702  2395 D Tag: message                     (logcat)
 *   Jun 14 15:16:01 host sshd[42]: message                            (syslog RFC 3164)
 *   [Sun Dec 04 04:47:44 2005] [error] message                        (Apache / nginx error)
 *
 * It is also the generic fallback, so any line gets its header split off the message that is
 * mined. Without a leading timestamp only level words and brackets are taken, because a number or
 * a `word:` at the start of a free-text line is usually part of the message.
 */
import type { LogRecord } from "../types.js";
import { headerLevel, LETTER_LEVELS, levelWord } from "./level.js";

/** What kind of timestamp started the line; decides the format name and the syslog host rule. */
export enum TsKind {
  None = 0,
  Iso = 1,
  Dotted = 2,
  Slashed = 3,
  Compact = 4,
  CompactDash = 5,
  Ctime = 6,
  Syslog = 7,
  MonthDay = 8,
  DayMonth = 9,
  Epoch = 10,
}

const ZONES = "UTC|GMT|CET|CEST|EET|EEST|WET|BST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|JST|IST";
const TS_SHAPES = [
  `(\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?(?:Z|[+-]\\d\\d:?\\d\\d)?(?: (?:${ZONES}))?)`,
  "(\\d{4}-\\d\\d-\\d\\d-\\d\\d\\.\\d\\d\\.\\d\\d\\.\\d+)",
  "((?:\\d{4}|\\d\\d)\\/\\d\\d\\/\\d\\d \\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?)",
  "(\\d{6} \\d{6})",
  "(\\d{8}-\\d{1,2}:\\d{1,2}:\\d{1,2}(?:[:.]\\d+)?)",
  "([A-Z][a-z]{2} [A-Z][a-z]{2} +\\d{1,2} \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)? \\d{4})",
  "([A-Z][a-z]{2} +\\d{1,2} \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?)",
  "(\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+)",
  "(\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d)",
  "(\\d{10}(?:\\.\\d+)?)",
];
const sticky = (shapes: string): RegExp => new RegExp(`\\[?(?:${shapes})\\]?`, "y");
// One sticky regex for all shapes; the index of the capture group that matched is the TsKind.
const LEAD_TS = sticky(TS_SHAPES.join("|"));
// One per kind, tried first once a source's kind is known: a single shape is much cheaper.
const KIND_TS = TS_SHAPES.map(sticky);

const SPACE = 32;
const TAB = 9;
const COMMA = 44;
const PIPE = 124;
const DASH = 45;
const COLON = 58;
const LBRACKET = 91;
const RBRACKET = 93;

let tsEnd = 0;
let tsText = "";

/** Match a timestamp at `pos` (trying `expected` first); sets tsEnd/tsText. Returns its kind. */
function matchTs(text: string, pos: number, expected: TsKind): TsKind {
  const own = expected === TsKind.None ? undefined : KIND_TS[expected - 1];
  let re = LEAD_TS;
  let m: RegExpExecArray | null = null;
  if (own) {
    own.lastIndex = pos;
    m = own.exec(text);
    if (m) re = own;
  }
  if (!m) {
    LEAD_TS.lastIndex = pos;
    m = LEAD_TS.exec(text);
  }
  if (!m) return TsKind.None;
  const end = pos + m[0].length;
  const after = text.charCodeAt(end);
  // A timestamp must end at a field boundary, not inside a longer token.
  if (end < text.length && after !== SPACE && after !== TAB && after !== COMMA && after !== PIPE) {
    return TsKind.None;
  }
  for (let g = 1; g < m.length; g++) {
    const v = m[g];
    if (v !== undefined) {
      tsEnd = end;
      tsText = v;
      return re === LEAD_TS ? (g as TsKind) : expected;
    }
  }
  return TsKind.None;
}

function isDigits(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return word.length > 0;
}

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** A logger/program/tag name: no quotes, `=`, or commas, and not absurdly long. */
function isName(text: string, start: number, end: number): boolean {
  if (end <= start || end - start > 120) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39 || c === 61 || c === COMMA || c === 60 || c === 62 || c === 123) {
      return false;
    }
  }
  return true;
}

function bracketEnd(text: string, start: number): number {
  let depth = 0;
  const limit = Math.min(text.length, start + 512);
  for (let i = start; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === LBRACKET) depth++;
    else if (c === RBRACKET && --depth === 0) return i;
  }
  return -1;
}

function tokenEnd(text: string, start: number): number {
  let e = start;
  while (e < text.length) {
    const c = text.charCodeAt(e);
    if (c === SPACE || c === TAB || c === PIPE) break;
    e++;
  }
  return e;
}

/** Logger name without a trailing `:` and a `[pid]` suffix. */
function loggerName(text: string, start: number, end: number): string {
  let e = end;
  if (text.charCodeAt(e - 1) === COLON) e--;
  if (text.charCodeAt(e - 1) === RBRACKET) {
    const open = text.lastIndexOf("[", e);
    if (open > start) e = open;
  }
  return text.slice(start, e);
}

/** Does a `name` at [start,end) look like a header column (followed by ` - `, ` [`, `|`, or padding)? */
function followedByDelimiter(text: string, end: number): boolean {
  const c1 = text.charCodeAt(end);
  if (c1 === PIPE) return true;
  if (!isSpace(c1)) return false;
  const c2 = text.charCodeAt(end + 1);
  if (isSpace(c2) || c2 === LBRACKET) return true;
  return c2 === DASH && isSpace(text.charCodeAt(end + 2));
}

/** Is the next token a level word ending in a colon (`FATAL:`)? */
function levelColonAt(text: string, from: number): boolean {
  let n = from;
  while (isSpace(text.charCodeAt(n))) n++;
  const e = tokenEnd(text, n);
  return (
    e - n > 2 && text.charCodeAt(e - 1) === COLON && levelWord(text.slice(n, e - 1)) !== undefined
  );
}

/**
 * Split the header off `text` into rec (timestamp, level, host, logger, message). Returns the
 * kind of the leading timestamp, TsKind.None if the line has none.
 */
export function scanHeader(
  text: string,
  rec: LogRecord,
  start = 0,
  expected: TsKind = TsKind.None,
): TsKind {
  const len = text.length;
  let pos = start;
  let kind = matchTs(text, start, expected);
  if (kind === TsKind.None) {
    // A source name before the timestamp (files concatenated with their names).
    const sp = text.indexOf(" ", start);
    if (sp > start && sp < start + 80) kind = matchTs(text, sp + 1, expected);
  }
  const hasTs = kind !== TsKind.None;
  if (hasTs) {
    rec.timestamp = tsText;
    pos = tsEnd;
    if (kind === TsKind.Syslog) {
      // RFC 3164: the host comes next, then the `tag[pid]:`.
      while (isSpace(text.charCodeAt(pos))) pos++;
      const e = tokenEnd(text, pos);
      if (e > pos) rec.host = text.slice(pos, e);
      pos = e;
    }
  }
  let seenLevel = false;
  let seenLogger = false;
  let prevNumeric = false;
  while (pos < len) {
    let sp = pos;
    while (sp < len && isSpace(text.charCodeAt(sp))) sp++;
    if (sp >= len) {
      pos = sp;
      break;
    }
    const c = text.charCodeAt(sp);
    if (hasTs && (c === COMMA || c === PIPE)) {
      pos = sp + 1;
      continue;
    }
    if (c === DASH && isSpace(text.charCodeAt(sp + 1))) {
      if (!hasTs && !seenLevel) break;
      let n = sp + 1;
      while (isSpace(text.charCodeAt(n))) n++;
      const next = text.slice(n, tokenEnd(text, n));
      if (!seenLevel && headerLevel(next)) {
        pos = n;
        continue;
      }
      if (seenLevel || seenLogger) {
        pos = n;
        break;
      }
      pos = sp + 1;
      continue;
    }
    if (c === LBRACKET) {
      const end = bracketEnd(text, sp);
      if (end < 0) break;
      // Only a short bracket can be a level (`[error]`, `[core:warn]`); threads can be long.
      const inner = end - sp < 24 ? text.slice(sp + 1, end) : "";
      const colon = inner.lastIndexOf(":");
      const level = inner && levelWord(colon >= 0 ? inner.slice(colon + 1) : inner);
      if (level && !seenLevel) {
        rec.level = level;
        seenLevel = true;
      }
      pos = end + 1;
      if (seenLogger) break;
      continue;
    }
    const e = tokenEnd(text, sp);
    const colonEnd = text.charCodeAt(e - 1) === COLON;
    const word = colonEnd ? text.slice(sp, e - 1) : text.slice(sp, e);
    const level = seenLevel ? undefined : colonEnd ? levelWord(word) : headerLevel(word);
    if (level) {
      rec.level = level;
      seenLevel = true;
      pos = e;
      if (colonEnd) break;
      continue;
    }
    if (!hasTs) break;
    // A prefix field right before `LEVEL:` (PostgreSQL's `user@db`, an app or session name).
    if (!seenLevel && levelColonAt(text, e)) {
      pos = e;
      continue;
    }
    // After a logger only a pipe-delimited pid (`name|123|message`) is still header.
    const pipeField = text.charCodeAt(e) === PIPE;
    if (seenLogger && !pipeField) break;
    if (!colonEnd && isDigits(word) && e < len) {
      prevNumeric = true;
      pos = e;
      continue;
    }
    const letter = e - sp === 1 && prevNumeric && !seenLevel ? LETTER_LEVELS[word] : undefined;
    if (letter) {
      rec.level = letter;
      seenLevel = true;
      pos = e;
      continue;
    }
    prevNumeric = false;
    if (colonEnd && e - sp > 1 && isName(text, sp, e - 1)) {
      rec.logger = loggerName(text, sp, e);
      pos = e;
      break;
    }
    if (!isName(text, sp, e)) break;
    if (followedByDelimiter(text, e)) {
      rec.logger = loggerName(text, sp, e);
      seenLogger = true;
      pos = e;
      continue;
    }
    // `program flag - message`: a two-word program column before the dash.
    const e2 = e + 1 < len ? tokenEnd(text, e + 1) : e;
    if (!seenLevel && e2 > e + 1 && e2 - e < 8 && followedByDelimiter(text, e2)) {
      rec.logger = text.slice(sp, e);
      seenLogger = true;
      pos = e2;
      continue;
    }
    break;
  }
  while (pos < len && isSpace(text.charCodeAt(pos))) pos++;
  rec.message = pos === 0 ? text : text.slice(pos);
  return kind;
}
