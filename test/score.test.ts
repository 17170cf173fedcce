import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config.js";
import { type ScanRow, scan } from "../src/pipeline/analyze.js";
import { contextSignals, minuteKey } from "../src/pipeline/score/context.js";
import { createScorer } from "../src/pipeline/score/index.js";
import type { Level, LogRecord } from "../src/pipeline/types.js";

function record(message: string, level?: Level, continuation: string[] = []): LogRecord {
  return {
    source: "t",
    line: 1,
    endLine: 1 + continuation.length,
    raw: message,
    message,
    continuation,
    level,
    format: "generic",
    truncated: false,
  };
}

/** Score a message using itself as its template, as a miner would for a first occurrence. */
function score(message: string, level?: Level, continuation: string[] = []) {
  return createScorer().score(record(message, level, continuation), 0, message);
}

describe("scorer", () => {
  it("flags error levels and failure vocabulary, not ordinary traffic", () => {
    expect(score("request served in 12ms", "info").score).toBe(0);
    expect(score("user logged in", "error").score).toBeGreaterThanOrEqual(0.5);
    expect(score("connection refused by upstream").reasons).toContain("vocab:refused");
    expect(score("connection refused by upstream").score).toBeGreaterThanOrEqual(0.5);
  });

  it("ignores negated failure words", () => {
    for (const message of [
      "batch done: 0 errors",
      "sync finished error=0 retried=0",
      "no errors found",
      "health ok errors: 0",
      "3 parity errors detected and corrected",
      "Established session 0x14f05578bd80006 with negotiated timeout 10000 for client /10.10.34.11",
      "dialing db-1:5432 with timeout=30s",
      "pool ready, connect timeout: 5000 ms",
      "Startup processing thread terminated normally",
      "Intel machine check architecture supported.",
    ]) {
      expect(score(message, "info").score, message).toBeLessThan(0.5);
    }
    for (const message of [
      "batch done: 3 errors",
      "Expiring session 0x14f05578bd8001b, timeout of 10000ms exceeded",
      "lock timeout 30 s waiting for table orders",
      "upstream request timeout",
      "worker 3 terminated by signal 9",
      "mce: [Hardware Error]: Machine check events logged",
    ]) {
      expect(score(message, "info").score, message).toBeGreaterThanOrEqual(0.5);
    }
  });

  it("decides value-dependent templates per record", () => {
    const scorer = createScorer();
    const template = "batch done: <*> errors";
    expect(scorer.score(record("batch done: 0 errors"), 7, template).score).toBe(0);
    expect(scorer.score(record("batch done: 12 errors"), 7, template).score).toBeGreaterThanOrEqual(
      0.5,
    );
  });

  it("names exceptions, HTTP 5xx and kernel failures", () => {
    expect(score("call failed: java.net.SocketTimeoutException: Read timed out").reasons).toContain(
      "exception:SocketTimeoutException",
    );
    expect(score('10.0.0.1 - - "GET /api HTTP/1.1" 502 157').reasons).toContain("http:502");
    expect(score("Out of memory: Killed process 2314 (java)").reasons).toContain(
      "kernel:oom-killer",
    );
    expect(score("task jbd2/sda1-8:312 blocked for more than 120 seconds.").reasons).toContain(
      "kernel:hung-task",
    );
  });

  it("takes the root cause of a stack trace", () => {
    const v = score("request failed", "error", [
      "org.springframework.web.client.ResourceAccessException: I/O error",
      "\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:885)",
      "Caused by: java.net.SocketTimeoutException: Read timed out",
      "\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)",
    ]);
    expect(v.reasons).toContain("stacktrace");
    expect(v.reasons).toContain("exception:SocketTimeoutException");
    expect(v.reasons).not.toContain("exception:ResourceAccessException");
  });

  it("returns the cached verdict for the same template and level", () => {
    const scorer = createScorer();
    const a = scorer.score(
      record("disk quota exceeded for user 1", "warn"),
      3,
      "disk quota exceeded for user <*>",
    );
    const b = scorer.score(
      record("disk quota exceeded for user 2", "warn"),
      3,
      "disk quota exceeded for user <*>",
    );
    expect(b).toBe(a);
  });

  it("counts half the level of a readout: register and status-table lines of a crash dump", () => {
    for (const message of [
      "instruction address: 0x00004ed8",
      "RAX: 0000000000000000 RBX: ffff88810a2b3c00 RCX: 0000000000000001",
      "r24=0x0ffea4c8 r25=0x00000003 r26=0x0000000f",
      "fpr29=0xffffffff ffffffff ffffffff ffffffff",
      "debug wait enable.................0",
      "program interrupt: fp cr field .............0",
      "size of scratchpad portion of L3.........0 (0M)",
    ]) {
      const v = score(message, "fatal");
      expect(v.reasons, message).toContain("readout");
      expect(v.score, message).toBeLessThan(0.5);
    }
    for (const message of [
      "data TLB error interrupt",
      "segfault at 0x0 ip 0x00007f3a2b1c0d10",
      "request failed with code: 503",
      "loaded module at 0xffffffffc0a00000 size 0x4000",
      "loading......... (done)",
      "............ 42",
    ]) {
      expect(score(message, "fatal").reasons, message).not.toContain("readout");
    }
  });

  it("keeps a readout's verdict apart from other records of its template at the same level", () => {
    const scorer = createScorer();
    const template = "status: <*>";
    const readout = scorer.score(record("status: 0x0000dead", "error"), 4, template);
    const prose = scorer.score(record("status: degraded", "error"), 4, template);
    expect(readout.score).toBeLessThan(0.5);
    expect(prose.score).toBeGreaterThanOrEqual(0.5);
    expect(scorer.score(record("status: 0x0000beef", "error"), 4, template)).toBe(readout);
  });
});

describe("readouts in a parsed log", () => {
  it("marks the record announcing a crash, not the register lines printed with it", async () => {
    const header =
      "1118536327 2005.06.11 R30-M0-N9 2005-06-11-17.32.07.581048 R30-M0-N9 RAS KERNEL";
    const text = [
      `${header} FATAL data TLB error interrupt`,
      `${header} FATAL instruction address: 0x00004ed8`,
      `${header} FATAL r24=0x0ffea4c8 r25=0x00000003 r26=0x0000000f r27=0xffffd000`,
      `${header} FATAL floating point instr. enabled.....1`,
      `${header} FATAL machine check enable..............0`,
    ].join("\n");
    const rows: ScanRow[] = [];
    await scan([{ kind: "text", name: "bgl", text }], defaultConfig(), (row) => rows.push(row));
    expect(rows.map((r) => r.anomalous)).toEqual([true, false, false, false, true]);
    expect(rows[1]?.reasons).toEqual(["level:fatal", "readout"]);
    expect(rows[4]?.reasons).toContain("kernel:io-error");
  });
});

describe("input-wide signals", () => {
  it("marks rare templates only in inputs large enough to judge", () => {
    const none = { peak: 0, seen: 0, minutes: 1 };
    expect(contextSignals({ count: 1, total: 50, burst: none })).toEqual([]);
    expect(contextSignals({ count: 1, total: 5000, burst: none }).map((s) => s.reason)).toEqual([
      "rare:1/5000",
    ]);
    expect(contextSignals({ count: 400, total: 5000, burst: none })).toEqual([]);
  });

  it("marks bursts: a minute far above the usual rate of the template's signalled records", () => {
    const burst = (peak: number, seen: number) =>
      contextSignals({ count: 50_000, total: 100_000, burst: { peak, seen, minutes: 60 } });
    expect(burst(300, 600).map((s) => s.reason)).toContain("burst:300/min");
    expect(burst(12, 600)).toEqual([]);
    // 73 of a template's 102 errors in one minute: a burst, however much traffic it logs besides.
    expect(burst(73, 102).map((s) => s.reason)).toContain("burst:73/min");
  });

  it("buckets timestamps of many shapes by minute", () => {
    expect(minuteKey("2025-03-14T10:22:31.123Z")).toBe("2025-03-14T10:22");
    expect(minuteKey("Jun 14 15:16:01")).toBe("Jun 14 15:16");
    expect(minuteKey("081109 203615")).toBe("081109 2036");
    expect(minuteKey("10/Oct/2000:13:55:36 -0700")).toBe("10/Oct/2000:13:55");
  });
});
