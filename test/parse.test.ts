import { describe, expect, it } from "vitest";
import { ConfigSchema } from "../src/config.js";
import { EventLog } from "../src/pipeline/events.js";
import { createParser, parseTimestamp } from "../src/pipeline/parse/index.js";
import type { LogRecord } from "../src/pipeline/types.js";

function parse(lines: string[], parse: Record<string, unknown> = {}): LogRecord[] {
  const config = ConfigSchema.parse({ parse }).parse;
  const out: LogRecord[] = [];
  const parser = createParser(config, (r) => out.push(r));
  lines.forEach((text, i) => {
    parser.push({ source: "s.log", line: i + 1, text, truncated: false });
  });
  parser.flush();
  return out;
}

const one = (line: string): LogRecord => parse([line])[0] as LogRecord;

describe("parse: header splitting per format", () => {
  it("log4j style with thread and logger", () => {
    const r = one(
      "2024-03-01 10:00:00,123 ERROR [worker-3] com.acme.billing.Invoicer - charge failed for order 42",
    );
    expect(r).toMatchObject({
      format: "library",
      timestamp: "2024-03-01 10:00:00,123",
      level: "error",
      logger: "com.acme.billing.Invoicer",
      message: "charge failed for order 42",
    });
  });

  it("Python logging", () => {
    const r = one("2024-03-01 10:00:00,123 - payments.api - WARNING - retrying upstream call");
    expect(r).toMatchObject({
      level: "warn",
      logger: "payments.api",
      message: "retrying upstream call",
    });
  });

  it("PostgreSQL", () => {
    const r = one('2024-03-01 10:00:00.123 UTC [4711] ERROR:  relation "users" does not exist');
    expect(r).toMatchObject({ level: "error", message: 'relation "users" does not exist' });
    // The common log_line_prefix '%m [%p] %q%u@%d ' puts user@database before the level.
    const prefixed = one(
      "2024-03-01 10:00:00.123 UTC [4711] app@shop FATAL:  sorry, too many clients already",
    );
    expect(prefixed).toMatchObject({ level: "fatal", message: "sorry, too many clients already" });
  });

  it("HDFS-style compact timestamps", () => {
    const r = one("240301 101500 77 WARN dfs.Replicator: replica lost for chunk_991");
    expect(r).toMatchObject({ format: "hadoop", level: "warn", logger: "dfs.Replicator" });
    expect(r.message).toBe("replica lost for chunk_991");
  });

  it("syslog RFC 3164 and 5424", () => {
    const a = one("Mar  1 10:00:00 web01 sshd[812]: Accepted publickey for deploy");
    expect(a).toMatchObject({
      format: "syslog",
      host: "web01",
      logger: "sshd",
      message: "Accepted publickey for deploy",
    });
    const b = one("<165>1 2024-03-01T10:00:00.000Z web01 app 812 ID47 - disk almost full");
    expect(b).toMatchObject({
      format: "syslog5424",
      level: "notice",
      host: "web01",
      message: "disk almost full",
    });
    const c = one("<11>Mar  1 10:00:00 web01 cron[9]: job crashed");
    expect(c).toMatchObject({ format: "syslog", level: "error", message: "job crashed" });
  });

  it("klog", () => {
    const r = one("E0301 10:00:00.123456   1234 controller.go:88] sync failed: timeout");
    expect(r).toMatchObject({
      format: "klog",
      level: "error",
      logger: "controller.go:88",
      message: "sync failed: timeout",
    });
  });

  it("access logs: status sets the level", () => {
    const line = (status: number) =>
      `10.1.2.3 - - [01/Mar/2024:10:00:00 +0000] "GET /api/items HTTP/1.1" ${status} 512 "-" "curl/8"`;
    const [ok, missing, broken] = parse([line(200), line(404), line(503)]);
    expect(ok).toMatchObject({ format: "access", host: "10.1.2.3", level: "info" });
    expect(ok?.message).toBe('"GET /api/items HTTP/1.1" 200 512');
    expect(missing?.level).toBe("warn");
    expect(broken?.level).toBe("error");
  });

  it("Apache and nginx error logs", () => {
    const a = one(
      "[Fri Mar 01 10:00:00 2024] [error] [client 10.0.0.9] File does not exist: /srv/x",
    );
    expect(a).toMatchObject({
      format: "apache-error",
      level: "error",
      message: "File does not exist: /srv/x",
    });
    const n = one("2024/03/01 10:00:00 [crit] 311#311: *5 connect() failed");
    expect(n).toMatchObject({ level: "critical", message: "*5 connect() failed" });
  });

  it("supercomputer RAS lines", () => {
    const r = one(
      "- 1709287200 2024.03.01 R11-M0-N3 2024-03-01-10.00.00.123456 R11-M0-N3 RAS KERNEL FATAL data TLB error interrupt",
    );
    expect(r).toMatchObject({
      format: "bgl",
      host: "R11-M0-N3",
      level: "fatal",
      message: "data TLB error interrupt",
    });
    // Real RAS logs carry no alert tag: it is a label added by the dataset's curators.
    const untagged = one(
      "1709287200 2024.03.01 R11-M0-N3 2024-03-01-10.00.00.123456 R11-M0-N3 RAS KERNEL INFO cache parity error corrected",
    );
    expect(untagged).toMatchObject({
      format: "bgl",
      host: "R11-M0-N3",
      level: "info",
      message: "cache parity error corrected",
    });
  });

  it("JSON lines with a nested error object", () => {
    const r = one(
      JSON.stringify({
        ts: "2024-03-01T10:00:00Z",
        level: 50,
        msg: "request failed",
        error: {
          type: "TimeoutError",
          message: "upstream took 30s",
          stack: "TimeoutError: upstream took 30s\n    at call (a.js:1:1)",
        },
      }),
    );
    expect(r).toMatchObject({
      format: "jsonl",
      level: "error",
      message: "request failed: TimeoutError: upstream took 30s",
    });
    expect(r.continuation).toEqual(["    at call (a.js:1:1)"]);
  });

  it("JSON lines keep an HTTP status field in the message, where the scorer sees it", () => {
    const pino = one(
      JSON.stringify({ level: 30, msg: "request completed", res: { statusCode: 503 } }),
    );
    expect(pino.message).toBe("request completed status=503");
    expect(pino.httpStatus).toBe(503);
    const ecs = one(
      JSON.stringify({ message: "GET /api", http: { response: { status_code: "404" } } }),
    );
    expect(ecs.message).toBe("GET /api status=404");
    const notHttp = one(JSON.stringify({ msg: "job done", status: "ok", code: 7 }));
    expect(notHttp.message).toBe("job done");
  });

  it("reads kubectl's --prefix lines by what follows the prefix, the pod as host", () => {
    const json = JSON.stringify({ level: "error", msg: "charge failed", hostname: "api-1" });
    const records = parse([
      `[pod/api-7f9c/api] ${json}`,
      `[pod/api-7f9c/api] ${JSON.stringify({ level: "info", msg: "ok" })}`,
    ]);
    expect(records[0]).toMatchObject({
      format: "jsonl",
      level: "error",
      message: "charge failed",
      host: "api-1",
      raw: `[pod/api-7f9c/api] ${json}`,
    });
    expect(records[1]?.host).toBe("api-7f9c");
    const java = parse([
      "[pod/pay-1/app] 2024-03-01 10:00:00,123 ERROR [main] c.a.Pay - capture failed",
      "[pod/pay-1/app] java.net.SocketTimeoutException: Read timed out",
      "[pod/pay-1/app] \tat java.base/java.net.Socket.read(Socket.java:1)",
    ]);
    expect(java).toHaveLength(1);
    expect(java[0]).toMatchObject({ level: "error", host: "pay-1", message: "capture failed" });
    expect(java[0]?.continuation).toHaveLength(2);
  });

  it("reads JSON behind docker's or kubectl's timestamp, the runtime's time when the line has none", () => {
    const records = parse([
      '2025-03-14T10:00:00.123456789Z {"level":50,"msg":"db down"}',
      '[pod/api-1/api] 2025-03-14T10:00:01.5Z {"level":30,"msg":"ok","time":"2025-03-14T10:00:01.4Z"}',
    ]);
    expect(records[0]).toMatchObject({
      format: "jsonl",
      level: "error",
      message: "db down",
      timestamp: "2025-03-14T10:00:00.123456789Z",
    });
    expect(records[1]).toMatchObject({ host: "api-1", timestamp: "2025-03-14T10:00:01.4Z" });
    // A log's own timestamp before text is its header, not a runtime's prefix.
    expect(one("2025-03-14T10:00:02Z ERROR config {a: 1}").format).not.toBe("jsonl");
  });

  it("generic fallback still strips level words and brackets", () => {
    const r = one("[WARN] cache is cold");
    expect(r).toMatchObject({ format: "generic", level: "warn", message: "cache is cold" });
  });

  it("a line that does not match its source's format is still a record", () => {
    const lines = Array.from({ length: 5 }, (_, i) => `Mar  1 10:00:0${i} web01 app[1]: tick ${i}`);
    const events = new EventLog();
    const out: LogRecord[] = [];
    const config = ConfigSchema.parse({}).parse;
    const parser = createParser(config, (r) => out.push(r), events);
    [...lines, "garbage \u0000 without header", "{not json"].forEach((text, i) => {
      parser.push({ source: "a", line: i + 1, text, truncated: false });
    });
    parser.flush();
    expect(out.map((r) => r.message).slice(-2)).toEqual([
      "garbage \u0000 without header",
      "{not json",
    ]);
    expect(events.get("parse.records")).toBe(7);
    expect(events.get("parse.unmatched")).toBe(2);
  });
});

describe("parse: multiline", () => {
  const java = [
    "2024-03-01 10:00:00,123 ERROR [main] com.acme.App - boom",
    "java.lang.IllegalStateException: bad state",
    "\tat com.acme.App.run(App.java:10)",
    "Caused by: java.io.IOException: disk",
    "\t... 3 more",
    "2024-03-01 10:00:01,000 INFO [main] com.acme.App - recovered",
  ];

  it("joins a Java stack trace to its record", () => {
    const out = parse(java);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ line: 1, endLine: 5, message: "boom" });
    expect(out[0]?.continuation).toHaveLength(4);
    expect(out[0]?.raw.split("\n")).toHaveLength(5);
  });

  it("joins Python tracebacks including the final exception line", () => {
    const out = parse([
      "2024-03-01 10:00:00,123 - worker - ERROR - task failed",
      "Traceback (most recent call last):",
      '  File "w.py", line 3, in run',
      "    do()",
      "ValueError: bad input",
      "2024-03-01 10:00:02,000 - worker - INFO - next",
    ]);
    expect(out.map((r) => [r.line, r.endLine])).toEqual([
      [1, 5],
      [6, 6],
    ]);
  });

  it("joins Go panics", () => {
    const out = parse([
      "2024/03/01 10:00:00 [error] 1#1: serving",
      "panic: runtime error: index out of range",
      "",
      "goroutine 1 [running]:",
      "main.main()",
      "\t/src/main.go:8 +0x1d",
      "2024/03/01 10:00:01 [info] 1#1: restarted",
    ]);
    expect(out.map((r) => [r.line, r.endLine])).toEqual([
      [1, 6],
      [7, 7],
    ]);
  });

  it("multiline off makes every physical line a record", () => {
    expect(parse(java, { multiline: false })).toHaveLength(java.length);
  });

  it("caps a record at maxRecordLines", () => {
    const lines = [
      "2024-03-01 10:00:00,123 ERROR [main] x.Y - boom",
      ...Array(10).fill("\tat a.b(C.java:1)"),
    ];
    const out = parse(lines, { maxRecordLines: 4 });
    expect(out[0]?.continuation).toHaveLength(3);
    expect(out.reduce((n, r) => n + 1 + r.continuation.length, 0)).toBe(lines.length);
  });

  it("detects formats per source and emits records in order", () => {
    const config = ConfigSchema.parse({ parse: { sampleLines: 2 } }).parse;
    const out: LogRecord[] = [];
    const parser = createParser(config, (r) => out.push(r));
    const push = (source: string, text: string, line: number) =>
      parser.push({ source, line, text, truncated: false });
    push("a", '{"msg":"one"}', 1);
    push("a", '{"msg":"two"}', 2);
    push("a", '{"msg":"three"}', 3);
    push("b", "E0301 10:00:00.000001 1 x.go:1] k", 1);
    parser.flush();
    expect(out.map((r) => r.message)).toEqual(["one", "two", "three", "k"]);
    expect(parser.formats()).toEqual({ a: "jsonl", b: "klog" });
  });
});

describe("parseTimestamp", () => {
  const utc = (s: string) => Date.parse(`${s}Z`);
  it.each([
    ["2024-03-01T10:00:00.250Z", utc("2024-03-01T10:00:00.250")],
    ["2024-03-01 10:00:00,250", utc("2024-03-01T10:00:00.250")],
    ["2024-03-01T12:00:00+02:00", utc("2024-03-01T10:00:00")],
    ["240301 100000", utc("2024-03-01T10:00:00")],
    ["2024-03-01-10.00.00.250000", utc("2024-03-01T10:00:00.250")],
    ["1709287200", utc("2024-03-01T10:00:00")],
    ["[Fri Mar 01 10:00:00 2024]", utc("2024-03-01T10:00:00")],
    ["01/Mar/2024:10:00:00 -0700", utc("2024-03-01T17:00:00")],
    ["2024/03/01 10:00:00", utc("2024-03-01T10:00:00")],
    ["0301 10:00:00.5", utc("2024-03-01T10:00:00.500")],
    ["Mar  1 10:00:00", utc("2024-03-01T10:00:00")],
  ])("%s", (text, expected) => {
    expect(parseTimestamp(text, 2024)).toBe(expected);
  });

  it("returns undefined for text that is not a timestamp", () => {
    expect(parseTimestamp("not a time")).toBeUndefined();
    expect(parseTimestamp("2024-13-45 99:99:99")).toBeUndefined();
  });
});
