/** The small pieces: Retry-After, SSE parsing, answer validation, config from the environment. */
import { describe, expect, it } from "vitest";
import { type ConfigInput, loadConfig } from "../../src/config.js";
import { ConfigError, LlmError } from "../../src/errors.js";
import { parseAnswers } from "../../src/llm/answer.js";
import { JsonEntries } from "../../src/llm/json-entries.js";
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

describe("parseAnswers", () => {
  const known = new Map([["F1", new Set(["kb-1"])]]);

  it("accepts JSON wrapped in prose or fences, keyed or bare for one finding, and filters citations", () => {
    const answer = answerJson({ citations: ["kb-1", "kb-1", "kb-x"] });
    const keyed = parseAnswers(`Here you go:\n\`\`\`json\n{"F1": ${answer}}\n\`\`\``, known);
    expect(keyed.get("F1")).toMatchObject({ ok: true, answer: { citations: ["kb-1"] } });
    expect(parseAnswers(answer, known).get("F1")).toMatchObject({ ok: true });
  });

  it("explains what is wrong, entry by entry", () => {
    const two = new Map([
      ["F1", new Set<string>()],
      ["F2", new Set<string>()],
    ]);
    expect(parseAnswers("no json", known).get("F1")).toEqual({
      ok: false,
      error: "no JSON object found",
    });
    const mixed = parseAnswers(`{"F1": ${answerJson({ fix: "restart" })}, "F3": {}}`, two);
    expect(mixed.get("F1")).toMatchObject({ ok: false, error: /^fix: Expected array/ });
    expect(mixed.get("F2")).toEqual({ ok: false, error: "missing" });
  });
});

describe("JsonEntries", () => {
  it("routes pieces to their keys as they arrive and keeps the entries completed before a cut", () => {
    const text = `ok: {"F1": ${answerJson()}, "summary": "Timeline:\\n- \\"a\\" \\u00e9", "F2": {"cause": "cut sh`;
    const scanner = new JsonEntries();
    const streamed = new Map<string, string>();
    for (let i = 0; i < text.length; i += 7) {
      for (const piece of scanner.feed(text.slice(i, i + 7))) {
        streamed.set(piece.key, (streamed.get(piece.key) ?? "") + piece.text);
      }
    }
    expect(streamed.get("F1")).toBe(answerJson());
    expect(streamed.get("summary")).toBe('Timeline:\n- "a" é');
    expect(streamed.get("F2")).toBe('{"cause": "cut sh');
    expect([...scanner.entries.keys()]).toEqual(["F1", "summary"]);
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
