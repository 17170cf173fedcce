/**
 * Several findings per call, against the real test server: one system prompt and one copy of a
 * shared knowledge chunk per call, each entry of the answer validated, repaired or dropped on its
 * own, a batch that would not fit the budget split, answers cached per finding, and a batch
 * answer streamed per finding.
 */
import { describe, expect, it } from "vitest";
import { explainWithLlm, MemoryAnswerCache, SUMMARY_STREAM_ID } from "../../src/llm/index.js";
import { countTokens } from "../../src/llm/tokens.js";
import { answerJson, askedKeys, type RecordedRequest } from "../helpers/openai-server.js";
import { useOpenAiServer } from "../helpers/use-openai-server.js";
import { endpointConfig, makeFinding, makeHit, makeInputs } from "./fixtures.js";

/** A distinct valid answer per key, so each finding can be told which entry it got. */
function perKey(keys: string[], broken: Record<string, string> = {}): string {
  const entries = keys.map((key) =>
    key === "summary"
      ? `"summary": ${JSON.stringify("Timeline:\n- all at once\nLikely chain of causes: db")}`
      : `"${key}": ${broken[key] ?? answerJson({ cause: `cause for ${key}`, citations: ["kb-shared", "kb-2"] })}`,
  );
  return `{${entries.join(", ")}}`;
}

const server = useOpenAiServer((req) => ({ kind: "content", content: perKey(askedKeys(req)) }));

const userOf = (req: RecordedRequest | undefined) => req?.body.messages[1]?.content ?? "";

describe("batched explanations", () => {
  it("explains several findings in one call with one system prompt and shared knowledge once", async () => {
    const shared = makeHit("kb-shared", "Runbook kb-shared: check the connection pool size.");
    const { inputs, fallback } = makeInputs(3, [shared]);
    // The second finding's best document is its own; the shared one is its second hit.
    const second = inputs[1];
    if (second) second.hits = [makeHit("kb-2", "Runbook kb-2: restart the proxy."), shared];
    const run = await explainWithLlm(inputs, fallback, {
      config: endpointConfig(server().url),
      summary: true,
    });
    expect(run.warnings).toEqual([]);
    expect(server().requests).toHaveLength(1);
    const [request] = server().requests;
    expect(request?.body.messages.map((m) => m.role)).toEqual(["system", "user"]);
    const user = userOf(request);
    expect(user.split("check the connection pool size").length - 1).toBe(1);
    expect(user.split("restart the proxy").length - 1).toBe(1);
    for (const key of ["F1", "F2", "F3"]) expect(user).toContain(`\n${key}: error, 12 records`);
    expect(request?.body.max_tokens).toBeGreaterThan(1024);

    // Each finding got its own entry; a citation counts only for the finding it was shown to.
    expect(run.findings.map((f) => f.cause)).toEqual([
      "cause for F1",
      "cause for F2",
      "cause for F3",
    ]);
    expect(run.findings.map((f) => f.knowledge.map((k) => k.id))).toEqual([
      ["kb-shared"],
      ["kb-shared", "kb-2"],
      ["kb-shared"],
    ]);
    expect(run.incidentSummary).toMatch(/^Timeline:\n- all at once/);
    expect(run.stats).toMatchObject({ calls: 1, cached: 0, failed: 0 });
  });

  it("repairs only the invalid entries, in one request, and keeps the valid ones", async () => {
    const { inputs, fallback } = makeInputs(3);
    server().enqueue({
      kind: "content",
      content: perKey(["F1", "F2", "F3"], { F2: answerJson({ fix: "restart it" }) }),
    });
    const run = await explainWithLlm(inputs, fallback, { config: endpointConfig(server().url) });
    expect(server().requests).toHaveLength(2);
    const repair = server().requests[1]?.body.messages ?? [];
    expect(repair.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(repair[3]?.content).toMatch(/^These entries were not valid: F2: fix: Expected array/);
    expect(askedKeys(server().requests[1] as RecordedRequest)).toEqual(["F2"]);
    expect(run.findings.map((f) => f.generatedBy)).toEqual(Array(3).fill("llm:test-model"));
    expect(run.findings[1]?.cause).toBe("cause for F2");
    expect(run.warnings).toEqual([]);
  });

  it("falls back per finding when an entry stays invalid or the answer was cut short", async () => {
    const { inputs, fallback } = makeInputs(3);
    // F1 complete, F2 invalid, F3 cut off by max_tokens.
    const cut = `{"F1": ${answerJson({ cause: "first" })}, "F2": ${answerJson({ confidence: 9 })}, "F3": {"descr`;
    server().enqueue(
      { kind: "content", content: cut },
      {
        kind: "content",
        content: `{"F2": ${answerJson({ confidence: 9 })}, "F3": ${answerJson()}}`,
      },
    );
    const run = await explainWithLlm(inputs, fallback, { config: endpointConfig(server().url) });
    expect(server().requests).toHaveLength(2);
    expect(askedKeys(server().requests[1] as RecordedRequest)).toEqual(["F2", "F3"]);
    expect(run.findings[0]?.cause).toBe("first");
    expect(run.findings[1]).toEqual(fallback[1]);
    expect(run.findings[2]?.generatedBy).toBe("llm:test-model");
    expect(run.stats.failed).toBe(1);
    expect(run.warnings).toEqual([
      expect.stringMatching(
        /^llm: finding F2 kept its knowledge-only answer: invalid answer after a repair request \(confidence:/,
      ),
    ]);
  });

  it("splits a batch that would not fit 8,192 tokens, every call within budget", async () => {
    const words = (n: number, seed: string) =>
      Array.from({ length: n }, (_, i) => `${seed}${i}=${(i * 7919) % 10007}`).join(" ");
    // A batched finding keeps its first sample whole (400 tokens at most): ten of them and their
    // answer reserves exceed the context.
    const inputs = Array.from({ length: 10 }, (_, i) => {
      const finding = makeFinding({
        id: `F${i + 1}`,
        template: `request failed (${i + 1}) <*>`,
        samples: Array.from({ length: 5 }, (_, s) => ({
          line: 100 * i + s,
          text: `ERROR request failed (${i + 1}) ${words(300, `s${i}x${s}`)}`,
        })),
      });
      return { finding, hits: [], documents: new Map() };
    });
    const fallback = inputs.map((input) => input.finding);
    const run = await explainWithLlm(inputs, fallback, {
      config: endpointConfig(server().url),
      summary: true,
    });
    expect(run.warnings).toEqual([]);
    expect(run.findings.every((f) => f.generatedBy === "llm:test-model")).toBe(true);
    const calls = server().requests.filter(
      (r) => !r.body.messages[0]?.content.includes("summarising"),
    );
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.length).toBeLessThan(10);
    // Every finding was sent exactly once.
    const keys = calls.flatMap((r) => askedKeys(r).filter((k) => k !== "summary"));
    expect(keys).toHaveLength(10);
    for (const request of server().requests) {
      const prompt = request.body.messages.reduce((sum, m) => sum + countTokens(m.content) + 8, 8);
      expect(prompt + (request.body.max_tokens ?? 0)).toBeLessThanOrEqual(8192);
    }
    // The findings took several calls, so the summary is a call of its own.
    expect(server().requests.at(-1)?.body.messages[0]?.content).toContain(
      "summarising one incident",
    );
    expect(run.incidentSummary).toBeTruthy();
  });

  it("caches per finding: a new finding beside cached ones is asked about alone", async () => {
    const cache = new MemoryAnswerCache();
    const config = endpointConfig(server().url);
    const { inputs, fallback } = makeInputs(3);
    await explainWithLlm(inputs, fallback, { config, cache });
    expect(server().requests).toHaveLength(1);

    const more = makeInputs(4);
    const run = await explainWithLlm(more.inputs, more.fallback, { config, cache });
    expect(run.stats).toMatchObject({ calls: 1, cached: 3 });
    expect(server().requests).toHaveLength(2);
    const user = userOf(server().requests[1]);
    expect(user).toContain("refused (4)");
    expect(user).not.toContain("refused (1)");
    expect(run.findings.every((f) => f.generatedBy === "llm:test-model")).toBe(true);
  });

  it("streams a batch answer per finding, and the summary as text", async () => {
    const { inputs, fallback } = makeInputs(2);
    const streamed = new Map<string, string>();
    const run = await explainWithLlm(inputs, fallback, {
      config: endpointConfig(server().url),
      summary: true,
      onToken: (id, text) => streamed.set(id, (streamed.get(id) ?? "") + text),
    });
    expect(server().requests[0]?.body.stream).toBe(true);
    expect([...streamed.keys()].sort()).toEqual(["F1", "F2", SUMMARY_STREAM_ID].sort());
    expect(JSON.parse(streamed.get("F2") ?? "")).toMatchObject({ cause: "cause for F2" });
    expect(streamed.get(SUMMARY_STREAM_ID)).toBe(run.incidentSummary);
  });
});
