/**
 * score: how anomalous a record looks on its own (level, failure vocabulary with negations,
 * exception names, HTTP 5xx, stack traces; a request's 4xx is named, weighing nothing).
 * Template-level verdicts are cached, so a record costs a map lookup unless its template hides a
 * value the verdict depends on, or may be a readout of values whose level counts for less
 * (readout.ts). Input-wide signals (rarity, bursts) are added in context.ts once the counts are
 * known.
 */
import type { Level, LogRecord } from "../types.js";
import { isReadout, mayBeReadout } from "./readout.js";
import {
  combine,
  continuationSignals,
  http5xx,
  isValueDependent,
  type Signal,
  textSignals,
} from "./signals.js";
import { LEVEL_WEIGHT, READOUT_LEVEL_FACTOR } from "./vocabulary.js";

export {
  type BurstTracker,
  type BurstView,
  burstView,
  contextSignals,
  createBurstTracker,
  minuteKey,
} from "./context.js";
export { combine, type Signal, shortName } from "./signals.js";

export interface Verdict {
  score: number;
  reasons: readonly string[];
  /** Strongest single signal: drives severity. */
  signals: readonly Signal[];
}

export interface Scorer {
  score(record: LogRecord, template: number, templateText: string): Verdict;
}

const LEVEL_INDEX: Record<Level, number> = {
  trace: 1,
  debug: 2,
  info: 3,
  notice: 4,
  warn: 5,
  error: 6,
  critical: 7,
  fatal: 8,
};
const LEVEL_SLOTS = 9;
/** Readouts take the slots after the levels': same template and level, another verdict. */
const READOUT_SLOT = LEVEL_SLOTS;

interface TemplateEntry {
  text: string;
  signals: Signal[];
  valueDependent: boolean;
  mayHaveStatus: boolean;
  mayBeReadout: boolean;
  /** Verdicts per level slot: the same template at the same level always scores the same. */
  byLevel: (Verdict | undefined)[];
}

export const NO_SIGNAL: Verdict = Object.freeze({ score: 0, reasons: [], signals: [] });

function verdictOf(signals: Signal[]): Verdict {
  if (signals.length === 0) return NO_SIGNAL;
  return {
    score: combine(signals.map((s) => s.weight)),
    reasons: [...new Set(signals.map((s) => s.reason))],
    signals,
  };
}

function levelSignal(level: Level | undefined, readout: boolean): Signal[] {
  if (!level) return [];
  const weight = LEVEL_WEIGHT[level];
  if (weight === 0) return [];
  if (!readout) return [{ reason: `level:${level}`, weight }];
  return [
    { reason: `level:${level}`, weight: weight * READOUT_LEVEL_FACTOR },
    { reason: "readout", weight: 0 },
  ];
}

/**
 * A request answered 4xx (an access log's line, a JSON request log): its level already counts,
 * so this signal weighs nothing; it names the status, by which group/ makes one problem of the
 * probes for `/.env`, `/.git/config` and `/wp-login.php` a scanner sends.
 */
function clientError(record: LogRecord): Signal | undefined {
  const status = record.httpStatus;
  if (status === undefined || status < 400 || status > 499) return undefined;
  return { reason: `client:${status}`, weight: 0 };
}

/** Only a record whose level counts can be discounted as a readout. */
function readoutOf(entry: TemplateEntry, record: LogRecord): boolean {
  if (!entry.mayBeReadout || !record.level || LEVEL_WEIGHT[record.level] === 0) return false;
  return isReadout(record.message);
}

function analyzeTemplate(text: string): TemplateEntry {
  const valueDependent = isValueDependent(text);
  return {
    text,
    signals: valueDependent ? [] : textSignals(text),
    valueDependent,
    mayHaveStatus: /HTTP\/|status|code|"\s<\*>/i.test(text),
    mayBeReadout: mayBeReadout(text),
    byLevel: new Array(2 * LEVEL_SLOTS),
  };
}

export function createScorer(): Scorer {
  const templates: (TemplateEntry | undefined)[] = [];

  function entryFor(template: number, text: string): TemplateEntry {
    let entry = templates[template];
    if (!entry || entry.text !== text) {
      entry = analyzeTemplate(text);
      templates[template] = entry;
    }
    return entry;
  }

  return {
    score(record, template, templateText) {
      const entry = entryFor(template, templateText);
      const status = entry.mayHaveStatus ? http5xx(record.message) : undefined;
      const refused = clientError(record);
      const slow =
        entry.valueDependent ||
        status !== undefined ||
        refused !== undefined ||
        record.continuation.length > 0;
      const readout = readoutOf(entry, record);
      const slot = (record.level ? LEVEL_INDEX[record.level] : 0) + (readout ? READOUT_SLOT : 0);
      if (!slow) {
        const cached = entry.byLevel[slot];
        if (cached) return cached;
      }
      const signals = [
        ...levelSignal(record.level, readout),
        ...(entry.valueDependent ? textSignals(record.message) : entry.signals),
      ];
      if (status) signals.push({ reason: `http:${status}`, weight: 0.6 });
      if (refused) signals.push(refused);
      if (record.continuation.length > 0) signals.push(...continuationSignals(record.continuation));
      const verdict = verdictOf(signals);
      if (!slow) entry.byLevel[slot] = verdict;
      return verdict;
    },
  };
}
