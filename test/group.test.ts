import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config.js";
import { type Detail, EvidenceCollector, groupFindings } from "../src/pipeline/group/index.js";
import { createBurstTracker, createScorer, minuteKey } from "../src/pipeline/score/index.js";
import type { Level, LogRecord } from "../src/pipeline/types.js";

interface Line {
  message: string;
  level?: Level;
  template: number;
  template_text: string;
  continuation?: string[];
  /** The line as logged, when the test needs a header before the message. */
  raw?: string;
  host?: string;
  timestamp?: string;
  httpStatus?: number;
}

/** Feeds records through the real scorer into a collector, then groups them. */
function group(lines: Line[], detail: Detail = "summary", maxLines = 1000) {
  const config = defaultConfig({ group: { maxLines } });
  const collector = new EvidenceCollector(
    config.score.threshold,
    config.group.maxLines,
    config.group.contextLines,
  );
  const scorer = createScorer();
  const bursts = createBurstTracker();
  const texts: string[] = [];
  lines.forEach((l, i) => {
    const record: LogRecord = {
      source: "app.log",
      line: i + 1,
      endLine: i + 1,
      raw: l.raw ?? l.message,
      message: l.message,
      host: l.host,
      httpStatus: l.httpStatus,
      continuation: l.continuation ?? [],
      level: l.level,
      timestamp: l.timestamp ?? `2025-03-14T10:00:${String(i % 60).padStart(2, "0")}Z`,
      format: "test",
      truncated: false,
    };
    texts[l.template] = l.template_text;
    const verdict = scorer.score(record, l.template, l.template_text);
    // As the stream does: bursts are of the records with a signal of their own.
    if (verdict.score > 0 && record.timestamp)
      bursts.observe(l.template, minuteKey(record.timestamp));
    collector.add(record, l.template, verdict);
  });
  return groupFindings({
    collector,
    bursts,
    templateText: (t) => texts[t] ?? "",
    templateId: (t) => `t${t}`,
    threshold: config.score.threshold,
    detail,
    config: config.group,
    toTime: (ts) => Date.parse(ts),
  });
}

const ok = (i: number): Line => ({
  message: `request ${i} served`,
  level: "info",
  template: 0,
  template_text: "request <*> served",
});

describe("groupFindings", () => {
  it("merges templates that share a root-cause exception", () => {
    const { findings } = group([
      ok(1),
      {
        message: "capture failed: java.net.SocketTimeoutException: Read timed out",
        level: "warn",
        template: 1,
        template_text: "capture failed: java.net.SocketTimeoutException: Read timed out",
      },
      ok(2),
      {
        message: "payment aborted",
        level: "error",
        template: 2,
        template_text: "payment aborted",
        continuation: [
          "org.example.ResourceAccessException: I/O error",
          "\tat org.example.Client.call(Client.java:10)",
          "Caused by: java.net.SocketTimeoutException: Read timed out",
        ],
      },
      ok(3),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.count).toBe(2);
    expect(findings[0]?.templateIds.sort()).toEqual(["t1", "t2"]);
    expect(findings[0]?.lines).toEqual([2, 4]);
  });

  it("merges kernel failure classes whatever the wording", () => {
    const { findings } = group([
      {
        message: "java invoked oom-killer: gfp_mask=0x100cca",
        level: "warn",
        template: 7,
        template_text: "java invoked oom-killer: gfp_mask=<*>",
      },
      ok(1),
      {
        message: "Out of memory: Killed process 2314 (java)",
        level: "error",
        template: 8,
        template_text: "Out of memory: Killed process <*> (java)",
      },
      ok(2),
      {
        message: "payments.service: Failed with result 'oom-kill'.",
        level: "notice",
        template: 9,
        template_text: "payments.service: Failed with result 'oom-kill'.",
      },
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.count).toBe(3);
    expect(findings[0]?.severity).toBe("critical");
  });

  it("orders by severity, keeps context lines and a time span", () => {
    const { findings } = group([
      ok(1),
      {
        message: "disk quota warning",
        level: "warn",
        template: 3,
        template_text: "disk quota warning",
      },
      ok(2),
      {
        message: "Out of memory: Killed process 12 (java)",
        level: "error",
        template: 4,
        template_text: "Out of memory: Killed process <*> (java)",
      },
      ok(3),
    ]);
    expect(findings.map((f) => f.severity)).toEqual(["critical", "warning"]);
    const sample = findings[0]?.samples[0];
    expect(sample?.before).toEqual(["disk quota warning", "request 2 served"]);
    expect(sample?.after).toEqual(["request 3 served"]);
    expect(findings[0]?.firstSeen).toBe("2025-03-14T10:00:03.000Z");
  });

  it("caps line numbers and honours detail levels", () => {
    const lines: Line[] = [];
    for (let i = 0; i < 30; i++)
      lines.push({
        message: `job ${i} failed`,
        level: "error",
        template: 5,
        template_text: "job <*> failed",
      });
    lines.push({
      message: "cache refresh slow",
      level: "warn",
      template: 6,
      template_text: "cache refresh slow",
    });
    const capped = group(lines, "summary", 10);
    expect(capped.findings[0]?.count).toBe(30);
    expect(capped.findings[0]?.lines).toHaveLength(10);
    expect(capped.findings[0]?.samples).toHaveLength(3);
    const critical = group(lines, "critical");
    expect(critical.findings.map((f) => f.severity)).toEqual(["error"]);
    expect(critical.total).toBe(2);
    expect(critical.findings[0]?.samples).toHaveLength(1);
    expect(critical.findings[0]?.samples[0]?.before).toBeUndefined();
  });

  it("keeps each sample's parsed message, level and host, and the finding's hosts", () => {
    const fatal = (host: string, raw = `${host} FATAL data TLB error interrupt`) => ({
      message: "data TLB error interrupt",
      level: "fatal" as const,
      template: 1,
      template_text: "data TLB error interrupt",
      host,
      raw,
    });
    const { findings } = group([
      ok(1),
      fatal("R02-M1-N0"),
      ok(3),
      ok(4),
      ok(5),
      ok(6),
      // The masking touched this host in the raw text: it is not passed on.
      fatal("ops@example.com", "[REDACTED:email] FATAL data TLB error interrupt"),
      ok(8),
    ]);
    const [finding] = findings;
    expect(finding?.hosts).toEqual(["R02-M1-N0"]);
    expect(finding?.samples[0]?.parsed).toMatchObject({
      message: "data TLB error interrupt",
      level: "fatal",
      host: "R02-M1-N0",
      before: ["request 1 served"],
      after: ["request 3 served", "request 4 served"],
    });
    expect(finding?.samples[1]?.parsed?.host).toBeUndefined();
  });

  it("makes a burst of warnings its evidence, not the quiet records of the same template", () => {
    const at = (minute: number, second: number) =>
      `2025-03-14T10:${String(minute).padStart(2, "0")}:${String(second).padStart(2, "0")}Z`;
    const stats = (level: Level, timestamp: string): Line => ({
      message: "db pool stats",
      level,
      template: 1,
      template_text: "db pool stats",
      timestamp,
    });
    const lines: Line[] = [];
    // Each minute for half an hour a DEBUG record and a WARN one, then 60 WARN in one minute.
    for (let m = 0; m < 30; m++) lines.push(stats("debug", at(m, 0)), stats("warn", at(m, 1)));
    for (let s = 0; s < 60; s++) lines.push(stats("warn", at(30, s)));
    const { findings } = group(lines);
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f?.reasons).toContain("burst:60/min");
    expect(f?.count).toBe(90);
    expect(f?.firstSeen).toBe("2025-03-14T10:00:01.000Z");
    expect(f?.lines).toHaveLength(50);
    expect(f?.samples.every((s) => s.parsed?.level === "warn")).toBe(true);
  });

  it("makes one problem of the rare 4xx answers of an access log, a scanner's probes", () => {
    const probe = (path: string, template: number): Line => ({
      message: `"GET ${path} HTTP/1.1" 404 153`,
      level: "warn",
      template,
      template_text: `"GET ${path} <*>" <*> <*>`,
      httpStatus: 404,
    });
    const lines = Array.from({ length: 150 }, (_, i) => ok(i));
    lines.push(probe("/.env", 1), probe("/.git/config", 2), probe("/wp-login.php", 3));
    const { findings } = group(lines);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      count: 3,
      severity: "warning",
      templateIds: ["t1", "t2", "t3"],
    });
    expect(findings[0]?.reasons).toContain("client:404");
  });

  it("reports nothing for healthy traffic", () => {
    expect(group(Array.from({ length: 200 }, (_, i) => ok(i))).findings).toEqual([]);
  });
});
