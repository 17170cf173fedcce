/**
 * Unit tests for query building: the log-aware tokenizer, code finding, the query a finding
 * produces, and reciprocal rank fusion.
 */
import { describe, expect, it } from "vitest";
import { fuse } from "../src/knowledge/embedded/fuse.js";
import { buildQuery, findCodes, tokenize } from "../src/pipeline/retrieve/index.js";
import { goldenFinding } from "./retrieve/golden.js";

describe("tokenize", () => {
  it("splits dotted class names and camelCase, keeping the class name whole", () => {
    expect(tokenize("java.net.SocketTimeoutException")).toEqual([
      "java",
      "net",
      "socket",
      "timeout",
      "exception",
      "sockettimeoutexception",
    ]);
  });

  it("splits snake_case and kebab-case and keeps the compound", () => {
    expect(tokenize("max_connections oom-killer")).toEqual([
      "max",
      "connections",
      "max_connections",
      "oom",
      "killer",
      "oom-killer",
    ]);
  });

  it("keeps codes whole: vendor codes, SQLSTATE, errno names, letters with digits", () => {
    expect(tokenize("ORA-00060 40P01 ENOSPC x509 k8s")).toEqual([
      "ora-00060",
      "40p01",
      "enospc",
      "x509",
      "k8s",
    ]);
  });

  it("splits acronyms before a capitalised word", () => {
    expect(tokenize("OOMKilled")).toEqual(["oom", "killed", "oomkilled"]);
  });

  it("drops machine values: addresses, hex and random ids, UUIDs, compounds holding numbers", () => {
    expect(
      tokenize(
        "segfault ip 00007f9697bca40e 0x7f41 1f4000 sess_u3tyogjajzmj2tndkxteu5dxte " +
          "e0d9ca10-bad4-44eb-a594-1aa2e8682dca ORD-2968892 deadbeef",
      ),
    ).toEqual(["segfault", "ip", "sess", "ord", "deadbeef"]);
  });

  it("drops stop words, pure numbers and single characters", () => {
    expect(tokenize("Out of memory: Killed process 2314 (java) a")).toEqual([
      "out",
      "memory",
      "killed",
      "process",
      "java",
    ]);
  });
});

describe("findCodes", () => {
  it.each([
    ["pq: sorry, too many clients already (SQLSTATE 53300)", "53300"],
    ["ORA-00060: deadlock detected while waiting for resource", "ORA-00060"],
    ["ERROR 1040 (08004): Too many connections", "1040"],
    ["ERROR 1040 (08004): Too many connections", "08004"],
    ['"GET /api HTTP/1.1" 503 62', "503"],
    ["Error: ENOSPC: no space left on device, write", "ENOSPC"],
    ["upstream timed out (110: Connection timed out)", "ETIMEDOUT"],
    ["container exited with code 137", "137"],
    ["Main process exited, code=exited, status=1/FAILURE", "1/FAILURE"],
    ["Error 1213: Deadlock found; ER_LOCK_DEADLOCK", "ER_LOCK_DEADLOCK"],
    ["reason: CrashLoopBackOff", "CrashLoopBackOff"],
    [
      "operation error CloudWatch: PutMetricData, api error Throttling: Rate exceeded",
      "Throttling",
    ],
    ["An error occurred (SlowDown) when calling the PutObject operation", "SlowDown"],
    ["(Service: AmazonDynamoDB; Status Code: 400; Error Code: AccessDenied)", "AccessDenied"],
  ])("%s -> %s", (text, code) => {
    expect(findCodes(text)).toContain(code);
  });

  it("finds nothing in ordinary text", () => {
    expect(findCodes("user clicked the blue button twice")).toEqual([]);
  });
});

describe("buildQuery", () => {
  it("drops wildcards and adds exception names and codes from reasons and samples", () => {
    const query = buildQuery(
      goldenFinding({
        template: "request <*> failed: java.net.SocketTimeoutException: Read timed out",
        sample: "request 42 failed: java.net.SocketTimeoutException: Read timed out (status 504)",
        reasons: ["exception:SocketTimeoutException", "http:504"],
      }),
    );
    expect(query.text).not.toContain("<*>");
    expect(query.text).toContain("Read timed out");
    expect(query.codes).toEqual(expect.arrayContaining(["504", "SocketTimeoutException"]));
  });

  it("uses the first sample when the template is mostly wildcards, and the syslog program", () => {
    const query = buildQuery(
      goldenFinding({
        template: "<*> <*> <*>",
        sample: "May  1 12:00:01 web-3 nginx[31]: worker connections are not enough",
      }),
    );
    expect(query.text).toContain("worker connections are not enough");
    expect(query.text.split("\n")).toContain("nginx");
  });

  it("leaves the header of a sample line (time, host, pid) out of the query", () => {
    const query = buildQuery(
      goldenFinding({
        template: "[<*>] img-resize[<*>]: segfault at <*> ip <*> sp <*> error <*>",
        sample:
          "Mar 14 15:03:10 app-07 kernel: [4710.5] img-resize[1306]: segfault at 18 ip 7f sp 7e error 4",
      }),
    );
    expect(query.text).toContain("[4710.5] img-resize[1306]: segfault at 18");
    expect(query.text).not.toContain("app-07");
  });

  it("takes the message from a sample written the template's way, without URLs and paths", () => {
    const finding = goldenFinding({
      template: '"POST <*> <*>" <*> <*>',
      sample: '10.0.0.9 - - [14/Mar/2025:10:50:07 +0000] "GET /api/v1/cart HTTP/1.1" 504 167',
    });
    finding.samples.push({
      line: 2,
      text: '10.0.0.8 - - [14/Mar/2025:10:50:09 +0000] "POST /api/v1/checkout HTTP/1.1" 504 167 "https://shop.example.com/"',
    });
    const query = buildQuery(finding);
    expect(query.text).toContain('"POST  HTTP/1.1" 504 167');
    expect(query.text).not.toContain("14/Mar/2025");
    expect(query.text).not.toContain("checkout");
    expect(query.text).not.toContain("shop.example.com");
  });

  it("leaves out the keys of masked key=value fields", () => {
    const query = buildQuery(
      goldenFinding({
        template:
          'time=<*> level=<*> msg="flush failed" sink=<*> err="api error Throttling: Rate exceeded"',
        sample:
          'time=2025-03-14T09:10:39Z level=WARN msg="flush failed" sink=cloudwatch err="api error Throttling: Rate exceeded"',
      }),
    );
    expect(tokenize(query.text)).not.toContain("time");
    expect(tokenize(query.text)).not.toContain("sink");
    expect(query.text).toContain('msg="flush failed"');
    expect(query.codes).toContain("Throttling");
  });

  it("adds the root-cause exception line of a stack trace", () => {
    const query = buildQuery(
      goldenFinding({
        template: "Request processing failed",
        sample:
          "Request processing failed\n\tat a.B.c(B.java:1)\nCaused by: org.postgresql.util.PSQLException: FATAL: too many connections",
      }),
    );
    expect(query.text).toContain("PSQLException: FATAL: too many connections");
  });
});

describe("fuse", () => {
  it("ranks ids found high in several rankings first", () => {
    const fused = fuse([
      ["a", "b", "c"],
      ["b", "a", "d"],
      ["b", "c"],
    ]);
    expect(fused.map((f) => f.id)).toEqual(["b", "a", "c", "d"]);
    expect(fused[0]?.score).toBeCloseTo(2 / 61 + 1 / 62, 10);
  });

  it("returns nothing for no rankings", () => {
    expect(fuse([])).toEqual([]);
  });
});
