/**
 * select: keeps the records of a time window (`--since`, `--until`). A record whose time cannot
 * be read is as late as the record before it in its source (a stray line between two timed ones);
 * before any timed record, it is kept. What was left out is said in one warning.
 */

import type { StageEvents } from "../events.js";
import type { LogRecord } from "../types.js";
import { thousands } from "../wording.js";

/** Epoch milliseconds; either end may be open. `until` itself is outside. */
export interface TimeWindow {
  since?: number;
  until?: number;
}

export interface WindowFilter {
  keeps(record: LogRecord): boolean;
  /** Warns about what the window left out, or that it could not apply. */
  finish(events: StageEvents): void;
}

export function createWindowFilter(
  window: TimeWindow,
  toTime: (timestamp: string) => number | undefined,
): WindowFilter {
  const latest = new Map<string, number>();
  let timed = 0;
  let left = 0;
  const outside = (time: number) =>
    (window.since !== undefined && time < window.since) ||
    (window.until !== undefined && time >= window.until);
  return {
    keeps(record) {
      const own = record.timestamp === undefined ? undefined : toTime(record.timestamp);
      if (own !== undefined) {
        timed++;
        latest.set(record.source, own);
      }
      const time = own ?? latest.get(record.source);
      if (time === undefined || !outside(time)) return true;
      left++;
      return false;
    },
    finish(events) {
      if (timed === 0) {
        events.warn(
          "no record carries a time that can be read: the time window left everything in",
        );
      } else if (left > 0) {
        const records = left === 1 ? "record" : "records";
        events.warn(`${thousands(left)} ${records} outside the time window left out`);
      }
      events.count("select.outside", left);
    },
  };
}
