/**
 * parse: physical lines -> log records. Each source's format is detected from its first
 * `sampleLines` lines (buffered, then emitted in order); after that every line costs one anchored
 * regex or one header scan. With `multiline` on, stack traces and indented lines join the record
 * before them (up to `maxRecordLines`); blank lines outside a traceback are dropped. A line that
 * does not match its source's format still becomes a record, its header split off generically.
 *
 * Sources are expected one after another (as the read stage produces them): when a line of a new
 * source arrives, the previous source is finished, so memory holds one source's state at a time.
 */
import type { ParseConfig } from "../../config.js";
import type { StageEvents } from "../events.js";
import type { ContextLine, Line, LogRecord } from "../types.js";
import { detectFormat } from "./detect.js";
import { type Format, generic } from "./formats.js";
import { Continuations, Trace } from "./multiline.js";
import { type Prefix, prefixOf, unprefixed } from "./prefix.js";

export { parseTimeBound, parseTimestamp } from "./timestamp.js";

export interface Parser {
  push(line: Line): void;
  /**
   * The sift is about to pass over the next line of `source`, a quiet line that starts a record:
   * finish the record in progress and say whether that is allowed (not while the source's format
   * is still being detected, nor inside a traceback, whose lines need not be indented).
   */
  settle(source: string): boolean;
  /** Emit everything still buffered (end of input). */
  flush(): void;
  /** Detected format per source, for the report's stats. */
  formats(): Record<string, string>;
}

interface SourceState {
  source: string;
  format: Format | undefined;
  sample: OwnLine[];
  pending: LogRecord | undefined;
  continuations: Continuations;
  /** Passed-over lines as context, parsed the way this source's records are. */
  context?: (text: string) => ContextLine;
}

// Counters are batched: a Map update per line would cost more than the parse itself.
const REPORT_EVERY = 4096;

export function createParser(
  config: ParseConfig,
  emit: (record: LogRecord) => void,
  events?: StageEvents,
): Parser {
  const formats: Record<string, string> = {};
  let state: SourceState | undefined;
  let records = 0;
  let continued = 0;
  let unmatched = 0;
  let blank = 0;

  const report = (): void => {
    if (!events) return;
    if (records) events.count("parse.records", records);
    if (continued) events.count("parse.continuations", continued);
    if (unmatched) events.count("parse.unmatched", unmatched);
    if (blank) events.count("parse.blank", blank);
    records = continued = unmatched = blank = 0;
  };

  const emitPending = (st: SourceState): void => {
    if (!st.pending) return;
    emit(st.pending);
    st.pending = undefined;
    if (++records >= REPORT_EVERY) report();
  };

  const process = (st: SourceState, format: Format, line: OwnLine): void => {
    const text = line.text;
    const pending = st.pending;
    if (config.multiline) {
      if (
        pending &&
        pending.continuation.length + 1 < config.maxRecordLines &&
        st.continuations.test(text)
      ) {
        pending.continuation.push(text);
        pending.raw += `\n${line.prefix?.raw ?? text}`;
        pending.endLine = line.line;
        if (line.truncated) pending.truncated = true;
        continued++;
        return;
      }
      if (text.trim() === "") {
        blank++;
        return;
      }
      st.continuations.reset();
    }
    const rec = recordOf(line, format);
    if (!format.parse(text, rec)) {
      unmatched++;
      generic.parse(text, rec);
    }
    if (line.prefix) withPrefix(rec, line.prefix);
    if (line.passedOver) {
      st.context ??= (text) => contextLine(text, format);
      rec.passedOver = { texts: line.passedOver, context: st.context };
    }
    if (rec.continuation.length > 0) {
      // A JSON stack: count it, cap it, keep raw as logged.
      rec.continuation.length = Math.min(rec.continuation.length, config.maxRecordLines - 1);
      continued += rec.continuation.length;
    }
    if (pending) emitPending(st);
    st.pending = rec;
  };

  const decide = (st: SourceState): Format => {
    const format = detectFormat(st.sample.map((l) => l.text));
    st.format = format;
    formats[st.source] = format.name;
    const sample = st.sample;
    st.sample = [];
    for (const l of sample) process(st, format, l);
    return format;
  };

  const finish = (st: SourceState): void => {
    if (!st.format) decide(st);
    emitPending(st);
  };

  return {
    settle(source) {
      const st = state;
      if (st?.source !== source || !st.format) return false;
      if (config.multiline && st.continuations.trace !== Trace.None) return false;
      emitPending(st);
      return true;
    },
    push(input) {
      const line = withoutPrefix(input);
      if (state?.source !== line.source) {
        if (state) finish(state);
        state = {
          source: line.source,
          format: undefined,
          sample: [],
          pending: undefined,
          continuations: new Continuations(),
        };
      }
      const st = state;
      if (st.format) {
        process(st, st.format, line);
        return;
      }
      st.sample.push(line);
      if (st.sample.length >= config.sampleLines) decide(st);
    },
    flush() {
      if (state) finish(state);
      state = undefined;
      report();
    },
    formats: () => formats,
  };
}

/** A line as the parser reads it: any container tooling's prefix split off (prefix.ts). */
type OwnLine = Line & { prefix?: Prefix & { raw: string } };

/** Lines without a prefix pass as they are; only a prefixed one costs an object. */
function withoutPrefix(line: Line): OwnLine {
  const prefix = prefixOf(line.text);
  if (prefix.length === 0) return line;
  return { ...line, text: line.text.slice(prefix.length), prefix: { ...prefix, raw: line.text } };
}

/** The record as logged, prefix and all; the prefix's pod and time where the line had none. */
function withPrefix(rec: LogRecord, prefix: Prefix & { raw: string }): void {
  rec.raw = prefix.raw;
  if (prefix.pod !== undefined) rec.host ??= prefix.pod;
  if (prefix.timestamp !== undefined) rec.timestamp ??= prefix.timestamp;
}

function recordOf(line: Line, format: Format): LogRecord {
  return {
    source: line.source,
    line: line.line,
    endLine: line.line,
    raw: line.text,
    message: line.text,
    continuation: [],
    timestamp: undefined,
    level: undefined,
    host: undefined,
    logger: undefined,
    format: format.name,
    truncated: line.truncated,
  };
}

/** A passed-over line as context: its message split off the way its source's records are. */
function contextLine(text: string, format: Format): ContextLine {
  const body = unprefixed(text);
  const rec = recordOf({ source: "", line: 0, text: body, truncated: false }, format);
  if (!format.parse(body, rec)) generic.parse(body, rec);
  return { text, message: rec.message };
}
