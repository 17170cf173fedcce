/**
 * Collects evidence per template while records stream past: counts, line numbers, time span and
 * samples with context lines. Evidence is kept only for records that look anomalous, plus the
 * first few records of every template that carry a signal of their own (rarity or a burst, known
 * once the input ends, may make the template anomalous), so memory is bounded by the number of
 * templates, never by input size.
 */
import type { Verdict } from "../score/index.js";
import type { ContextLine, LogRecord, ParsedSample, PassedOver, Sample } from "../types.js";

/**
 * Signalled records of every template whose lines and samples are kept, in case rarity or a burst
 * makes the template anomalous; all of them are counted.
 */
export const SIGNALLED_KEPT = 50;
const SAMPLES_KEPT = 5;
const SAMPLE_MAX_LINES = 40;
const SAMPLE_MAX_CHARS = 4000;
const MAX_REASONS = 24;
/** Distinct hosts (and loggers) kept per template: enough to say "3 named, +N more". */
export const HOSTS_KEPT = 64;

/** Evidence for one slice of a template's records (the signalled ones, or the flagged ones). */
export interface Evidence {
  count: number;
  lines: number[];
  samples: Sample[];
  sources: Set<string>;
  hosts: Set<string>;
  loggers: Set<string>;
  firstTs?: string;
  lastTs?: string;
}

export interface TemplateStats {
  count: number;
  /** Records whose own score reached the threshold. */
  flagged: Evidence;
  /**
   * Records with a signal of their own, under the threshold or not: the evidence when only rarity
   * or a burst makes the template anomalous. A record without one (an INFO twin of a WARN line)
   * is no part of the problem, and the sift may pass it over unseen.
   */
  signalled: Evidence;
  maxScore: number;
  strongest: Verdict;
  reasons: Set<string>;
}

function emptyEvidence(): Evidence {
  return {
    count: 0,
    lines: [],
    samples: [],
    sources: new Set(),
    hosts: new Set(),
    loggers: new Set(),
  };
}

/** The sample text: the whole record, capped so one runaway stack cannot flood a report. */
function sampleText(raw: string): string {
  let text = raw.length > SAMPLE_MAX_CHARS ? `${raw.slice(0, SAMPLE_MAX_CHARS)}…` : raw;
  const lines = text.split("\n");
  if (lines.length > SAMPLE_MAX_LINES) {
    text = `${lines.slice(0, SAMPLE_MAX_LINES).join("\n")}\n… ${lines.length - SAMPLE_MAX_LINES} more lines`;
  }
  return text;
}

/**
 * A header field, if the redacted raw text still shows it verbatim: a field the masking touched
 * is left out rather than sent unmasked.
 */
function shown(field: string | undefined, raw: string): string | undefined {
  return field && raw.includes(field) ? field : undefined;
}

function addCapped(set: Set<string>, value: string | undefined): void {
  if (value !== undefined && set.size < HOSTS_KEPT) set.add(value);
}

function parsedOf(record: LogRecord, before: ContextLine[]): ParsedSample {
  return {
    message: sampleText([record.message, ...record.continuation].join("\n")),
    level: record.level,
    host: shown(record.host, record.raw),
    logger: shown(record.logger, record.raw),
    before: before.map((c) => c.message),
    after: [],
  };
}

/** A line before the next record: a record's own, or one the sift passed over, not yet parsed. */
type Remembered = ContextLine | { text: string; passed: PassedOver };

function firstLine(raw: string): string {
  const nl = raw.indexOf("\n");
  return nl === -1 ? raw : raw.slice(0, nl);
}

/** Samples whose context windows would overlap show the same lines twice; keep them apart. */
export function apart(
  earlier: { source?: string; line: number },
  later: { source?: string; line: number },
  contextLines: number,
): boolean {
  return earlier.source !== later.source || later.line - earlier.line > 2 * contextLines;
}

export class EvidenceCollector {
  readonly templates: (TemplateStats | undefined)[] = [];
  total = 0;
  private before: Remembered[] = [];
  private pendingAfter: Sample[] = [];
  private lastSource: string | undefined;

  constructor(
    private readonly threshold: number,
    private readonly maxLines: number,
    private readonly contextLines: number,
  ) {}

  /** Does a sample still wait for the lines after it? Then none may be passed over. */
  awaitsContext(): boolean {
    return this.pendingAfter.length > 0;
  }

  /** Records the sift passed over: counted; their text arrives with the next record's passedOver. */
  passOver(count: number): void {
    this.total += count;
  }

  add(record: LogRecord, template: number, verdict: Verdict): void {
    this.total++;
    if (record.source !== this.lastSource) {
      this.lastSource = record.source;
      this.before = [];
      this.pendingAfter = [];
    }
    const passed = record.passedOver;
    if (this.contextLines > 0 && passed) {
      for (const text of passed.texts) this.remember({ text, passed });
    }
    const text = this.contextLines > 0 ? firstLine(record.raw) : "";
    const message = this.contextLines > 0 ? firstLine(record.message) : "";
    if (this.pendingAfter.length > 0) this.feedAfter(text, message);

    const stats = this.statsFor(template);
    stats.count++;
    if (verdict.score > stats.maxScore) {
      stats.maxScore = verdict.score;
      stats.strongest = verdict;
    }
    if (stats.reasons.size < MAX_REASONS) for (const r of verdict.reasons) stats.reasons.add(r);
    if (verdict.score >= this.threshold) this.record(stats.flagged, record);
    if (verdict.score > 0) {
      if (stats.signalled.count < SIGNALLED_KEPT) this.record(stats.signalled, record);
      else stats.signalled.count++;
    }

    if (this.contextLines > 0) this.remember({ text, message });
  }

  private remember(line: Remembered): void {
    this.before.push(line);
    if (this.before.length > this.contextLines) this.before.shift();
  }

  /** The lines before the record now being added, parsed and masked (once) where need be. */
  private context(): ContextLine[] {
    const resolved = this.before.map((line) =>
      "passed" in line ? line.passed.context(line.text) : line,
    );
    this.before = resolved;
    return resolved;
  }

  private statsFor(template: number): TemplateStats {
    let stats = this.templates[template];
    if (!stats) {
      stats = {
        count: 0,
        flagged: emptyEvidence(),
        signalled: emptyEvidence(),
        maxScore: 0,
        strongest: { score: 0, reasons: [], signals: [] },
        reasons: new Set(),
      };
      this.templates[template] = stats;
    }
    return stats;
  }

  private record(evidence: Evidence, record: LogRecord): void {
    evidence.count++;
    if (evidence.lines.length < this.maxLines) evidence.lines.push(record.line);
    evidence.sources.add(record.source);
    addCapped(evidence.hosts, shown(record.host, record.raw));
    addCapped(evidence.loggers, shown(record.logger, record.raw));
    if (record.timestamp) {
      evidence.firstTs ??= record.timestamp;
      evidence.lastTs = record.timestamp;
    }
    if (evidence.samples.length < SAMPLES_KEPT && this.apart(evidence, record)) {
      const before = this.context();
      const sample: Sample = {
        line: record.line,
        text: sampleText(record.raw),
        source: record.source,
        before: before.map((c) => c.text),
        after: [],
        parsed: parsedOf(record, before),
      };
      evidence.samples.push(sample);
      if (this.contextLines > 0) this.pendingAfter.push(sample);
    }
  }

  private apart(evidence: Evidence, record: LogRecord): boolean {
    const last = evidence.samples[evidence.samples.length - 1];
    return !last || apart(last, record, this.contextLines);
  }

  private feedAfter(text: string, message: string): void {
    for (const sample of this.pendingAfter) {
      sample.after?.push(text);
      sample.parsed?.after.push(message);
    }
    this.pendingAfter = this.pendingAfter.filter((s) => (s.after?.length ?? 0) < this.contextLines);
  }
}
