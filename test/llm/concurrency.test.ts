/** The concurrency limit as the server sees it: never more calls in flight than configured. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { explainWithLlm } from "../../src/llm/index.js";
import { answerJson, type OpenAiServer, startOpenAiServer } from "../helpers/openai-server.js";
import { endpointConfig, makeInputs } from "./fixtures.js";

let server: OpenAiServer;
beforeEach(async () => {
  server = await startOpenAiServer();
  server.reply = () => ({ kind: "content", content: answerJson(), delayMs: 100 });
});
afterEach(() => server.close());

describe("concurrency", () => {
  it.each([1, 3])("keeps at most %i calls in flight", async (limit) => {
    const { inputs, fallback } = makeInputs(8);
    const config = endpointConfig(server.url, { concurrency: limit });
    const run = await explainWithLlm(inputs, fallback, { config });
    expect(run.stats.calls).toBe(8);
    expect(server.maxInFlight).toBe(limit);
  });
});
