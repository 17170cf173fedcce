/** explainWithLlm against the real test server: answers, streaming, retries, timeouts, repair. */
import { describe, expect, it } from "vitest";
import { explainWithLlm } from "../../src/llm/index.js";
import { answerJson, batchAnswerJson } from "../helpers/openai-server.js";
import { useOpenAiServer } from "../helpers/use-openai-server.js";
import { endpointConfig, makeHit, makeInputs } from "./fixtures.js";

const server = useOpenAiServer((req) => ({ kind: "content", content: batchAnswerJson(req) }));

describe("explainWithLlm with an endpoint", () => {
  it("uses a valid answer and says which model wrote it", async () => {
    const { inputs, fallback } = makeInputs(1, [makeHit("kb-db")]);
    server().enqueue({ kind: "content", content: answerJson({ citations: ["kb-db"] }) });
    const run = await explainWithLlm(inputs, fallback, { config: endpointConfig(server().url) });
    expect(run.warnings).toEqual([]);
    const [finding] = run.findings;
    expect(finding?.generatedBy).toBe("llm:test-model");
    expect(finding?.cause).toBe("The database refused connections.");
    expect(finding?.knowledge.map((k) => k.id)).toEqual(["kb-db"]);
    expect(run.stats).toMatchObject({ calls: 1, cached: 0, failed: 0 });
    expect(run.stats.tokensSent).toBeGreaterThan(100);
    expect(run.stats.tokensReceived).toBeGreaterThan(10);
    const body = server().requests[0]?.body;
    expect(body?.model).toBe("test-model");
    expect(body?.stream).toBe(false);
    expect(body?.messages.map((m) => m.role)).toEqual(["system", "user"]);
  });

  it("streams deltas to onToken over SSE", async () => {
    const { inputs, fallback } = makeInputs(1);
    const deltas: string[] = [];
    const run = await explainWithLlm(inputs, fallback, {
      config: endpointConfig(server().url),
      onToken: (id, text) => {
        expect(id).toBe("F1");
        deltas.push(text);
      },
    });
    expect(server().requests[0]?.body.stream).toBe(true);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe(answerJson());
    expect(run.findings[0]?.generatedBy).toBe("llm:test-model");
  });

  it("retries a 500 and uses the answer that follows", async () => {
    const { inputs, fallback } = makeInputs(1);
    server().enqueue({ kind: "status", status: 500 });
    const run = await explainWithLlm(inputs, fallback, { config: endpointConfig(server().url) });
    expect(server().requests).toHaveLength(2);
    expect(run.warnings).toEqual([]);
    expect(run.findings[0]?.generatedBy).toBe("llm:test-model");
  });

  it("waits as long as a 429's Retry-After says before retrying", async () => {
    const { inputs, fallback } = makeInputs(1);
    server().enqueue({ kind: "status", status: 429, headers: { "retry-after": "1" } });
    const run = await explainWithLlm(inputs, fallback, { config: endpointConfig(server().url) });
    const [first, second] = server().requests;
    expect(second && first && second.at - first.at).toBeGreaterThanOrEqual(950);
    expect(run.findings[0]?.generatedBy).toBe("llm:test-model");
  });

  it("does not retry other 4xx answers", async () => {
    const { inputs, fallback } = makeInputs(1);
    server().enqueue({ kind: "status", status: 401, body: '{"error":"bad key"}' });
    const run = await explainWithLlm(inputs, fallback, { config: endpointConfig(server().url) });
    expect(server().requests).toHaveLength(1);
    expect(run.findings[0]).toEqual(fallback[0]);
    expect(run.warnings[0]).toMatch(/^llm: finding F1 kept its knowledge-only answer: .*HTTP 401/);
  });

  it("points at the /v1 base when the server answers 404", async () => {
    const { inputs, fallback } = makeInputs(1);
    const run = await explainWithLlm(inputs, fallback, {
      config: endpointConfig(server().url.replace(/\/v1$/, "")),
    });
    expect(server().requests).toHaveLength(0);
    expect(run.warnings[0]).toMatch(/HTTP 404.*ending in \/v1/);
  });

  it("aborts a call that hangs past the timeout and retries it", async () => {
    const { inputs, fallback } = makeInputs(1);
    server().enqueue({ kind: "hang" });
    const config = endpointConfig(server().url, { timeoutMs: 300 });
    const run = await explainWithLlm(inputs, fallback, { config });
    expect(server().requests).toHaveLength(2);
    expect(run.findings[0]?.generatedBy).toBe("llm:test-model");
  });

  it("sends a repair request after a non-JSON answer and uses the repaired one", async () => {
    const { inputs, fallback } = makeInputs(1);
    server().enqueue({ kind: "content", content: "Sure! The database is down." });
    const run = await explainWithLlm(inputs, fallback, { config: endpointConfig(server().url) });
    expect(server().requests).toHaveLength(2);
    const repair = server().requests[1]?.body.messages ?? [];
    expect(repair.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(repair[2]?.content).toBe("Sure! The database is down.");
    expect(repair[3]?.content).toMatch(/not valid: F1: no JSON object found/);
    expect(run.findings[0]?.generatedBy).toBe("llm:test-model");
    expect(run.stats.calls).toBe(2);
  });

  it("falls back when the repaired answer is still invalid", async () => {
    const { inputs, fallback } = makeInputs(1);
    server().reply = () => ({ kind: "content", content: answerJson({ confidence: 7 }) });
    const run = await explainWithLlm(inputs, fallback, { config: endpointConfig(server().url) });
    expect(server().requests).toHaveLength(2);
    expect(run.findings[0]).toEqual(fallback[0]);
    expect(run.warnings[0]).toMatch(/invalid answer after a repair request \(confidence:/);
  });

  it("drops citations of ids that were not given, keeping the retrieved knowledge", async () => {
    const { inputs, fallback } = makeInputs(1, [makeHit("kb-a"), makeHit("kb-b")]);
    server().enqueue({
      kind: "content",
      content: answerJson({ citations: ["kb-made-up", "kb-b", "../../etc/passwd"] }),
    });
    const run = await explainWithLlm(inputs, fallback, { config: endpointConfig(server().url) });
    expect(run.findings[0]?.knowledge.map((k) => k.id)).toEqual(["kb-b"]);
    server().enqueue({ kind: "content", content: answerJson({ citations: ["kb-made-up"] }) });
    const again = await explainWithLlm(inputs, fallback, { config: endpointConfig(server().url) });
    expect(again.findings[0]?.knowledge.map((k) => k.id)).toEqual(["kb-a", "kb-b"]);
  });

  it("keeps the fallback and warns once per finding when the server keeps failing", async () => {
    const { inputs, fallback } = makeInputs(2);
    server().reply = () => ({ kind: "status", status: 503 });
    const config = endpointConfig(server().url, { maxRetries: 1 });
    const run = await explainWithLlm(inputs, fallback, { config, summary: true });
    expect(run.findings).toEqual(fallback);
    expect(run.stats.failed).toBe(2);
    expect(run.warnings.filter((w) => w.startsWith("llm: finding"))).toHaveLength(2);
    expect(run.warnings.at(-1)).toMatch(/^llm: no incident summary: .*HTTP 503/);
    // One call for both findings and one for the summary, each tried twice.
    expect(server().requests).toHaveLength(2 + 2);
  });

  it("sends only the first maxFindings findings and summarises the incident", async () => {
    const { inputs, fallback } = makeInputs(3);
    const config = endpointConfig(server().url, { maxFindings: 2 });
    const run = await explainWithLlm(inputs, fallback, { config, summary: true });
    expect(run.findings.map((f) => f.generatedBy)).toEqual([
      "llm:test-model",
      "llm:test-model",
      "knowledge",
    ]);
    expect(run.warnings).toEqual([expect.stringMatching(/first 2 of 3 findings/)]);
    // Both findings fit one call, which writes the summary too.
    expect(server().requests).toHaveLength(1);
    expect(server().requests[0]?.body.messages[1]?.content).not.toContain("(3)");
    expect(run.incidentSummary).toMatch(/^Timeline:/);
  });

  it("asks for the summary on its own, over every finding, when the findings took several calls", async () => {
    const { inputs, fallback } = makeInputs(3);
    server().reply = (req) =>
      req.body.messages[0]?.content.includes("summarising one incident")
        ? { kind: "content", content: "Timeline:\n- db refused\nLikely chain of causes: db down" }
        : { kind: "content", content: batchAnswerJson(req) };
    const config = endpointConfig(server().url, { maxFindings: 2, batchSize: 1 });
    const run = await explainWithLlm(inputs, fallback, { config, summary: true });
    expect(server().requests).toHaveLength(3);
    expect(run.incidentSummary).toMatch(/^Timeline:\n- db refused/);
    expect(server().requests.at(-1)?.body.messages[1]?.content).toContain("[error] F3");
  });

  it("makes no call with provider none", async () => {
    const { inputs, fallback } = makeInputs(1);
    const run = await explainWithLlm(inputs, fallback, { config: { provider: "none" } });
    expect(run.findings).toBe(fallback);
    expect(server().requests).toHaveLength(0);
  });
});
