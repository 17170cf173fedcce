/** The hf provider (InferenceClient in endpoint mode) against the same test server. */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config.js";
import { ConfigError } from "../../src/errors.js";
import { createProvider, explainWithLlm } from "../../src/llm/index.js";
import { answerJson } from "../helpers/openai-server.js";
import { useOpenAiServer } from "../helpers/use-openai-server.js";
import { makeInputs } from "./fixtures.js";

const server = useOpenAiServer();

function hfConfig(overrides: Record<string, unknown> = {}) {
  return defaultConfig({
    llm: { provider: "hf", token: "hf_test", endpointUrl: server().url, ...overrides },
  }).llm;
}

describe("hf provider", () => {
  it("defaults to Llama-3-8B-Instruct and sends the model, the token and the messages", async () => {
    const { inputs, fallback } = makeInputs(1);
    const run = await explainWithLlm(inputs, fallback, { config: hfConfig() });
    expect(run.warnings).toEqual([]);
    expect(run.findings[0]?.generatedBy).toBe("llm:meta-llama/Meta-Llama-3-8B-Instruct");
    const request = server().requests[0];
    expect(request?.body.model).toBe("meta-llama/Meta-Llama-3-8B-Instruct");
    expect(request?.headers.authorization).toBe("Bearer hf_test");
    expect(request?.body.messages.map((m) => m.role)).toEqual(["system", "user"]);
  });

  it("streams over SSE", async () => {
    const { inputs, fallback } = makeInputs(1);
    const deltas: string[] = [];
    const run = await explainWithLlm(inputs, fallback, {
      config: hfConfig(),
      onToken: (_id, text) => deltas.push(text),
    });
    expect(server().requests[0]?.body.stream).toBe(true);
    expect(deltas.join("")).toBe(answerJson());
    expect(run.findings[0]?.generatedBy).toMatch(/^llm:/);
  });

  it("retries a 5xx through its status and gives up on a 4xx", async () => {
    const { inputs, fallback } = makeInputs(1);
    server().enqueue({ kind: "status", status: 502 });
    const retried = await explainWithLlm(inputs, fallback, { config: hfConfig() });
    expect(server().requests).toHaveLength(2);
    expect(retried.findings[0]?.generatedBy).toMatch(/^llm:/);

    server().requests.length = 0;
    server().enqueue({ kind: "status", status: 403 });
    const refused = await explainWithLlm(inputs, fallback, { config: hfConfig() });
    expect(server().requests).toHaveLength(1);
    expect(refused.findings[0]).toEqual(fallback[0]);
    expect(refused.warnings).toHaveLength(1);
  });

  it("rejects an unknown inference provider at start-up", async () => {
    await expect(createProvider(hfConfig({ inferenceProvider: "nope" }))).rejects.toThrow(
      ConfigError,
    );
    expect((await createProvider(hfConfig({ inferenceProvider: "together" })))?.name).toBe("hf");
  });
});
