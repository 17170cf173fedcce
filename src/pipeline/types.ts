/**
 * The typed data that flows between pipeline stages. Stages import these types, never each other;
 * only analyze.ts composes them.
 */

/** One physical line as the read stage produced it. `line` is 1-based within its source. */
export interface Line {
  source: string;
  line: number;
  text: string;
  /** The line was longer than the configured cap; the rest was dropped. */
  truncated: boolean;
  /** Lines the sift passed over just before this one (read/sift.ts), oldest first, as read. */
  passedOver?: string[];
}

/** A neighbouring line shown beside a sample: as logged, and its message alone. */
export interface ContextLine {
  text: string;
  message: string;
}

/**
 * The lines the sift passed over just before a record. Most records never become a sample, so
 * the lines stay as read, unmasked, and are parsed and masked one by one only when a sample shows
 * them: doing it for every record cost a fifth of a sifted run.
 */
export interface PassedOver {
  /** As read, oldest first. Unmasked: show them only through `context`. */
  texts: readonly string[];
  /** One of `texts` as a context line: its message split off, secrets masked (once redacted). */
  context(text: string): ContextLine;
}

export const LEVELS = [
  "trace",
  "debug",
  "info",
  "notice",
  "warn",
  "error",
  "critical",
  "fatal",
] as const;
export type Level = (typeof LEVELS)[number];

/** A log record: one or more physical lines (a message and its stack trace or continuation lines). */
export interface LogRecord {
  source: string;
  line: number;
  endLine: number;
  /** The whole record as logged, continuation lines joined with "\n". */
  raw: string;
  /** The free-text message with header fields (time, host, pid, level, logger) split off. */
  message: string;
  /** Continuation lines (stack frames, wrapped text) after the first line. */
  continuation: string[];
  /** The timestamp text exactly as it appeared, if the format has one. */
  timestamp?: string;
  level?: Level;
  host?: string;
  logger?: string;
  /** The status a request was answered with (an access log's line, a JSON request log's field). */
  httpStatus?: number;
  /** Name of the detected format, e.g. "jsonl", "syslog", "klog". */
  format: string;
  truncated: boolean;
  /** The lines the sift passed over just before this record. */
  passedOver?: PassedOver;
}

/** Least to most severe. */
export const SEVERITIES = ["info", "warning", "error", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** How severe, as a number that orders them: info 0 … critical 3. */
export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);

export interface Sample {
  line: number;
  text: string;
  source?: string;
  before?: string[];
  after?: string[];
  /** The record parsed, for evidence sent to an LLM: the message without its header. */
  parsed?: ParsedSample;
}

/** A sample's record and context lines as messages, header fields apart. */
export interface ParsedSample {
  /** The message and its continuation lines (joined with "\n"), capped like `text`. */
  message: string;
  level?: Level;
  /** Only when the redacted raw text still shows it verbatim (nothing was masked in it). */
  host?: string;
  logger?: string;
  /** Messages of the context lines, in the order of the sample's `before` and `after`. */
  before: string[];
  after: string[];
}

export interface KnowledgeRef {
  id: string;
  kind: string;
  title: string;
  score: number;
}

/** One problem found in the input. The explain stage fills description/cause/fix/knowledge. */
export interface Finding {
  id: string;
  severity: Severity;
  score: number;
  template: string;
  templateIds: string[];
  count: number;
  lines: number[];
  sources: string[];
  /** Distinct hosts and loggers of its records, at most HOSTS_KEPT of each (group/collect.ts). */
  hosts?: string[];
  loggers?: string[];
  samples: Sample[];
  firstSeen: string | null;
  lastSeen: string | null;
  reasons: string[];
  /**
   * With a baseline (`--baseline`): its records of the same template(s) that carry a signal of
   * their own. 0 means the problem is new since the baseline.
   */
  baseline?: { count: number };
  description: string;
  cause: string;
  fix: string[];
  confidence: number;
  knowledge: KnowledgeRef[];
  generatedBy: string;
}

/** The explanation fields of a finding before the explain stage fills them (fresh arrays each call). */
export function unexplained(): Pick<
  Finding,
  "description" | "cause" | "fix" | "confidence" | "knowledge" | "generatedBy"
> {
  return {
    description: "",
    cause: "",
    fix: [],
    confidence: 0,
    knowledge: [],
    generatedBy: "knowledge",
  };
}

export interface ReportStats {
  /** The known-good input the findings were compared with (`--baseline`). */
  baseline?: { sources: number; records: number };
  sources: number;
  bytes: number;
  lines: number;
  records: number;
  /** Records the sift passed over: counted, never parsed, mined or scored (they could not score). */
  passedOver: number;
  /** Templates of the records that were mined (all of them when the sift is off, and in scan). */
  templates: number;
  anomalousRecords: number;
  /** Problems found before the detail level cut the list. */
  findingsTotal: number;
  findings: number;
  timeSpan: { start: string | null; end: string | null };
  formats: Record<string, string>;
  redactions: Record<string, number>;
  tokens: {
    /** Llama-3 tokens in the whole input (scaled from a sample for large inputs). */
    input: number;
    inputEstimated: boolean;
    /** Tokens the findings' evidence (templates and samples) would cost an LLM. */
    evidence: number;
  };
  /** LLM calls made and cached, and tokens sent and received; absent without an LLM. */
  llm?: {
    calls: number;
    cached: number;
    failed: number;
    tokensSent: number;
    tokensReceived: number;
  };
  durationMs: number;
}

/** The JSON report contract (DESIGN.md). */
export interface Report {
  version: string;
  stats: ReportStats;
  warnings: string[];
  /** The LLM's summary of the incident across findings (timeline, likely chain of causes). */
  summary?: string;
  findings: Finding[];
}
