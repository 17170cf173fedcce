/**
 * A tokenizer for log text, used by the embedded index for both documents and queries so the two
 * always agree. Log messages glue words together (`SocketTimeoutException`, `max_connections`,
 * `java.net.ConnectException`, `oom-killer`), so compounds are split into their words and also kept
 * whole; codes (`ORA-00060`, `40P01`, `ENOSPC`, `x509`) stay whole; pure numbers (pids, ports,
 * sizes), machine values (addresses, hashes, request ids) and English stop words are dropped
 * because they say nothing about the problem.
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

/**
 * Values a machine made up: pointers and hex ids (`00007f9697bca40e`, `0x7f41a4f4`, `1f4000`) and
 * random ids where digits break the letters more than once (`u3tyogjajzmj2tndk`). Every log
 * line has fresh ones, so as query words they are unknown to the knowledge base and drown the
 * words that name the problem; in a document's example line they are words no log repeats.
 */
const MACHINE_VALUE =
  /^(?:0x[0-9a-f]+|(?=[a-f]*\d)[0-9a-f]{6,}|(?=[a-z0-9]{10,}$)[a-z]*\d+[a-z]+\d.*)$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isValue(token: string): boolean {
  return PURE_NUMBER.test(token) || MACHINE_VALUE.test(token);
}

function keep(token: string): boolean {
  return token.length > 1 && !isValue(token) && !STOP_WORDS.has(token);
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
    // Its short parts (`bad4`, `44eb`) would pass for words.
    if (UUID.test(word)) continue;
    const segments = word.split(/[._-]/);
    for (const segment of segments) pushCamel(out, segment);
    // snake_case and kebab-case names are looked up whole too (max_connections, oom-killer);
    // dotted names are paths and packages, whose last part was already kept whole above. A
    // compound holding a number or a value is an instance (ORD-2968892, app-07, a UUID), not a name.
    if (
      segments.length > 1 &&
      !word.includes(".") &&
      !segments.some((segment) => isValue(segment.toLowerCase()))
    )
      push(out, word.toLowerCase());
  }
  return out;
}
