/**
 * Level words as logs spell them -> the Level union. Only exact spellings (lower, UPPER,
 * Capitalised) are recognised so that an ordinary word at the start of a message is not mistaken
 * for a level unless the caller allows it.
 */
import type { Level } from "../types.js";

const WORDS: Record<string, Level> = {
  trace: "trace",
  finest: "trace",
  finer: "trace",
  verbose: "debug",
  debug: "debug",
  dbg: "debug",
  fine: "debug",
  info: "info",
  information: "info",
  informational: "info",
  log: "info",
  notice: "notice",
  warn: "warn",
  warning: "warn",
  error: "error",
  err: "error",
  severe: "error",
  failure: "error",
  crit: "critical",
  critical: "critical",
  alert: "critical",
  fatal: "fatal",
  emerg: "fatal",
  emergency: "fatal",
  panic: "fatal",
};

const EXACT = new Map<string, Level>();
const UPPER = new Map<string, Level>();
for (const [word, level] of Object.entries(WORDS)) {
  const cap = word[0]?.toUpperCase() + word.slice(1);
  EXACT.set(word, level);
  EXACT.set(cap, level);
  EXACT.set(word.toUpperCase(), level);
  UPPER.set(word.toUpperCase(), level);
  UPPER.set(cap, level);
}

const LONGEST = Math.max(...Object.keys(WORDS).map((w) => w.length));

/**
 * Could `word` lower-case to a level word? Lower-casing never shortens a string and keeps an
 * ASCII non-letter as it is, so a longer word, or one ending in such a character (`nginx[42]`,
 * `host-7`), cannot: the header scanner asks about many of those, and this spares their copy.
 */
function mayLowerToLevel(word: string): boolean {
  const last = word.charCodeAt(word.length - 1);
  const asciiNonLetter = last < 128 && !((last | 32) >= 97 && (last | 32) <= 122);
  return word.length <= LONGEST && !asciiNonLetter;
}

/** Any spelling: for fields that are known to hold a level (JSON `level`, `[notice]`). */
export function levelWord(word: string): Level | undefined {
  return EXACT.get(word) ?? (mayLowerToLevel(word) ? EXACT.get(word.toLowerCase()) : undefined);
}

/** UPPER or Capitalised only: for a bare word in a header, where `error` may start a message. */
export function headerLevel(word: string): Level | undefined {
  return UPPER.get(word);
}

/** Single-letter levels of logcat and klog. */
export const LETTER_LEVELS: Record<string, Level> = {
  V: "trace",
  D: "debug",
  I: "info",
  W: "warn",
  E: "error",
  F: "fatal",
  A: "fatal",
};

/** Syslog severities 0..7 (the low three bits of PRI). */
const SYSLOG: Level[] = [
  "fatal",
  "critical",
  "critical",
  "error",
  "warn",
  "notice",
  "info",
  "debug",
];
export function syslogLevel(pri: number): Level | undefined {
  return SYSLOG[pri & 7];
}

/** Numeric levels of pino/bunyan (10..60). */
export function numericLevel(n: number): Level | undefined {
  if (n >= 60) return "fatal";
  if (n >= 50) return "error";
  if (n >= 40) return "warn";
  if (n >= 30) return "info";
  if (n >= 20) return "debug";
  return n >= 10 ? "trace" : undefined;
}

/** HTTP status -> level for access logs. */
export function statusLevel(status: number): Level {
  if (status >= 500) return "error";
  return status >= 400 ? "warn" : "info";
}
