/** The concurrency limit as the server sees it: never more calls in flight than configured. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { explainWithLlm } from "../../src/llm/index.js";
import { batchAnswerJson, type OpenAiServer, startOpenAiServer } from "../helpers/openai-server.js";
import { endpointConfig, makeInputs } from "./fixtures.js";

let server: OpenAiServer;
beforeEach(async () => {
  server = await startOpenAiServer();
  server.reply = (req) => ({ kind: "content", content: batchAnswerJson(req), delayMs: 100 });
});
afterEach(() => server.close());

describe("concurrency", () => {
  it.each([1, 3])("keeps at most %i calls in flight", async (limit) => {
    const { inputs, fallback } = makeInputs(8);
    // Two findings per call: four calls to run under the limit.
    const config = endpointConfig(server.url, { concurrency: limit, batchSize: 2 });
    const run = await explainWithLlm(inputs, fallback, { config });
    expect(run.stats.calls).toBe(4);
    expect(run.findings.every((f) => f.generatedBy === "llm:test-model")).toBe(true);
    expect(server.maxInFlight).toBe(limit);
  });
});
