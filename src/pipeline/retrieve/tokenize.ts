/**
 * A tokenizer for log text, used by the embedded index for both documents and queries so the two
 * always agree. Log messages glue words together (`SocketTimeoutException`, `max_connections`,
 * `java.net.ConnectException`, `oom-killer`), so compounds are split into their words and also kept
 * whole; codes (`ORA-00060`, `40P01`, `ENOSPC`, `x509`) stay whole; pure numbers (pids, ports,
 * sizes) and English stop words are dropped because they say nothing about the problem.
 */

const STOP_WORDS = new Set(
  (
    "a an and are as at be been but by for from had has have he her his i if in into is it its " +
    "me my no not of on or our she so such than that the their them then there these they this " +
    "to too was we were what when where which while who will with you your yours can could " +
    "did do does would should may might must shall all any some each other only own same just " +
    "very also more most over under again further once here why how both few"
  ).split(" "),
);

/** Vendor codes that contain separators but must stay one token: ORA-00060, ERR-42 style ids. */
const VENDOR_CODE = /^[A-Za-z]{2,5}-\d{3,6}$/;

/** Words of a compound: case transitions split, digits stay with their letters (k8s, x509). */
const CAMEL_PART = /[A-Z]{2,}(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z0-9]+/g;

/** Runs of characters that form one written word, including its . _ - joiners. */
const WORD = /[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*/g;

const PURE_NUMBER = /^\d+$/;

function keep(token: string): boolean {
  return token.length > 1 && !PURE_NUMBER.test(token) && !STOP_WORDS.has(token);
}

function push(out: string[], token: string): void {
  if (keep(token)) out.push(token);
}

const HAS_LOWER = /[a-z]/;

/**
 * Splits one separator-free segment on case changes; the whole goes in too when it splits.
 * All-caps segments are acronyms or codes (ENOSPC, 40P01) and stay whole.
 */
function pushCamel(out: string[], segment: string): void {
  const parts = HAS_LOWER.test(segment) ? (segment.match(CAMEL_PART) ?? []) : [segment];
  for (const part of parts) push(out, part.toLowerCase());
  if (parts.length > 1) push(out, segment.toLowerCase());
}

/** Lowercase, log-aware tokens of `text`, in order, with repeats. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    if (VENDOR_CODE.test(word)) {
      out.push(word.toLowerCase());
      continue;
    }
    const segments = word.split(/[._-]/);
    for (const segment of segments) pushCamel(out, segment);
    // snake_case and kebab-case names are looked up whole too (max_connections, oom-killer);
    // dotted names are paths and packages, whose last part was already kept whole above.
    if (segments.length > 1 && !word.includes(".")) push(out, word.toLowerCase());
  }
  return out;
}
