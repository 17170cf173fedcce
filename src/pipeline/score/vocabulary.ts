/**
 * What makes a log line look like trouble, as data. Weights are probabilities-ish in [0, 1] that
 * combine with a noisy-or: two independent weak hints add up to more than either alone.
 */
import type { Level } from "../types.js";

export const LEVEL_WEIGHT: Record<Level, number> = {
  trace: 0,
  debug: 0,
  info: 0,
  notice: 0,
  warn: 0.35,
  error: 0.7,
  critical: 0.9,
  fatal: 0.9,
};

/**
 * A readout's level counts for this share of its weight (readout.ts): a FATAL register line alone
 * stays under the 0.5 threshold, while one rare in its input is still marked.
 */
export const READOUT_LEVEL_FACTOR = 0.5;

export interface VocabularyRule {
  /** Reason label, e.g. "vocab:timeout". */
  reason: string;
  pattern: RegExp;
  weight: number;
}

/** Failure words of kernels and runtimes: these are almost never noise. */
export const CRITICAL_RULES: VocabularyRule[] = [
  {
    reason: "kernel:oom-killer",
    pattern: /\b(?:out of memory|oom[-_ ]?kill(?:er|ed)?|killed process)\b/i,
    weight: 0.85,
  },
  {
    reason: "runtime:out-of-memory",
    pattern: /\bOutOfMemoryError\b|heap out of memory|\bMemoryError\b/,
    weight: 0.85,
  },
  { reason: "kernel:panic", pattern: /\b(?:kernel panic|panic[:!(]|panicked)/i, weight: 0.85 },
  {
    reason: "kernel:segfault",
    pattern: /\b(?:segfault|segmentation fault|general protection fault|SIGSEGV)\b/i,
    weight: 0.85,
  },
  {
    reason: "kernel:hung-task",
    pattern: /blocked for more than \d+ seconds|hung_task/i,
    weight: 0.8,
  },
  {
    reason: "kernel:io-error",
    // "Intel machine check architecture supported" at boot names a capability, not an event.
    pattern:
      /\bI\/O error\b|\bEXT4-fs error\b|\bblk_update_request\b|\bmachine check\b(?!\s+(?:architecture|reporting))/i,
    weight: 0.75,
  },
  { reason: "vocab:no-space", pattern: /\bno space left\b|\bENOSPC\b|\bdisk full\b/i, weight: 0.8 },
  { reason: "vocab:deadlock", pattern: /\bdeadlock/i, weight: 0.75 },
  { reason: "vocab:corruption", pattern: /\bcorrupt(?:ed|ion)?\b/i, weight: 0.75 },
];

/** Ordinary failure vocabulary. */
export const ERROR_RULES: VocabularyRule[] = [
  // "critical" in prose is usually a counter or a priority name ("critical input interrupts");
  // only the upper-case level word counts.
  {
    reason: "vocab:fatal",
    pattern: /\b(?:[Ff]atal|FATAL|[Ss]evere|SEVERE|[Ee]mergency|EMERG|CRITICAL|CRIT)\b/,
    weight: 0.7,
  },
  {
    reason: "vocab:timeout",
    pattern: /\btim(?:ed|ing)[ -]?out\b|\btimeout\b|\bdeadline exceeded\b/i,
    weight: 0.55,
  },
  {
    reason: "vocab:refused",
    pattern:
      /\b(?:connection refused|ECONNREFUSED|reset by peer|ECONNRESET|broken pipe|EPIPE|unreachable)\b/i,
    weight: 0.6,
  },
  {
    reason: "vocab:denied",
    pattern:
      /\b(?:permission denied|access denied|unauthori[sz]ed|forbidden|authentication failed|EACCES)\b/i,
    weight: 0.55,
  },
  { reason: "vocab:error", pattern: /\berrors?\b|\berr\b/i, weight: 0.55 },
  { reason: "vocab:exception", pattern: /\bexception\b|\btraceback\b/i, weight: 0.55 },
  { reason: "vocab:failed", pattern: /\bfail(?:ed|ure|ures|ing|s)?\b/i, weight: 0.55 },
  {
    reason: "vocab:unable",
    pattern: /\b(?:unable to|could not|couldn't|cannot|can't|can not)\b/i,
    weight: 0.5,
  },
  {
    reason: "vocab:crash",
    pattern: /\b(?:crash(?:ed|ing)?|abort(?:ed|ing)?|terminated|killed|core dumped)\b/i,
    weight: 0.55,
  },
  {
    reason: "vocab:unavailable",
    pattern: /\b(?:unavailable|not available|unhealthy)\b/i,
    weight: 0.4,
  },
];

/** Hints that something is degrading rather than broken. */
export const WARNING_RULES: VocabularyRule[] = [
  { reason: "vocab:warning", pattern: /\bwarn(?:ing)?s?\b/i, weight: 0.3 },
  { reason: "vocab:retry", pattern: /\bretr(?:y|ying|ies|ied)\b|\bback-?off\b/i, weight: 0.3 },
  {
    reason: "vocab:degraded",
    pattern: /\b(?:degraded|throttl\w*|rate limit\w*|too many|exceeded|slow)\b/i,
    weight: 0.3,
  },
];

export const ALL_RULES: VocabularyRule[] = [...CRITICAL_RULES, ...ERROR_RULES, ...WARNING_RULES];

/**
 * Phrases that name failure words but report their absence or recovery ("0 errors", "error=0",
 * "no errors", "errors corrected"). They are blanked out before the vocabulary is matched.
 */
export const NEGATIONS: RegExp[] = [
  /\b(?:no|0|zero|without|none)\s+(?:\w+\s)?(?:errors?|failures?|exceptions?|warnings?|timeouts?)\b/gi,
  /\b(?:errors?|failures?|failed|fails|exceptions?|warnings?|timeouts?|err|errs)(?:_count|_total)?\s*[=:]\s*["']?(?:0|none|null|nil|false)\b/gi,
  /\berrors?(?:\(s\))?\b[^;]*?\b(?:corrected|attempting to correct)\b/gi,
  /\b(?:on|log)[_-]?(?:error|failure)\b/gi,
  // An orderly end: "thread terminated normally", "worker exited cleanly".
  /\b(?:terminated|exited|killed|aborted|stopped)\s+(?:normally|gracefully|successfully|cleanly)\b/gi,
  // A timeout given as a value is a setting ("with negotiated timeout 30000", "timeout=5s"), unless
  // what follows says it ran out ("timeout of 5000ms exceeded", "timeout 30s waiting for lock").
  /\btimeout\s*(?:[=:]|of|set to)?\s*["']?(?:<\*>|\d+(?:\.\d+)?(?:ms|s|sec|m|min)?\b)(?!\s*(?:ms|s|sec|seconds|min|minutes)?\s*(?:exceeded|expired|reached|elapsed|hit|waiting|while|after|during|occurred)\b)/gi,
];

/** A Java/.NET/Python exception class: the name ends in Exception or Error. */
export const EXCEPTION_NAME = /\b((?:[a-z_][\w$]*\.)*[A-Z][\w$]*(?:Exception|Error|Fault))\b/;

/** An HTTP 5xx status in the message: access logs, `status=503`, `HTTP/1.1 502`. */
export const HTTP_5XX =
  /"\s(5\d\d)\s|\b(?:status(?:_?code)?|code|http_status)["']?\s*[=:]\s*["']?(5\d\d)\b|\bHTTP\/[\d.]+"?\s(5\d\d)\b/i;
