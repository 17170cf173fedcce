/**
 * Timestamps as logs write them -> epoch milliseconds. One table of shapes shared by the header
 * scanner (which only needs to know where a timestamp ends) and parseTimestamp (which needs its
 * value). Times without a zone are read as UTC so results do not depend on the machine.
 */

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

type Parts = [
  year: number,
  month: number,
  day: number,
  h: number,
  m: number,
  s: number,
  ms: number,
];

interface Shape {
  re: RegExp;
  /** Calendar parts from the match; month is 0-based. */
  parts(m: RegExpExecArray, year: number): Parts;
  /** Index of the capture holding a zone offset or name, if the shape has one. */
  zone?: number;
}

const frac = (s: string | undefined): number => (s ? Number(`0.${s}`) * 1000 : 0);
const month = (s: string | undefined): number => MONTHS[(s ?? "").toLowerCase()] ?? 0;
const n = Number;
const century = (yy: string | undefined): number => 2000 + n(yy);

// Zone suffixes: Z, +hh:mm, +hhmm, or a name such as UTC.
const ZONE = "(Z|[+-]\\d\\d:?\\d\\d|\\s?(?:UTC|GMT))?";

const SHAPES: Shape[] = [
  {
    // ISO 8601 and log4j/Python: 2024-01-01T12:00:00.123Z, 2024-01-01 12:00:00,123
    re: new RegExp(
      `^(\\d{4})-(\\d\\d)-(\\d\\d)[T ](\\d\\d):(\\d\\d):(\\d\\d)(?:[.,](\\d+))?${ZONE}$`,
    ),
    parts: (m) => [n(m[1]), n(m[2]) - 1, n(m[3]), n(m[4]), n(m[5]), n(m[6]), frac(m[7])],
    zone: 8,
  },
  {
    // Slashed dates: nginx 2024/01/01 12:00:00, Spark 17/06/09 20:10:40
    re: /^(\d{4}|\d\d)\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)(?:[.,](\d+))?$/,
    parts: (m) => {
      const y = m[1]?.length === 2 ? century(m[1]) : n(m[1]);
      return [y, n(m[2]) - 1, n(m[3]), n(m[4]), n(m[5]), n(m[6]), frac(m[7])];
    },
  },
  {
    // BGL-style: 2005-06-03-15.42.50.675872
    re: /^(\d{4})-(\d\d)-(\d\d)-(\d\d)\.(\d\d)\.(\d\d)(?:\.(\d+))?$/,
    parts: (m) => [n(m[1]), n(m[2]) - 1, n(m[3]), n(m[4]), n(m[5]), n(m[6]), frac(m[7])],
  },
  {
    // Compact: 081109 203615 (yyMMdd HHmmss) and 20171223-22:15:29:606
    re: /^(\d\d)(\d\d)(\d\d) (\d\d)(\d\d)(\d\d)$/,
    parts: (m) => [century(m[1]), n(m[2]) - 1, n(m[3]), n(m[4]), n(m[5]), n(m[6]), 0],
  },
  {
    re: /^(\d{4})(\d\d)(\d\d)-(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[:.](\d+))?$/,
    parts: (m) => [n(m[1]), n(m[2]) - 1, n(m[3]), n(m[4]), n(m[5]), n(m[6]), frac(m[7])],
  },
  {
    // Syslog RFC 3164: Jun 14 15:16:01 (no year: the caller's reference year)
    re: /^([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?$/,
    parts: (m, y) => [y, month(m[1]), n(m[2]), n(m[3]), n(m[4]), n(m[5]), frac(m[6])],
  },
  {
    // ctime / Apache error: [Sun Dec 04 04:47:44 2005], optional fraction
    re: /^\[?[A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))? (\d{4})\]?$/,
    parts: (m) => [n(m[7]), month(m[1]), n(m[2]), n(m[3]), n(m[4]), n(m[5]), frac(m[6])],
  },
  {
    // Common log format: 10/Oct/2000:13:55:36 -0700
    re: /^\[?(\d\d)\/([A-Z][a-z]{2})\/(\d{4}):(\d\d):(\d\d):(\d\d)(?: ([+-]\d{4}))?\]?$/,
    parts: (m) => [n(m[3]), month(m[2]), n(m[1]), n(m[4]), n(m[5]), n(m[6]), 0],
    zone: 7,
  },
  {
    // Android logcat: 03-17 16:13:38.811 (no year)
    re: /^(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?$/,
    parts: (m, y) => [y, n(m[1]) - 1, n(m[2]), n(m[3]), n(m[4]), n(m[5]), frac(m[6])],
  },
  {
    // klog: 0102 15:04:05.123456 (MMdd, no year; the level letter is stripped first)
    re: /^[IWEF]?(\d\d)(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?$/,
    parts: (m, y) => [y, n(m[1]) - 1, n(m[2]), n(m[3]), n(m[4]), n(m[5]), frac(m[6])],
  },
  {
    // Month.day time: 10.30 16:49:06 (no year)
    re: /^\[?(\d\d)\.(\d\d) (\d\d):(\d\d):(\d\d)\]?$/,
    parts: (m, y) => [y, n(m[1]) - 1, n(m[2]), n(m[3]), n(m[4]), n(m[5]), 0],
  },
];

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone) return 0;
  const z = zone.trim();
  if (z === "Z" || z === "UTC" || z === "GMT") return 0;
  const sign = z[0] === "-" ? -1 : 1;
  const digits = z.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

/** Parse a timestamp as it appeared in a log into epoch milliseconds (UTC when no zone is given). */
export function parseTimestamp(text: string, referenceYear?: number): number | undefined {
  const t = text.trim();
  if (/^\d{9,10}(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  if (/^\d{13}$/.test(t)) return Number(t);
  const year = referenceYear ?? new Date().getUTCFullYear();
  for (const shape of SHAPES) {
    const m = shape.re.exec(t);
    if (!m) continue;
    const [y, mo, d, h, mi, s, ms] = shape.parts(m, year);
    if (mo > 11 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return undefined;
    const utc = Date.UTC(y, mo, d, h, mi, s, Math.round(ms));
    return utc - zoneOffsetMs(shape.zone === undefined ? undefined : m[shape.zone]);
  }
  return undefined;
}

/**
 * A bound of a time window as a user types it: any timestamp shape above, or a date alone
 * (midnight) or a time to the minute ("2025-03-14", "2025-03-14 10:30"), read as UTC unless it
 * names a zone, as log times are.
 */
export function parseTimeBound(text: string): number | undefined {
  const t = text.trim();
  const padded = /^\d{4}-\d\d-\d\d$/.test(t)
    ? `${t}T00:00:00`
    : t.replace(/^(\d{4}-\d\d-\d\d[T ]\d\d:\d\d)(?=$|Z|[+-]\d\d:?\d\d$)/, "$1:00");
  return parseTimestamp(padded);
}
