import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config.js";
import { scan, windowOf } from "../src/pipeline/analyze.js";
import { toTime } from "../src/pipeline/compose/stream.js";
import { EventLog } from "../src/pipeline/events.js";
import { parseTimeBound } from "../src/pipeline/parse/index.js";
import { createWindowFilter } from "../src/pipeline/select/index.js";
import type { LogRecord } from "../src/pipeline/types.js";

function record(source: string, timestamp?: string): LogRecord {
  return {
    source,
    line: 1,
    endLine: 1,
    raw: "x",
    message: "x",
    continuation: [],
    timestamp,
    format: "test",
    truncated: false,
  };
}

const at = (iso: string) => Date.parse(iso);

describe("the time window", () => {
  it("keeps the records in [since, until); an untimed one is as late as the one before it", () => {
    const filter = createWindowFilter(
      { since: at("2025-03-14T10:00:00Z"), until: at("2025-03-14T11:00:00Z") },
      toTime,
    );
    const kept = [
      record("a", undefined), // before any time: kept
      record("a", "2025-03-14T09:59:59Z"),
      record("a", undefined), // follows 09:59:59
      record("a", "2025-03-14T10:00:00Z"),
      record("a", undefined), // follows 10:00:00
      record("b", "2025-03-14 10:59:59,999"),
      record("b", "2025-03-14T11:00:00Z"),
      record("a", "not a time"), // still follows a's 10:00:00
    ].map((r) => filter.keeps(r));
    expect(kept).toEqual([true, false, false, true, true, true, false, true]);
    const events = new EventLog();
    filter.finish(events);
    expect(events.warnings).toEqual(["3 records outside the time window left out"]);
  });

  it("says when no record has a time it could judge", () => {
    const filter = createWindowFilter({ since: 0 }, toTime);
    expect(filter.keeps(record("a"))).toBe(true);
    const events = new EventLog();
    filter.finish(events);
    expect(events.warnings[0]).toMatch(/no record carries a time/);
  });

  it("reads bounds as dates, minutes, timestamps with zones, or durations before now", () => {
    expect(parseTimeBound("2025-03-14")).toBe(at("2025-03-14T00:00:00Z"));
    expect(parseTimeBound("2025-03-14 10:30")).toBe(at("2025-03-14T10:30:00Z"));
    expect(parseTimeBound("2025-03-14T10:30+02:00")).toBe(at("2025-03-14T08:30:00Z"));
    expect(parseTimeBound("2025-03-14T10:30:15.5Z")).toBe(at("2025-03-14T10:30:15.500Z"));
    expect(parseTimeBound("yesterday")).toBeUndefined();
    const now = at("2025-03-14T12:00:00Z");
    const label = (b: string) => `--${b}`;
    expect(windowOf({ since: "90m" }, now, label)).toEqual({
      since: at("2025-03-14T10:30:00Z"),
      until: undefined,
    });
    expect(windowOf({}, now, label)).toBeUndefined();
    expect(() => windowOf({ until: "soon" }, now, label)).toThrow(/^--until soon: not a time/);
    expect(() => windowOf({ since: "1h", until: "2h" }, now, label)).toThrow(
      "--since must be earlier than --until",
    );
  });

  it("reads a time logged without its year in the year of the window's bound", async () => {
    const text = ["Mar 14 09:59:00 web app[1]: before", "Mar 14 10:01:00 web app[1]: inside"].join(
      "\n",
    );
    const lines: number[] = [];
    const window = { since: at("2019-03-14T10:00:00Z"), until: at("2019-03-14T11:00:00Z") };
    await scan(
      [{ kind: "text", name: "syslog", text }],
      defaultConfig(),
      (row) => lines.push(row.line),
      { window },
    );
    expect(lines).toEqual([2]);
  });
});
