/**
 * redact: mask secrets and personal data in log text before anything is printed, stored or sent.
 * A cheap pre-check keeps clean lines (almost all of them) to one scan; only lines holding a
 * trigger substring run the full rules. Config patterns have no triggers and run on every line.
 */
import type { RedactConfig } from "../../config.js";
import type { LogRecord } from "../types.js";
import { type CompiledRule, compileRule, compileUserPattern } from "./compile.js";
import { applyRules, type Counts } from "./mask.js";
import { buildPrecheck } from "./precheck.js";
import { BUILTIN_RULES } from "./rules.js";

export interface Redactor {
  /** Mask every secret in the text as [REDACTED:kind]. */
  redact(text: string): string;
  /** Mask a record's raw text, message and continuation lines; returns the same object if clean. */
  redactRecord(record: LogRecord): LogRecord;
  /** How many values of each kind were masked so far. */
  readonly counts: Readonly<Record<string, number>>;
}

/** Add to `into` what `found` saw beyond `already`: the same secret seen twice counts once. */
function mergeBeyond(into: Counts, found: Counts, already: Counts): void {
  for (const [kind, n] of Object.entries(found)) {
    const extra = n - (already[kind] ?? 0);
    if (extra > 0) into[kind] = (into[kind] ?? 0) + extra;
  }
}

/**
 * Most formats slice the message and continuation lines out of the raw text, so checking the raw
 * text covers them. JSON lines build them from decoded fields, where an escape (`\u0070assword`)
 * can hide a trigger from the raw text.
 */
function derived(record: LogRecord): boolean {
  return record.format === "jsonl";
}

/**
 * Is `text` (message and continuation) the end of `raw`, after a space or tab, or all of it?
 * Then the built-in rules cannot match in it without matching in `raw` too: a match needs the
 * same characters after it, and every rule that looks before its start (a letter, digit or word
 * character must not come first; a quote must) reads a space or tab the same as the start of
 * the text. So when the rules left `raw` as it was, they leave `text` too, and the second pass
 * (a tenth of all lines reach it, for words such as `token` or `Authorization`) is skipped.
 */
function isTail(raw: string, text: string): boolean {
  if (!raw.endsWith(text)) return false;
  const before = raw.length - text.length - 1;
  if (before < 0) return true;
  const c = raw.charCodeAt(before);
  return c === 32 || c === 9;
}

interface CompiledRules {
  builtins: CompiledRule[];
  user: CompiledRule[];
  mightHold: (text: string) => boolean;
}

/**
 * Rules compiled once per configuration: a service makes a redactor per request, and compiling
 * the rules cost more than redacting a small request.
 */
const compiledRules = new WeakMap<RedactConfig, CompiledRules>();

function rulesFor(config: RedactConfig): CompiledRules {
  let rules = compiledRules.get(config);
  if (!rules) {
    const specs = BUILTIN_RULES.filter((rule) => config.emails || rule.kind !== "email");
    rules = {
      builtins: specs.map(compileRule),
      user: config.patterns.map(compileUserPattern),
      mightHold: buildPrecheck(specs.flatMap((rule) => rule.triggers)),
    };
    compiledRules.set(config, rules);
  }
  return rules;
}

export function createRedactor(config: RedactConfig): Redactor {
  const { builtins, user, mightHold } = rulesFor(config);
  const counts: Counts = {};

  const mask = (text: string, into: Counts): string => {
    const out = mightHold(text) ? applyRules(text, builtins, into) : text;
    return user.length > 0 ? applyRules(out, user, into) : out;
  };

  /** Message and continuation masked as one text, so a PEM block spanning them is found. */
  const maskLines = (lines: string[], joined: string, into: Counts): string[] => {
    const masked = mask(joined, into);
    if (masked === joined) return lines;
    const split = masked.split("\n");
    // A message with a newline of its own cannot be split back; mask each line alone then.
    return split.length === lines.length ? split : lines.map((line) => mask(line, {}));
  };

  /** Lines the sift passed over are masked when shown, and not counted: they are not records. */
  const redactRecord = (record: LogRecord): LogRecord => {
    const out = redactFields(record);
    const passed = record.passedOver;
    if (!passed) return out;
    const context = (text: string) => {
      const line = passed.context(text);
      return { text: mask(line.text, {}), message: mask(line.message, {}) };
    };
    return { ...out, passedOver: { texts: passed.texts, context } };
  };

  const redactFields = (record: LogRecord): LogRecord => {
    if (
      user.length === 0 &&
      !mightHold(record.raw) &&
      !(derived(record) && mightHold(record.message))
    ) {
      return record;
    }
    const rawCounts: Counts = {};
    const raw = mask(record.raw, rawCounts);
    const lines = [record.message, ...record.continuation];
    const joined = lines.length === 1 ? record.message : lines.join("\n");
    if (raw === record.raw && user.length === 0 && !derived(record) && isTail(raw, joined)) {
      return record;
    }
    const lineCounts: Counts = {};
    const [message = "", ...continuation] = maskLines(lines, joined, lineCounts);
    mergeBeyond(counts, rawCounts, {});
    mergeBeyond(counts, lineCounts, rawCounts);
    const same =
      raw === record.raw &&
      message === record.message &&
      continuation.every((line, i) => line === record.continuation[i]);
    return same ? record : { ...record, raw, message, continuation };
  };

  return { redact: (text) => mask(text, counts), redactRecord, counts };
}
