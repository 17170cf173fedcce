/** The answer cache: an unchanged re-run makes no call, noCache forces one, and the store keeps answers. */
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { DbAnswerCache } from "../../src/llm/db-cache.js";
import { explainWithLlm, MemoryAnswerCache } from "../../src/llm/index.js";
import { batchAnswerJson } from "../helpers/openai-server.js";
import { tempDir } from "../helpers/tmp.js";
import { useOpenAiServer } from "../helpers/use-openai-server.js";
import { endpointConfig, makeHit, makeInputs } from "./fixtures.js";

const server = useOpenAiServer((req) =>
  req.body.messages[0]?.content.includes("summarising one incident")
    ? { kind: "content", content: "Timeline:\n- F1 then F2" }
    : { kind: "content", content: batchAnswerJson(req, { citations: ["kb-db"] }) },
);

describe("answer cache", () => {
  it("makes no call on an unchanged re-run; noCache forces the calls", async () => {
    const cache = new MemoryAnswerCache();
    const { inputs, fallback } = makeInputs(2, [makeHit("kb-db")]);
    const config = endpointConfig(server().url);
    // Both findings and the summary in one call.
    const first = await explainWithLlm(inputs, fallback, { config, cache, summary: true });
    expect(first.stats).toMatchObject({ calls: 1, cached: 0 });
    expect(first.incidentSummary).toMatch(/^Timeline:/);

    const second = await explainWithLlm(inputs, fallback, { config, cache, summary: true });
    expect(second.stats).toMatchObject({ calls: 0, cached: 3, tokensSent: 0 });
    expect(second.findings).toEqual(first.findings);
    expect(second.incidentSummary).toBe(first.incidentSummary);
    expect(server().requests).toHaveLength(1);

    const forced = await explainWithLlm(inputs, fallback, { config, cache, noCache: true });
    expect(forced.stats).toMatchObject({ calls: 1, cached: 0 });
  });

  it("misses when the evidence or the knowledge changes, and when config turns it off", async () => {
    const cache = new MemoryAnswerCache();
    const config = endpointConfig(server().url);
    const { inputs, fallback } = makeInputs(1, [makeHit("kb-db")]);
    await explainWithLlm(inputs, fallback, { config, cache });
    const other = makeInputs(1, [makeHit("kb-other")]);
    const changed = await explainWithLlm(other.inputs, other.fallback, { config, cache });
    expect(changed.stats.calls).toBe(1);
    const off = endpointConfig(server().url, { cache: false });
    expect((await explainWithLlm(inputs, fallback, { config: off, cache })).stats.calls).toBe(1);
  });

  it("treats a corrupt cached value as a miss", async () => {
    const cache = new MemoryAnswerCache();
    const config = endpointConfig(server().url);
    const { inputs, fallback } = makeInputs(1);
    await explainWithLlm(inputs, fallback, { config, cache });
    for (const key of cache.entries.keys()) cache.entries.set(key, { description: 42 });
    const run = await explainWithLlm(inputs, fallback, { config, cache });
    expect(run.stats).toMatchObject({ calls: 1, cached: 0 });
    expect(run.findings[0]?.generatedBy).toBe("llm:test-model");
  });

  it("keeps answers in the store's llm_cache table across runs", async () => {
    const dataDir = tempDir();
    const config = endpointConfig(server().url);
    const { inputs, fallback } = makeInputs(1, [makeHit("kb-db")]);
    const db1 = await openDatabase({ dataDir });
    const first = await explainWithLlm(inputs, fallback, {
      config,
      cache: new DbAnswerCache(db1.db),
    });
    await db1.close();
    const db2 = await openDatabase({ dataDir });
    try {
      const cache = new DbAnswerCache(db2.db);
      const second = await explainWithLlm(inputs, fallback, { config, cache });
      expect(second.stats).toMatchObject({ calls: 0, cached: 1 });
      expect(second.findings).toEqual(first.findings);
      // A forced run overwrites the stored row instead of failing on the primary key.
      await explainWithLlm(inputs, fallback, { config, cache, noCache: true });
    } finally {
      await db2.close();
    }
  });
});
