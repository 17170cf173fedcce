/**
 * Turns text into signals: which failure vocabulary, exception names and HTTP statuses it holds.
 * Matching runs on templates (once per template, cached by the scorer) and on single messages only
 * when a template hides a value the verdict depends on ("<*> errors").
 */
import {
  ALL_RULES,
  EXCEPTION_NAME,
  HTTP_5XX,
  NEGATIONS,
  type VocabularyRule,
} from "./vocabulary.js";

export interface Signal {
  reason: string;
  weight: number;
}

/** One test before the rule list: most text has no failure word at all. */
const ANY_RULE = new RegExp(ALL_RULES.map((r) => r.pattern.source).join("|"), "i");

/** A failure word whose count or flag was masked: the message decides, not the template. */
const VALUE_DEPENDENT =
  /(?:<\*>\s*(?:\w+\s)?(?:errors?|failures?|failed|exceptions?|warnings?|timeouts?)\b)|(?:\b(?:errors?|failures?|failed|exceptions?|warnings?|timeouts?|err)\w*["']?\s*[=:]\s*["']?<\*>)/i;

/** Does this template's verdict depend on the values hidden behind its wildcards? */
export function isValueDependent(template: string): boolean {
  return VALUE_DEPENDENT.test(template);
}

function stripNegations(text: string): string {
  let out = text;
  for (const negation of NEGATIONS) out = out.replace(negation, " ");
  return out;
}

function matchRules(text: string, rules: VocabularyRule[], into: Signal[]): void {
  for (const rule of rules) {
    if (rule.pattern.test(text)) into.push({ reason: rule.reason, weight: rule.weight });
  }
}

/** Failure vocabulary and exception names found in a text (a template or a message). */
export function textSignals(text: string): Signal[] {
  const signals: Signal[] = [];
  if (ANY_RULE.test(text)) {
    const cleaned = stripNegations(text);
    if (ANY_RULE.test(cleaned)) matchRules(cleaned, ALL_RULES, signals);
  }
  const exception = EXCEPTION_NAME.exec(text);
  if (exception?.[1]) signals.push({ reason: `exception:${shortName(exception[1])}`, weight: 0.6 });
  return signals;
}

/** The HTTP 5xx status a message reports, if any. */
export function http5xx(message: string): string | undefined {
  const m = HTTP_5XX.exec(message);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** `java.net.SocketTimeoutException` -> `SocketTimeoutException`. */
export function shortName(qualified: string): string {
  const dot = qualified.lastIndexOf(".");
  return dot === -1 ? qualified : qualified.slice(dot + 1);
}

const STACK_FRAME =
  /^\s+at\s|^\s+File "|^goroutine \d+ \[|^\s*Caused by:|^Traceback \(most recent call last\)/;

/** Signals from continuation lines: a stack trace, and its root-cause exception. */
export function continuationSignals(lines: readonly string[]): Signal[] {
  const signals: Signal[] = [];
  if (lines.some((l) => STACK_FRAME.test(l))) signals.push({ reason: "stacktrace", weight: 0.5 });
  // The last exception named outside a frame is the root cause ("Caused by: ..." chains end there).
  let root: string | undefined;
  for (const line of lines) {
    if (/^\s+at\s/.test(line)) continue;
    const m = EXCEPTION_NAME.exec(line);
    if (m?.[1]) root = m[1];
  }
  if (root) signals.push({ reason: `exception:${shortName(root)}`, weight: 0.6 });
  return signals;
}

/** Noisy-or: independent hints reinforce each other without exceeding 1. */
export function combine(weights: Iterable<number>): number {
  let miss = 1;
  for (const w of weights) miss *= 1 - w;
  return Math.round((1 - miss) * 1000) / 1000;
}
