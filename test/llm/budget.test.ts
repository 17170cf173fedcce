/**
 * The token budget with the real Llama-3 tokenizer: whatever the evidence, no request plus its
 * answer reserve exceeds Llama-3-8B's 8,192 tokens; evidence that does not fit is trimmed, and
 * split into parts sent in sequence when trimming is not enough.
 */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config.js";
import { explainWithLlm } from "../../src/llm/index.js";
import { countTokens } from "../../src/llm/tokens.js";
import { analyze } from "../../src/pipeline/analyze.js";
import { explainWithoutKnowledge } from "../../src/pipeline/explain/index.js";
import { batchAnswerJson, type RecordedRequest } from "../helpers/openai-server.js";
import { useOpenAiServer } from "../helpers/use-openai-server.js";
import { endpointConfig, makeFinding, makeHit } from "./fixtures.js";

const CONTEXT = 8192;

/** Counted independently of the code under test: content, chat-template tokens, answer. */
function requestTokens({ body }: RecordedRequest): number {
  const prompt = body.messages.reduce((sum, m) => sum + countTokens(m.content) + 8, 8);
  return prompt + (body.max_tokens ?? 0);
}

const words = (n: number, seed: string) =>
  Array.from({ length: n }, (_, i) => `${seed}${i} value=${(i * 7919) % 10007}`).join(" ");

const server = useOpenAiServer((req) => ({ kind: "content", content: batchAnswerJson(req) }));

describe("token budget", () => {
  it("splits a huge finding into parts, each within 8,192 tokens with the answer reserve", async () => {
    const samples = Array.from({ length: 40 }, (_, i) => ({
      line: 1000 + i,
      text: `ERROR sample-${i} ${words(1500, "w")}`,
      before: [words(300, "b"), words(300, "c")],
      after: [words(300, "a")],
    }));
    const finding = makeFinding({ template: words(4000, "t"), samples });
    const hits = ["kb-1", "kb-2", "kb-3", "kb-4", "kb-5", "kb-6"].map((id) =>
      makeHit(id, words(2000, id)),
    );
    const input = { finding, hits, documents: new Map() };
    // The first part's answer is long garbage, so the repair turn is exercised at full size too.
    server().enqueue({ kind: "content", content: `not json ${words(600, "g")}` });
    const run = await explainWithLlm([input], [explainWithoutKnowledge(finding)], {
      config: endpointConfig(server().url),
    });
    expect(run.warnings).toEqual([]);
    expect(run.findings[0]?.generatedBy).toBe("llm:test-model");

    const parts = server().requests.filter((r) => r.body.messages.length === 2);
    expect(parts.length).toBeGreaterThan(1);
    for (const request of server().requests)
      expect(requestTokens(request)).toBeLessThanOrEqual(CONTEXT);
    // Every sample reached the model in some part, trimmed rather than dropped.
    const sent = server()
      .requests.map((r) => r.body.messages[1]?.content ?? "")
      .join("\n");
    for (const sample of samples) expect(sent).toContain(`${sample.line}> ERROR sample-`);
    expect(sent).toContain("…[trimmed]");
    expect(parts[0]?.body.messages[1]?.content).toContain(
      `comes in ${parts.length} parts; this is part 1`,
    );
    // Later parts carry the answer so far.
    expect(parts[1]?.body.messages[1]?.content).toContain("Your answer from the earlier parts");
    expect(parts[1]?.body.messages[1]?.content).toContain("The database refused connections.");
  });

  it("keeps normal findings in one request and a 1 MB line from the pipeline within budget", async () => {
    const huge = `2025-03-14T10:00:00Z ERROR payload rejected ${"x".repeat(1_000_000)}`;
    const text = [
      "2025-03-14T09:59:58Z INFO service started",
      huge,
      "2025-03-14T10:00:01Z INFO still running",
    ].join("\n");
    const config = defaultConfig();
    const report = await analyze([{ kind: "text", name: "huge.log", text }], config, {
      detail: "full",
      knowledge: null,
    });
    expect(report.findings.length).toBeGreaterThan(0);
    const inputs = report.findings.map((finding) => ({ finding, hits: [], documents: new Map() }));
    const run = await explainWithLlm(inputs, report.findings, {
      config: endpointConfig(server().url),
    });
    expect(server().requests).toHaveLength(1);
    expect(run.findings.every((f) => f.generatedBy === "llm:test-model")).toBe(true);
    for (const request of server().requests)
      expect(requestTokens(request)).toBeLessThanOrEqual(CONTEXT);
  });
});
