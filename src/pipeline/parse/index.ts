/**
 * parse: physical lines -> log records. PLACEHOLDER interface; the real implementation replaces it.
 */
import type { ParseConfig } from "../../config.js";
import type { StageEvents } from "../events.js";
import type { Line, LogRecord } from "../types.js";

export interface Parser {
  push(line: Line): void;
  /** Emit everything still buffered (end of input). */
  flush(): void;
  /** Detected format per source, for the report's stats. */
  formats(): Record<string, string>;
}

export function createParser(
  config: ParseConfig,
  emit: (record: LogRecord) => void,
  events?: StageEvents,
): Parser {
  const formats: Record<string, string> = {};
  void config;
  void events;
  return {
    push(line) {
      formats[line.source] = "generic";
      emit({
        source: line.source,
        line: line.line,
        endLine: line.line,
        raw: line.text,
        message: line.text,
        continuation: [],
        format: "generic",
        truncated: line.truncated,
      });
    },
    flush() {},
    formats: () => formats,
  };
}

/** Parse a timestamp as it appeared in a log into epoch milliseconds (UTC when no zone is given). */
export function parseTimestamp(text: string, referenceYear?: number): number | undefined {
  void referenceYear;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
