/** The small pieces: Retry-After, SSE parsing, answer validation, config from the environment. */
import { describe, expect, it } from "vitest";
import { type ConfigInput, loadConfig } from "../../src/config.js";
import { ConfigError, LlmError } from "../../src/errors.js";
import { parseAnswer } from "../../src/llm/answer.js";
import { parseRetryAfter, withRetry } from "../../src/llm/retry.js";
import { sseData } from "../../src/llm/sse.js";
import { answerJson } from "../helpers/openai-server.js";

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates, and ignores garbage", () => {
    const now = Date.parse("Fri, 14 Mar 2025 10:00:00 GMT");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Fri, 14 Mar 2025 10:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Fri, 14 Mar 2025 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("withRetry", () => {
  it("retries retryable failures only, up to maxRetries", async () => {
    let calls = 0;
    const policy = { timeoutMs: 1000, maxRetries: 2, baseDelayMs: 1 };
    await expect(
      withRetry(async () => {
        calls++;
        throw new LlmError("busy", { status: 503 });
      }, policy),
    ).rejects.toThrow("busy");
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw new LlmError("bad request", { status: 400 });
      }, policy),
    ).rejects.toMatchObject({ retryable: false, status: 400 });
    expect(calls).toBe(1);
  });
});

function stream(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

describe("sseData", () => {
  it("joins events split across chunks, skips comments and stops at [DONE]", async () => {
    const events: string[] = [];
    const body = stream(
      ': keep-alive\n\ndata: {"a":',
      "1}\r\n\r\ndata: x\ndata: y\n\n",
      "data: [DONE]\n\ndata: late\n\n",
    );
    for await (const data of sseData(body)) events.push(data);
    expect(events).toEqual(['{"a":1}', "x\ny"]);
  });
});

describe("parseAnswer", () => {
  const known = new Set(["kb-1"]);

  it("accepts JSON wrapped in prose or fences and filters citations", () => {
    const parsed = parseAnswer(
      `Here you go:\n\`\`\`json\n${answerJson({ citations: ["kb-1", "kb-1", "kb-x"] })}\n\`\`\``,
      known,
    );
    expect(parsed).toMatchObject({ ok: true, answer: { citations: ["kb-1"] } });
  });

  it("explains what is wrong", () => {
    expect(parseAnswer("no json", known)).toEqual({ ok: false, error: "no JSON object found" });
    expect(parseAnswer("{oops}", known)).toMatchObject({ ok: false, error: /not valid JSON/ });
    expect(parseAnswer(answerJson({ fix: "restart" }), known)).toMatchObject({
      ok: false,
      error: /^fix: Expected array/,
    });
  });
});

describe("llm config", () => {
  it("takes HF_TOKEN and LOGSAGE_LLM_API_KEY for the provider that uses them", () => {
    const env = { HF_TOKEN: "hf_env", LOGSAGE_LLM_API_KEY: "key_env" };
    expect(loadConfig({ env, cwd: "/nonexistent" }).llm).toEqual({ provider: "none" });
    const hf = loadConfig({ env, cwd: "/nonexistent", flags: { llm: { provider: "hf" } } }).llm;
    expect(hf).toMatchObject({
      provider: "hf",
      token: "hf_env",
      concurrency: 4,
      timeoutMs: 60_000,
    });
    const endpoint = loadConfig({
      env,
      cwd: "/nonexistent",
      flags: { llm: { provider: "endpoint", url: "http://127.0.0.1:1/v1" } },
    }).llm;
    expect(endpoint).toMatchObject({ apiKey: "key_env", maxFindings: 10, cache: true });
  });

  it("still rejects unknown keys and providers", () => {
    const cwd = "/nonexistent";
    const bad = (llm: unknown) => () => loadConfig({ env: {}, cwd, flags: { llm } as ConfigInput });
    expect(bad({ provider: "none", token: "x" })).toThrow(ConfigError);
    expect(bad({ provider: "openai" })).toThrow(ConfigError);
  });
});
