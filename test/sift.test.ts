/**
 * The sift (src/pipeline/read/sift.ts): which raw lines it calls loud, that every line the scorer
 * gives a signal of its own is loud, and that analyze's report is the same with the sift on and
 * off (findings, counts, samples with their context lines, time span), across chunk boundaries,
 * CRLF, stack traces and tracebacks, with secrets in passed-over context lines still masked.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { type ConfigInput, defaultConfig } from "../src/config.js";
import { analyze, scan } from "../src/pipeline/analyze.js";
import type { Source } from "../src/pipeline/read/index.js";
import { Sift } from "../src/pipeline/read/sift.js";
import type { Report } from "../src/pipeline/types.js";
import { tempDir } from "./helpers/tmp.js";

const EXAMPLES = new URL("../examples/logs/", import.meta.url).pathname;
const examples = readdirSync(EXAMPLES).map((name) => join(EXAMPLES, name));
const sift = new Sift();
const loud = (line: string) => {
  const bytes = Buffer.from(line);
  return sift.loud(bytes, 0, bytes.length);
};

/** Each line's verdict is `expected`; a failure names the line. */
function expectVerdict(lines: string[], expected: boolean): void {
  for (const line of lines) expect(loud(line), JSON.stringify(line)).toBe(expected);
}

describe("the sift's verdict on a line", () => {
  it("is loud on levels, failure words, exception names and 5xx statuses, in any case", () => {
    expectVerdict(
      [
        "2024-05-01T10:00:00Z WARN cache miss ratio high",
        "2024-05-01 10:00:00,123 error [main] db - lost",
        "2024-05-01T10:00:00Z INFO connection ReFuSeD by upstream",
        "2024-05-01T10:00:00Z INFO caught java.io.IOException",
        '10.0.0.1 - - [01/May/2024:10:00:00 +0000] "GET / HTTP/1.1" 503 12',
        "2024-05-01T10:00:00Z INFO upstream answered HTTP/1.1 502 Bad Gateway",
        "2024-05-01T10:00:00Z INFO request done status=503",
        '2024-05-01T10:00:00Z INFO {"code": 504}',
        "03-17 16:13:38.811  1702  2395 E Camera: open",
        "2024-05-01T10:00:00Z INFO request took 9s, slow",
      ],
      true,
    );
  });

  it("is quiet on ordinary lines, whatever numbers they hold", () => {
    expectVerdict(
      [
        "2024-05-01T10:00:00Z INFO request done status=200 in 12ms",
        '10.0.0.1 - - [01/May/2024:10:00:00 +0000] "GET / HTTP/1.1" 200 512',
        "Jun 14 15:16:01 combo sshd[19939]: session opened for user root",
        "2024-05-01T10:00:00Z INFO code=200 port=5432 took 503ms",
      ],
      false,
    );
  });

  it("is loud on lines it cannot judge by their bytes alone", () => {
    expectVerdict(
      [
        "<11>May  1 10:00:00 host app: started", // a syslog priority is a level
        '{"level":50,"msg":"lost"}', // JSON levels may be numbers
        "W0501 10:00:00.000000 1 main.go:1] lease", // klog's level letter
        "[pod/api-1/api] \tat com.example.Main.run(Main.java:10)", // kubectl hides the indent
        '2025-03-14T10:00:00.123456789Z {"level":50,"msg":"db down"}', // docker -t, numeric level
        "    at com.example.Main.run(Main.java:10)", // may continue the record before
        "... 12 more",
        "",
      ],
      true,
    );
  });

  it("calls loud every example line the scorer gives a signal of its own", async () => {
    for (const path of examples) {
      const lines = readFileSync(path, "utf8").split("\n");
      const signalled: number[] = [];
      await scan([{ kind: "file", path, size: 0 }], defaultConfig(), (row) => {
        const own = row.reasons.filter((r) => !/^(rare|burst):/.test(r));
        if (own.length > 0 && row.endLine === row.line) signalled.push(row.line);
      });
      expect(signalled.length, path).toBeGreaterThan(0);
      const missed = signalled.filter((n) => !loud(lines[n - 1] ?? ""));
      expect(missed, path).toEqual([]);
    }
  });
});

/** The report minus what the sift changes on purpose: the count of passed-over records, the
 * templates and redactions of records never mined, and the time taken. */
function comparable(report: Report) {
  const { passedOver, templates, redactions, durationMs, ...stats } = report.stats;
  return { ...report, stats };
}

async function both(sources: () => Source[], config: ConfigInput = {}) {
  const run = (sift: boolean) =>
    analyze(
      sources(),
      defaultConfig({ ...config, dataDir: tempDir(), read: { chunkBytes: 4096, sift } }),
      { detail: "full", knowledge: null },
    );
  return { on: await run(true), off: await run(false) };
}

/**
 * Noise with problems in it: a stack trace, a Python traceback ending in a quiet line, CRLF. The
 * problems come after the first 64 KiB, which is never passed over (the token sample).
 */
function syntheticLog(): string {
  const lines: string[] = [];
  const at = (i: number) =>
    `2024-05-01T10:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}Z`;
  for (let i = 0; i < 3000; i++) {
    lines.push(`${at(i)} INFO request ${i} served in ${i % 17}ms user=u${i % 7}`);
    if (i === 1250) lines.push(`${at(i)} INFO login password=hunter2 for u3`);
    if (i === 1251) lines.push(`${at(i)} ERROR payment failed`, "\tat com.shop.Pay(Pay.java:3)");
    if (i === 1500) {
      lines.push(`${at(i)} INFO worker said:`, "Traceback (most recent call last):");
      lines.push('  File "w.py", line 3, in run', "StopIteration");
    }
    if (i % 400 === 399) lines.push(`${at(i)} WARN queue depth ${i} above limit`);
  }
  return lines.map((l, i) => (i % 3 === 0 ? `${l}\r` : l)).join("\n");
}

describe("analyze with the sift on and off", () => {
  it("makes the same report for every example log", async () => {
    for (const path of examples) {
      const { on, off } = await both(() => [{ kind: "file", path, size: 0 }]);
      expect(comparable(on), path).toEqual(comparable(off));
    }
  });

  it("makes the same report for a gzip log", async () => {
    const path = join(tempDir(), "payments.log.gz");
    writeFileSync(path, gzipSync(readFileSync(join(EXAMPLES, "payments.log"))));
    const gzipped = await both(() => [{ kind: "file", path, size: 0 }]);
    expect(gzipped.on.stats.passedOver).toBeGreaterThan(0);
    expect(comparable(gzipped.on)).toEqual(comparable(gzipped.off));
  });

  it("makes the same report on noise with traces, and masks passed-over context", async () => {
    const path = join(tempDir(), "synthetic.log");
    writeFileSync(path, syntheticLog());
    const { on, off } = await both(() => [{ kind: "file", path, size: 0 }]);
    // All but the first 64 KiB (the token sample) and the lines around the problems.
    expect(on.stats.passedOver).toBeGreaterThan(on.stats.records / 2);
    expect(off.stats.passedOver).toBe(0);
    expect(comparable(on)).toEqual(comparable(off));
    // Progress counts the lines passed over too (the last ones may follow the last chunk).
    let progressLines = 0;
    await analyze(
      [{ kind: "file", path, size: 0 }],
      defaultConfig({ dataDir: tempDir(), read: { chunkBytes: 4096 } }),
      { detail: "full", knowledge: null, progress: (_bytes, lines) => (progressLines = lines) },
    );
    expect(progressLines).toBeGreaterThan(on.stats.lines - 2);
    const payment = on.findings.find((f) => f.template.includes("payment failed"));
    const before = payment?.samples[0]?.before ?? [];
    expect(before.join("\n")).toContain("[REDACTED");
    expect(JSON.stringify(on)).not.toContain("hunter2");
  });

  it("makes the same report for JSON with numeric levels behind docker's timestamps", async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => {
      const at = new Date(Date.UTC(2025, 2, 14, 10, 0, i)).toISOString();
      const level = i % 500 === 7 ? 50 : 30;
      return `${at} {"level":${level},"msg":"${level === 50 ? "db down" : "request served"}","n":${i}}`;
    });
    const path = join(tempDir(), "docker.log");
    writeFileSync(path, lines.join("\n"));
    const { on, off } = await both(() => [{ kind: "file", path, size: 0 }]);
    expect(comparable(on)).toEqual(comparable(off));
    expect(on.findings.find((f) => f.template === "db down")?.count).toBe(6);
  });

  it("makes the same report for kubectl --prefix lines, stack frames included", async () => {
    const path = join(tempDir(), "prefixed.log");
    writeFileSync(path, syntheticLog().replace(/^/gm, "[pod/api-1/api] "));
    const { on, off } = await both(() => [{ kind: "file", path, size: 0 }]);
    expect(comparable(on)).toEqual(comparable(off));
    const payment = on.findings.find((f) => f.template.includes("payment failed"));
    expect(payment?.reasons).toContain("stacktrace");
    expect(payment?.hosts).toEqual(["api-1"]);
  });
});
