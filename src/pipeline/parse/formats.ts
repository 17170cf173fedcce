/**
 * The log formats parse can detect, each a function that fills a record from one line and says
 * whether the line had that format's header. Formats with a fixed layout use one anchored regex;
 * the many library styles share the header scanner (header.ts).
 */
import type { LogRecord } from "../types.js";
import { scanHeader, TsKind } from "./header.js";
import { parseJsonLine } from "./json.js";
import { LETTER_LEVELS, levelWord, statusLevel, syslogLevel } from "./level.js";

export interface Format {
  name: string;
  /** Fill rec from text; false (rec untouched apart from message) if the header does not match. */
  parse(text: string, rec: LogRecord): boolean;
}

const SYSLOG_5424 =
  /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]\\]|\\.)*\])+)(?: \uFEFF?(.*))?$/;
const PRI = /^<(\d{1,3})>/;
const KLOG = /^([IWEF])(\d{4} \d\d:\d\d:\d\d\.\d+) +\d+ ([^\s\]]+)\] ?/;
const ACCESS =
  /^(\S+) \S+ \S+ \[(\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d(?: [+-]\d{4})?)\] ("(?:[^"\\]|\\.)*" (\d{3}) \S+)/;
// Supercomputer RAS logs (USENIX CFDR): an alert tag (added by the dataset's curators, so
// optional), epoch, date, node; then BGL fields or syslog.
const CFDR = /^(?:\S+ )?\d{9,10} \d{4}\.\d\d\.\d\d (\S+) /;
const BGL_REST = /(\d{4}-\d\d-\d\d-\d\d\.\d\d\.\d\d\.\d+) \S+ \S+ (\S+) (\S+) ?/y;
// LANL HPC event logs: id, node, component, state, epoch, flag, message.
const HPC = /^\d+ (\S+) (\S+) \S+ (\d{9,10}) \d+ /;

const jsonl: Format = { name: "jsonl", parse: parseJsonLine };

const syslog5424: Format = {
  name: "syslog5424",
  parse(text, rec) {
    const m = SYSLOG_5424.exec(text);
    if (!m) return false;
    rec.level = syslogLevel(Number(m[1]));
    rec.timestamp = m[2];
    if (m[3] !== "-") rec.host = m[3];
    if (m[4] !== "-") rec.logger = m[4];
    rec.message = m[8] ?? "";
    return true;
  },
};

/** RFC 3164 with its <PRI> kept (as sent over the wire); without it the header scanner applies. */
const syslogPri: Format = {
  name: "syslog",
  parse(text, rec) {
    const m = PRI.exec(text);
    if (!m || scanHeader(text, rec, m[0].length) !== TsKind.Syslog) return false;
    rec.level ??= syslogLevel(Number(m[1]));
    return true;
  },
};

const klog: Format = {
  name: "klog",
  parse(text, rec) {
    const m = KLOG.exec(text);
    if (!m) return false;
    rec.level = LETTER_LEVELS[m[1] ?? ""];
    rec.timestamp = m[2];
    rec.logger = m[3];
    rec.message = text.slice(m[0].length);
    return true;
  },
};

const access: Format = {
  name: "access",
  parse(text, rec) {
    const m = ACCESS.exec(text);
    if (!m) return false;
    rec.host = m[1];
    rec.timestamp = m[2];
    rec.httpStatus = Number(m[4]);
    rec.level = statusLevel(rec.httpStatus);
    rec.message = m[3] ?? "";
    return true;
  },
};

const bgl: Format = {
  name: "bgl",
  parse(text, rec) {
    const m = CFDR.exec(text);
    if (!m) return false;
    const start = m[0].length;
    BGL_REST.lastIndex = start;
    const b = BGL_REST.exec(text);
    if (b) {
      rec.timestamp = b[1];
      rec.logger = b[2];
      rec.level = levelWord(b[3] ?? "");
      rec.message = text.slice(start + b[0].length);
    } else if (scanHeader(text, rec, start) === TsKind.None) {
      return false;
    }
    rec.host = m[1];
    return true;
  },
};

const hpc: Format = {
  name: "hpc",
  parse(text, rec) {
    const m = HPC.exec(text);
    if (!m) return false;
    rec.host = m[1];
    rec.logger = m[2];
    rec.timestamp = m[3];
    rec.message = text.slice(m[0].length);
    return true;
  },
};

const KIND_NAMES: Record<number, string> = {
  [TsKind.Syslog]: "syslog",
  [TsKind.Ctime]: "apache-error",
  [TsKind.Compact]: "hadoop",
  [TsKind.MonthDay]: "logcat",
};

/** Named after the kind of timestamp that starts the lines (the detector picks the majority). */
export function headerFormat(kind: TsKind): Format {
  return {
    name: KIND_NAMES[kind] ?? "library",
    parse: (text, rec) => scanHeader(text, rec, 0, kind) !== TsKind.None,
  };
}

/** Fallback: whatever header the scanner finds is split off; every line matches. */
export const generic: Format = {
  name: "generic",
  parse(text, rec) {
    scanHeader(text, rec);
    return true;
  },
};

/** Candidates in priority order: on equal sample matches the earlier, more specific one wins. */
export const FORMATS: readonly Format[] = [jsonl, syslog5424, syslogPri, klog, access, bgl, hpc];
