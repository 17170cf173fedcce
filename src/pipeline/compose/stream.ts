/**
 * The streaming half of the pipeline, shared by analyze and scan: read -> parse -> (select) ->
 * redact -> mine -> score, in bounded memory, handing every record with its template and verdict
 * to the caller.
 */
import type { Config } from "../../config.js";
import { EventLog } from "../events.js";
import { createMiner, type Miner } from "../mine/index.js";
import { createParser, parseTimestamp } from "../parse/index.js";
import { readSources, type SiftHooks, type Source, sharedSift } from "../read/index.js";
import { createRedactor } from "../redact/index.js";
import {
  type BurstTracker,
  createBurstTracker,
  createScorer,
  minuteKey,
  type Verdict,
} from "../score/index.js";
import { createWindowFilter, type TimeWindow } from "../select/index.js";
import type { LogRecord } from "../types.js";

/** Input text kept to count tokens exactly; larger inputs are scaled from it. */
const TOKEN_SAMPLE_CHARS = 64 * 1024;

export type { TimeWindow } from "../select/index.js";

export interface StreamHooks {
  /** Raw bytes consumed and physical lines split so far, after each chunk of input. */
  progress?(bytesRead: number, linesRead: number): void;
  /**
   * The caller's side of the sift (read/sift.ts), which passes quiet lines over uncounted by
   * `onRecord`: may lines be passed over now, and note how many were. Left out, every line is a
   * record.
   */
  sift?: { allow(): boolean; passed(count: number): void };
  /**
   * Only the records of this time window (select/). The sift is off then: a line passed over
   * unparsed has no known time.
   */
  window?: TimeWindow;
}

/** The stateful parts of one run, created up front so callers can read them while it streams. */
export interface Stages {
  miner: Miner;
  bursts: BurstTracker;
  events: EventLog;
}

export function createStages(config: Config): Stages {
  return { miner: createMiner(config.mine), bursts: createBurstTracker(), events: new EventLog() };
}

export interface StreamResult {
  formats: Record<string, string>;
  redactions: Readonly<Record<string, number>>;
  records: number;
  /** Records the sift passed over (included in `records`). */
  passedOver: number;
  tokenSample: string;
  firstTimes: Map<string, string>;
  lastTimes: Map<string, string>;
}

/** The streaming half of the pipeline; `onRecord` sees every record with its template and verdict. */
export async function stream(
  sources: Source[],
  config: Config,
  { miner, bursts, events }: Stages,
  onRecord: (record: LogRecord, template: number, verdict: Verdict) => void,
  hooks: StreamHooks = {},
): Promise<StreamResult> {
  const redactor = createRedactor(config.redact);
  const scorer = createScorer();
  const firstTimes = new Map<string, string>();
  const lastTimes = new Map<string, string>();
  let records = 0;
  let passedOver = 0;
  let lines = 0;
  let tokenSample = "";
  const window = hooks.window && createWindowFilter(hooks.window, windowTime(hooks.window));

  const parser = createParser(
    config.parse,
    (parsed) => {
      if (window && !window.keeps(parsed)) return;
      const record = redactor.redactRecord(parsed);
      const template = miner.add(record.message);
      const verdict = scorer.score(record, template, miner.template(template));
      if (record.timestamp) {
        if (!firstTimes.has(record.source)) firstTimes.set(record.source, record.timestamp);
        lastTimes.set(record.source, record.timestamp);
        if (verdict.score > 0) bursts.observe(template, minuteKey(record.timestamp));
      }
      if (tokenSample.length < TOKEN_SAMPLE_CHARS) tokenSample += `${record.raw}\n`;
      records++;
      onRecord(record, template, verdict);
    },
    events,
  );
  const { progress } = hooks;
  const caller = window ? undefined : hooks.sift;
  const sift: SiftHooks | undefined = caller && {
    sift: sharedSift(),
    contextLines: config.group.contextLines,
    // The token sample is the input's first records, all of them.
    allowed: (source) =>
      tokenSample.length >= TOKEN_SAMPLE_CHARS && parser.settle(source) && caller.allow(),
    passed(count) {
      records += count;
      passedOver += count;
      lines += count;
      caller.passed(count);
    },
  };
  await readSources(
    sources,
    config.read,
    {
      // Counted here because the reader only totals a source's lines once it ends.
      line: progress
        ? (line) => {
            lines++;
            parser.push(line);
          }
        : parser.push,
      endSource: () => parser.flush(),
      sift,
      progress: progress && ((bytes) => progress(bytes, lines)),
    },
    events,
  );
  parser.flush();
  window?.finish(events);
  return {
    formats: parser.formats(),
    redactions: redactor.counts,
    records,
    passedOver,
    tokenSample,
    firstTimes,
    lastTimes,
  };
}

/**
 * Times as the window judges them: a time logged without its year (syslog, klog) is taken to be
 * in the year of the window's bound, which is what someone asking for "March 14, 10:00 on" means.
 */
function windowTime(window: TimeWindow): (timestamp: string) => number | undefined {
  const bound = window.since ?? window.until;
  const year = bound === undefined ? undefined : new Date(bound).getUTCFullYear();
  return (timestamp) => parseTimestamp(timestamp, year);
}

export function toTime(timestamp: string): number | undefined {
  return parseTimestamp(timestamp, new Date().getUTCFullYear());
}

export function timeSpan(result: StreamResult): { start: string | null; end: string | null } {
  const times = [...result.firstTimes.values(), ...result.lastTimes.values()]
    .map(toTime)
    .filter((t): t is number => t !== undefined);
  if (times.length === 0) return { start: null, end: null };
  return {
    start: new Date(Math.min(...times)).toISOString(),
    end: new Date(Math.max(...times)).toISOString(),
  };
}
