/**
 * redact: mask secrets and personal data. PLACEHOLDER interface; the real implementation replaces it.
 */
import type { RedactConfig } from "../../config.js";
import type { LogRecord } from "../types.js";

export interface Redactor {
  /** Mask every secret in the text as [REDACTED:kind]. */
  redact(text: string): string;
  /** Mask a record's raw text, message and continuation lines; returns the same object if clean. */
  redactRecord(record: LogRecord): LogRecord;
  /** How many values of each kind were masked so far. */
  readonly counts: Readonly<Record<string, number>>;
}

export function createRedactor(config: RedactConfig): Redactor {
  void config;
  const counts: Record<string, number> = {};
  const redact = (text: string) => text;
  return { redact, redactRecord: (r) => r, counts };
}
