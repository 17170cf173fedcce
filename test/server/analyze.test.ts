/** POST /v1/analyze in-process: every body type, options, validation, the size limit, health. */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/server.js";
import { tempDir } from "../helpers/tmp.js";

const LOG = [
  "2024-05-01T10:00:00Z INFO api started",
  "2024-05-01T10:00:01Z INFO request ok path=/a",
  "2024-05-01T10:00:02Z ERROR connection refused to db-primary:5432 (ECONNREFUSED)",
  "2024-05-01T10:00:03Z INFO request ok path=/b",
].join("\n");

/** A .tar.gz of these files, made by the system's tar. */
function tarGz(files: Record<string, string>) {
  const root = tempDir();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return gzipSync(execFileSync("tar", ["-c", "-C", root, ...Object.keys(files)]));
}

let t: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  t = await startTestApp({ server: { bodyLimitBytes: 64 * 1024 } });
}, 120_000);

async function report(res: Response) {
  expect(res.status).toBe(200);
  return (await res.json()) as {
    version: string;
    stats: { lines: number };
    findings: { template: string; knowledge: unknown[] }[];
  };
}

describe("POST /v1/analyze", () => {
  it("analyzes JSON {text} and explains the error with knowledge", async () => {
    const body = await report(
      await t.call("analyst", "POST", "/v1/analyze", { json: { text: LOG } }),
    );
    expect(body.version).toBe("1");
    expect(body.stats.lines).toBe(4);
    const finding = body.findings.find((f) => f.template.includes("connection refused"));
    expect(finding?.knowledge.length).toBeGreaterThan(0);
  });

  it("analyzes JSON {entries}, strings and structured records alike", async () => {
    const entries = [LOG.split("\n")[0], { level: "error", msg: "disk full on /var" }];
    const body = await report(
      await t.call("analyst", "POST", "/v1/analyze", { json: { entries } }),
    );
    expect(body.stats.lines).toBe(2);
  });

  it("analyzes text/plain and gzip bodies", async () => {
    for (const [type, body] of [
      ["text/plain", LOG],
      ["application/gzip", gzipSync(LOG)],
    ] as const) {
      const res = await t.call("analyst", "POST", "/v1/analyze", {
        body,
        headers: { "content-type": type },
      });
      expect((await report(res)).stats.lines).toBe(4);
    }
  });

  it("analyzes a tar.gz support bundle uploaded raw, each file its own source", async () => {
    const bundle = tarGz({ "app/api.log": LOG, "app/worker.log": LOG });
    const res = await t.call("analyst", "POST", "/v1/analyze", {
      body: bundle,
      headers: { "content-type": "application/gzip" },
    });
    const body = (await report(res)) as Awaited<ReturnType<typeof report>> & {
      stats: { formats: Record<string, string> };
      findings: { sources: string[] }[];
    };
    expect(body.stats.lines).toBe(8);
    expect(Object.keys(body.stats.formats).sort()).toEqual([
      "<upload>/app/api.log",
      "<upload>/app/worker.log",
    ]);
  });

  it("analyzes a multipart file upload, gzipped or not", async () => {
    for (const content of [LOG, gzipSync(LOG)]) {
      const form = new FormData();
      form.append("file", new Blob([content]), "app.log");
      const res = await t.call("analyst", "POST", "/v1/analyze", { body: form });
      expect((await report(res)).stats.lines).toBe(4);
    }
  });

  it("honours ?detail and rejects a bad one naming the field", async () => {
    const ok = await t.call("analyst", "POST", "/v1/analyze?detail=critical", {
      json: { text: LOG },
    });
    expect(ok.status).toBe(200);
    const bad = await t.call("analyst", "POST", "/v1/analyze?detail=everything", {
      json: { text: LOG },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await bad.json()) as {
      type: string;
      title: string;
      status: number;
      detail: string;
    };
    expect(problem).toMatchObject({ status: 400, type: "urn:logsage:problem:validation" });
    expect(problem.detail).toContain("query.detail");
  });

  it("honours ?since and ?until, and rejects a time it cannot read naming the field", async () => {
    const windowed = await t.call(
      "analyst",
      "POST",
      "/v1/analyze?since=2024-05-01T10:00:03Z&until=2024-05-01T11:00",
      { json: { text: LOG } },
    );
    const body = (await report(windowed)) as Awaited<ReturnType<typeof report>> & {
      stats: { records: number };
      warnings: string[];
    };
    expect(body.stats.records).toBe(1);
    expect(body.findings).toEqual([]);
    expect(body.warnings).toContain("3 records outside the time window left out");
    const bad = await t.call("analyst", "POST", "/v1/analyze?since=yesterday", {
      json: { text: LOG },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toMatch(
      /^query\.since yesterday: not a time/,
    );
  });

  it("names the field of an invalid JSON body, and refuses unknown content types", async () => {
    const bad = await t.call("analyst", "POST", "/v1/analyze", { json: { text: 42 } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toContain("body.text");
    const junk = await t.call("analyst", "POST", "/v1/analyze", {
      body: "{",
      headers: { "content-type": "application/json" },
    });
    expect(((await junk.json()) as { detail: string }).detail).toContain("not valid JSON");
    const form = new FormData();
    form.append("other", "x");
    const noFile = await t.call("analyst", "POST", "/v1/analyze", { body: form });
    expect(((await noFile.json()) as { detail: string }).detail).toMatch(/^file:/);
    const xml = await t.call("analyst", "POST", "/v1/analyze", {
      body: "<log/>",
      headers: { "content-type": "application/xml" },
    });
    expect(xml.status).toBe(415);
  });

  it("answers 413 for a body over the limit, declared or streamed, and keeps serving", async () => {
    const big = "x".repeat(100 * 1024);
    const declared = await t.call("analyst", "POST", "/v1/analyze", {
      body: big,
      headers: { "content-type": "text/plain" },
    });
    expect(declared.status).toBe(413);
    // No Content-Length: the limit is found while the bytes stream in, gzip or not.
    for (const bytes of [Buffer.from(big), gzipSync(Buffer.alloc(200 * 1024, "y"), { level: 0 })]) {
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 16 * 1024)
            controller.enqueue(bytes.subarray(i, i + 16 * 1024));
          controller.close();
        },
      });
      const res = await t.app.request("/v1/analyze", {
        method: "POST",
        headers: {
          authorization: `Bearer ${t.tokens.analyst}`,
          "content-type": "application/gzip",
        },
        body: stream,
        duplex: "half",
      } as RequestInit);
      expect(res.status).toBe(413);
      expect(((await res.json()) as { detail: string }).detail).toContain("65536 bytes");
    }
    const form = new FormData();
    form.append("file", new Blob([big]), "big.log");
    expect((await t.call("analyst", "POST", "/v1/analyze", { body: form })).status).toBe(413);
    const after = await t.call("analyst", "POST", "/v1/analyze", { json: { text: LOG } });
    expect(after.status).toBe(200);
  });
});

describe("health", () => {
  it("answers /healthz and /readyz without a key", async () => {
    expect(await (await t.call(undefined, "GET", "/healthz")).json()).toEqual({ status: "ok" });
    const ready = await t.call(undefined, "GET", "/readyz");
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { documents: number; indexed: number };
    expect(body.documents).toBeGreaterThan(0);
    expect(body.indexed).toBe(body.documents);
  });

  it("answers unknown routes with a 404 problem and sets security headers", async () => {
    const res = await t.call("admin", "GET", "/v1/nothing");
    expect(res.status).toBe(404);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("exposes Prometheus metrics for requests, analyses and findings", async () => {
    const res = await t.call(undefined, "GET", "/metrics");
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toMatch(
      /^logsage_http_requests_total\{method="POST",route="\/v1\/analyze",status="413"\} [1-9]/m,
    );
    expect(text).toMatch(
      /^logsage_http_request_duration_seconds_bucket\{method="POST",route="\/v1\/analyze",le="\+Inf"\} [1-9]/m,
    );
    expect(text).toMatch(/^logsage_analyses_total [1-9]/m);
    expect(text).toMatch(/^logsage_findings_total\{severity="error"\} [1-9]/m);
  });

  it("describes every route in /openapi.json from the routes' own schemas", async () => {
    const doc = (await (await t.call(undefined, "GET", "/openapi.json")).json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { parameters?: { name: string }[]; requestBody?: unknown }>
      >;
    };
    expect(doc.openapi).toBe("3.1.0");
    // Every handler the app has is described (middleware routes are registered under "/*").
    const served = t.app.routes
      .filter((r) => r.path !== "/*")
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    const described = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    expect(new Set(described)).toEqual(new Set(served));
    expect(doc.paths["/v1/analyze"]?.post?.parameters?.map((p) => p.name)).toEqual([
      "detail",
      "llm",
      "since",
      "until",
    ]);
    expect(JSON.stringify(doc.paths["/v1/kb/documents"]?.post?.requestBody)).toContain(
      "errorCodes",
    );
  });
});
