/**
 * Input-wide signals, known only once counts are in: a template that is rare in this input, and a
 * template whose rate in some minute far exceeds its usual rate (a burst). Bursts are tracked only
 * for records that already carry a signal, which keeps the hot path cheap.
 */
import type { Signal } from "./signals.js";

const CLOCK = /(?<!\d)\d{1,2}:\d{2}(?=:\d{2})/;

/** Minute bucket of a timestamp as logged: everything before the seconds. */
export function minuteKey(timestamp: string): string {
  const clock = CLOCK.exec(timestamp);
  if (clock) return timestamp.slice(0, clock.index + clock[0].length);
  // Compact forms such as "081109 203615" or epoch seconds: drop the last two digits.
  return timestamp.length > 2 ? timestamp.slice(0, -2) : timestamp;
}

export interface BurstTracker {
  observe(template: number, minute: string): void;
  /** Highest per-minute count of the template's observed records. */
  peak(template: number): number;
  /** The template's observed records in all. */
  seen(template: number): number;
  /** Minutes that had observed records. */
  readonly minutes: number;
}

export function createBurstTracker(): BurstTracker {
  const current: (string | undefined)[] = [];
  const running: number[] = [];
  const peaks: number[] = [];
  const seen: number[] = [];
  let lastMinute: string | undefined;
  let minutes = 0;
  return {
    observe(template, minute) {
      if (minute !== lastMinute) {
        lastMinute = minute;
        minutes++;
      }
      if (current[template] !== minute) {
        current[template] = minute;
        running[template] = 0;
      }
      seen[template] = (seen[template] ?? 0) + 1;
      const n = (running[template] ?? 0) + 1;
      running[template] = n;
      if (n > (peaks[template] ?? 0)) peaks[template] = n;
    },
    peak: (template) => peaks[template] ?? 0,
    seen: (template) => seen[template] ?? 0,
    get minutes() {
      return minutes;
    },
  };
}

/** A template seen at most this often is rare in an input of `total` records. */
export function rareLimit(total: number): number {
  return Math.max(1, Math.min(50, Math.floor(total / 1000)));
}

/**
 * Rarity alone never makes a record anomalous. With the 0.5 threshold it tips a WARN-level record
 * over (0.35 + 0.25), but not a lone warning word in an INFO line (0.3 + 0.25).
 */
const RARE_WEIGHT = 0.25;
const BURST_WEIGHT = 0.3;
const BURST_MIN_PER_MINUTE = 10;
const BURST_FACTOR = 5;

export interface TemplateContext {
  count: number;
  total: number;
  burst: BurstView;
}

/**
 * A template's signalled records over time: their peak per minute, how many in all, over how many
 * minutes. A burst is measured against the usual rate of these records alone (the 503s of an
 * access log, not all its traffic), so it does not depend on the records without a signal, which
 * analyze may not even mine (read/sift.ts).
 */
export interface BurstView {
  peak: number;
  seen: number;
  minutes: number;
}

export function burstView(bursts: BurstTracker, template: number): BurstView {
  return { peak: bursts.peak(template), seen: bursts.seen(template), minutes: bursts.minutes };
}

export function contextSignals(ctx: TemplateContext): Signal[] {
  const signals: Signal[] = [];
  if (ctx.total >= 100 && ctx.count <= rareLimit(ctx.total)) {
    signals.push({ reason: `rare:${ctx.count}/${ctx.total}`, weight: RARE_WEIGHT });
  }
  const { peak, seen, minutes } = ctx.burst;
  const usual = seen / Math.max(1, minutes);
  if (minutes > 1 && peak >= BURST_MIN_PER_MINUTE && peak >= BURST_FACTOR * usual) {
    signals.push({ reason: `burst:${peak}/min`, weight: BURST_WEIGHT });
  }
  return signals;
}
