/**
 * `analyze --llm endpoint` end to end: the real CLI against the OpenAI-compatible test server on
 * 127.0.0.1 — LLM answers used and cited, the answer cache, and a dead server never losing the run.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { answerJson, type OpenAiServer, startOpenAiServer } from "./helpers/openai-server.js";
import { tempDir } from "./helpers/tmp.js";

const dir = tempDir();
const LOG = join(dir, "app.log");
let server: OpenAiServer;

interface Report {
  warnings: string[];
  summary?: string;
  stats: { llm?: { calls: number; cached: number } };
  findings: { generatedBy: string; cause: string; knowledge: { id: string }[] }[];
}

beforeAll(async () => {
  server = await startOpenAiServer();
  server.reply = () => ({
    kind: "content",
    content: answerJson({ cause: "The disk filled up.", citations: ["disk-full"] }),
  });
  writeFileSync(
    LOG,
    [
      "2025-03-14T10:00:00Z INFO request served path=/a",
      "2025-03-14T10:00:01Z ERROR write /var/lib/app/state.db failed: No space left on device",
      "2025-03-14T10:00:02Z INFO request served path=/b",
    ].join("\n"),
  );
});
afterAll(() => server.close());

function analyze(extra: string[] = []) {
  return runCli(
    [
      "analyze",
      LOG,
      "--format",
      "json",
      "--llm",
      "endpoint",
      "--llm-url",
      server.url,
      "--model",
      "test-model",
      ...extra,
    ],
    {
      env: { LOGSAGE_DATA_DIR: join(dir, "data") },
    },
  );
}

describe("analyze --llm endpoint", () => {
  it("uses the model's answer, keeps valid citations, then serves it from the cache", async () => {
    const first = await analyze();
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as Report;
    expect(report.findings[0]).toMatchObject({
      generatedBy: "llm:test-model",
      cause: "The disk filled up.",
    });
    expect(report.findings[0]?.knowledge.map((k) => k.id)).toContain("disk-full");
    expect(report.stats.llm?.calls).toBeGreaterThan(0);
    expect(report.summary).toBeTruthy();
    const calls = server.requests.length;
    const again = JSON.parse((await analyze()).stdout) as Report;
    expect(server.requests.length).toBe(calls);
    expect(again.stats.llm?.calls).toBe(0);
    expect(again.findings[0]?.generatedBy).toBe("llm:test-model");
    await analyze(["--no-cache"]);
    expect(server.requests.length).toBeGreaterThan(calls);
  }, 300_000);

  it("falls back to the knowledge-only answer with a warning when the server fails", async () => {
    server.reply = () => ({ kind: "status", status: 500, body: "boom" });
    const r = await analyze(["--no-cache"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings[0]?.generatedBy).toBe("knowledge");
    expect(report.findings[0]?.knowledge.map((k) => k.id)).toContain("disk-full");
    expect(report.warnings.join("\n")).toMatch(/llm/);
  });

  it("rejects --llm-url with another provider and an endpoint without a URL", async () => {
    const mixed = await runCli(["analyze", LOG, "--llm", "hf", "--llm-url", server.url]);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toMatch(/--llm-url needs --llm endpoint/);
    const missing = await runCli(["analyze", LOG, "--llm", "endpoint"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/llm\.url/);
  });
});
