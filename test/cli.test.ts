/**
 * The CLI as a user runs it: exit codes, one-line errors, and every kind of bad input the design
 * promises to survive.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { tempDir } from "./helpers/tmp.js";

const dir = tempDir();
const APP_LOG = [
  "2025-03-14T10:00:00.000Z INFO request served path=/a ms=12",
  "2025-03-14T10:00:01.000Z INFO request served path=/b ms=15",
  "2025-03-14T10:00:02.000Z ERROR payment failed: java.net.SocketTimeoutException: Read timed out",
  "2025-03-14T10:00:03.000Z INFO request served path=/c ms=11",
].join("\n");

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function json(stdout: string) {
  return JSON.parse(stdout) as {
    version: string;
    stats: Record<string, unknown>;
    warnings: string[];
    findings: Record<string, unknown>[];
  };
}

describe("logsage analyze: errors and bad input", () => {
  it("exits 1 with one line for a missing path", async () => {
    const r = await runCli(["analyze", join(dir, "missing.log")]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot read .*missing\.log: no such file or directory/);
  });

  it("exits 1 for bad usage: unknown flag, bad value, unknown command", async () => {
    for (const args of [
      ["analyze", "--frobnicate"],
      ["analyze", "x", "--format", "yaml"],
      ["analyze", "x", "--detail", "--format", "json"],
      ["explode"],
    ]) {
      const r = await runCli(args);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const r = await runCli(["analyze", "x", "--detail", "--format", "json"]);
    expect(r.stderr).toBe("logsage: --detail needs a value\n");
  });

  it("prints its version", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    for (const flag of ["--version", "-V", "version"]) {
      const r = await runCli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`logsage ${pkg.version}\n`);
    }
  });

  it("treats an empty file as success with a warning", async () => {
    const r = await runCli(["analyze", write("empty.log", ""), "--format", "json"]);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.findings).toEqual([]);
    expect(report.warnings.join()).toMatch(/empty/);
  });

  it("skips binary data with a warning", async () => {
    const bin = write(
      "core.bin",
      Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]), Buffer.alloc(5000, 3)]),
    );
    const r = await runCli(["analyze", bin, write("app.log", APP_LOG), "--format", "json"]);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.warnings.join()).toMatch(/core\.bin: binary data, skipped/);
    expect(report.findings.length).toBeGreaterThan(0);
  });

  it("replaces invalid UTF-8 and still finds the problem", async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${APP_LOG}\n`),
      Buffer.from([0xc3, 0x28, 0xff, 0x0a]),
    ]);
    const r = await runCli(["analyze", write("bad-utf8.log", bytes), "--format", "json"]);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.warnings.join()).toMatch(/invalid UTF-8/);
    expect(JSON.stringify(report.findings)).toMatch(/SocketTimeoutException/);
  });

  it("survives a 30 MB single line, truncating it", async () => {
    const huge = `ERROR ${"x".repeat(30 * 1024 * 1024)}\n${APP_LOG}\n`;
    const r = await runCli(["analyze", write("huge.log", huge), "--format", "json"]);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.warnings.join()).toMatch(/1 line\(s\) longer than 65536 bytes truncated/);
    expect(report.stats.lines).toBe(5);
  });

  it("reads gzip and warns on truncated gzip", async () => {
    const gz = gzipSync(`${APP_LOG}\n`.repeat(400));
    const ok = await runCli(["analyze", write("app.log.gz", gz), "--format", "json"]);
    expect(ok.code).toBe(0);
    expect(json(ok.stdout).stats.lines).toBe(1600);
    const cut = await runCli([
      "analyze",
      write("cut.log.gz", gz.subarray(0, gz.length - 20)),
      "--format",
      "json",
    ]);
    expect(cut.code).toBe(0);
    expect(json(cut.stdout).warnings.join()).toMatch(/truncated or corrupt/);
  });

  it("reads stdin with -, plain or gzip", async () => {
    const plain = await runCli(["analyze", "-", "--format", "json"], { stdin: APP_LOG });
    expect(plain.code).toBe(0);
    expect(json(plain.stdout).stats.lines).toBe(4);
    const gz = await runCli(["analyze", "-", "--format", "json"], { stdin: gzipSync(APP_LOG) });
    expect(json(gz.stdout).stats.lines).toBe(4);
  });

  it("analyzes a single entry with --single", async () => {
    const r = await runCli([
      "analyze",
      "--single",
      "FATAL: out of memory: Killed process 42 (java)",
      "--format",
      "json",
    ]);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.findings[0]?.severity).toBe("critical");
  });
});

describe("logsage analyze: output", () => {
  it("prints the JSON contract", async () => {
    const r = await runCli(["analyze", write("contract.log", APP_LOG), "--format", "json"]);
    const report = json(r.stdout);
    expect(report.version).toBe("1");
    const f = report.findings[0] ?? {};
    for (const key of [
      "id",
      "severity",
      "score",
      "template",
      "count",
      "lines",
      "samples",
      "firstSeen",
      "lastSeen",
      "description",
      "cause",
      "fix",
      "confidence",
      "knowledge",
      "generatedBy",
    ]) {
      expect(f).toHaveProperty(key);
    }
    expect(f.lines).toEqual([3]);
    // Hosts and loggers only where the format names them: this log names neither.
    expect(f).not.toHaveProperty("hosts");
    expect(f.firstSeen).toBe("2025-03-14T10:00:02.000Z");
    expect(f.generatedBy).toBe("knowledge");
  });

  it("reads only the time window given by --since and --until, in analyze and scan", async () => {
    const path = write("window.log", APP_LOG);
    const window = ["--since", "2025-03-14T10:00:01Z", "--until", "2025-03-14 10:00:02"];
    const r = await runCli(["analyze", path, ...window, "--format", "json"]);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.stats.records).toBe(1);
    expect(report.findings).toEqual([]);
    expect(report.warnings).toContain("3 records outside the time window left out");
    const scanned = await runCli(["scan", path, "--since", "2025-03-14T10:00:02Z"]);
    expect(
      scanned.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).line),
    ).toEqual([3, 4]);
    const bad = await runCli(["analyze", path, "--until", "teatime"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      "logsage: --until teatime: not a time (use 2025-03-14, 2025-03-14T10:30, a full timestamp or 2h)\n",
    );
  });

  it("exits 3 with --fail-on when a finding is that severe or worse, 0 otherwise", async () => {
    const path = write("fail-on.log", APP_LOG);
    const failing = await runCli(["analyze", path, "--fail-on", "warning", "--format", "json"]);
    expect(failing.code).toBe(3);
    expect(json(failing.stdout).findings).toHaveLength(1);
    expect(failing.stderr).toMatch(/1 finding at warning or worse \(--fail-on warning\): exit 3/);
    const passing = await runCli(["analyze", path, "--fail-on", "critical", "--format", "json"]);
    expect(passing.code).toBe(0);
    const bad = await runCli(["analyze", path, "--fail-on", "loud"]);
    expect(bad.code).toBe(1);
  });

  it("compares with a baseline: what it had too, what is new, the new first", async () => {
    const good = write(
      "good.log",
      [
        "2025-03-13T10:00:00.000Z INFO request served path=/a ms=12",
        "2025-03-13T10:00:01.000Z ERROR order sync failed: java.net.ConnectException: Connection refused",
        "2025-03-13T10:00:02.000Z INFO request served path=/b ms=15",
      ].join("\n"),
    );
    const incident = write(
      "incident.log",
      [
        APP_LOG,
        "2025-03-14T10:00:04.000Z ERROR order sync failed: java.net.ConnectException: Connection refused",
      ].join("\n"),
    );
    const r = await runCli(["analyze", incident, "--baseline", good, "--format", "json"]);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.stats.baseline).toEqual({ sources: 1, records: 3 });
    const seen = report.findings.map((f) => [String(f.template).split(":")[0], f.baseline]);
    // Without a baseline the connection error ranks first (score 0.978 against 0.976).
    expect(seen).toEqual([
      ["payment failed", { count: 0 }],
      ["order sync failed", { count: 1 }],
    ]);
    expect(report.findings[0]?.description).toMatch(/New: the baseline has no such record\.$/);
    const text = await runCli(["analyze", incident, "--baseline", good, "--format", "text"]);
    expect(text.stdout).toMatch(/ERROR ×1 NEW {2}payment failed/);
    expect(text.stdout).toMatch(/against a baseline of 3 records, 1 of 2 new/);
    // --fail-on counts only what is new against a baseline.
    const known = await runCli(["analyze", incident, "--baseline", incident, "--fail-on", "error"]);
    expect(known.code).toBe(0);
    const failing = await runCli(["analyze", incident, "--baseline", good, "--fail-on", "error"]);
    expect(failing.code).toBe(3);
    expect(failing.stderr).toBe("logsage: 1 finding at error or worse (--fail-on error): exit 3\n");
    const stdin = await runCli(["analyze", incident, "--baseline", "-"]);
    expect(stdin.code).toBe(1);
    expect(stdin.stderr).toBe("logsage: --baseline reads files, not stdin\n");
  });

  it("writes text and markdown reports to a file with --out", async () => {
    const out = join(dir, "report.md");
    const r = await runCli([
      "analyze",
      write("md.log", APP_LOG),
      "--format",
      "markdown",
      "--out",
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/report written to/);
    const { readFileSync } = await import("node:fs");
    const md = readFileSync(out, "utf8");
    expect(md).toMatch(/^# logsage report/);
    expect(md).toMatch(/\*\*Possible Cause:\*\*/);
    const text = await runCli(["analyze", join(dir, "md.log"), "--format", "text"]);
    expect(text.stdout).toMatch(/Error Description:/);
    expect(text.stdout).toMatch(/Recommended Solution:/);
  });

  it("names report files logsage-report-<timestamp>.<ext> with --output file", async () => {
    const r = await runCli(
      ["analyze", write("named.log", APP_LOG), "--format", "json", "--output", "file"],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/report written to logsage-report-\d{4}-\d\d-\d\dT[\d-]+Z\.json/);
  });
});

describe("logsage scan", () => {
  it("prints one JSON object per record with the documented fields", async () => {
    const r = await runCli(["scan", write("scan.log", APP_LOG), "--format", "jsonl"]);
    expect(r.code).toBe(0);
    const rows = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      for (const key of [
        "line",
        "endLine",
        "templateId",
        "template",
        "anomalous",
        "score",
        "reasons",
      ]) {
        expect(row).toHaveProperty(key);
      }
    }
    expect(rows.map((r) => r.anomalous)).toEqual([false, false, true, false]);
    expect(rows[0]?.templateId).toBe(rows[1]?.templateId);
  });
});
