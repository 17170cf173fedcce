/**
 * A time window as users give it (`--since 2h`, `?since=2025-03-14T10:00`) -> epoch bounds for
 * select/. Relative durations count back from `now`, which a queued job fixes when it is accepted.
 */
import { UsageError } from "../../errors.js";
import { parseTimeBound } from "../parse/index.js";
import type { TimeWindow } from "../select/index.js";

export interface WindowBounds {
  since?: string;
  until?: string;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function bound(value: string | undefined, now: number, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ago = /^(\d+)([smhd])$/.exec(value.trim());
  const time = ago
    ? now - Number(ago[1]) * (UNIT_MS[ago[2] as string] ?? 0)
    : parseTimeBound(value);
  if (time === undefined) {
    throw new UsageError(
      `${name} ${value}: not a time (use 2025-03-14, 2025-03-14T10:30, a full timestamp or 2h)`,
    );
  }
  return time;
}

/** The window, or undefined when neither end is given; `label` names a bound in messages. */
export function windowOf(
  bounds: WindowBounds,
  now: number,
  label: (bound: "since" | "until") => string,
): TimeWindow | undefined {
  const since = bound(bounds.since, now, label("since"));
  const until = bound(bounds.until, now, label("until"));
  if (since === undefined && until === undefined) return undefined;
  if (since !== undefined && until !== undefined && since >= until) {
    throw new UsageError(`${label("since")} must be earlier than ${label("until")}`);
  }
  return { since, until };
}
