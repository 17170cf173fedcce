/**
 * Dense search in the embedded index with the toy embedder: reciprocal rank fusion orders hits,
 * a paraphrase that shares no word with a document is found only with vectors, filters and the
 * similarity floor apply to dense hits, the query is embedded once, and retrieval falls back to
 * words with a warning when the embedder fails.
 */
import { describe, expect, it } from "vitest";
import { EmbedError } from "../../src/errors.js";
import type { Embedder } from "../../src/knowledge/embed/port.js";
import { createEmbeddedIndex, fuse } from "../../src/knowledge/embedded/index.js";
import type { IndexEntry } from "../../src/knowledge/index-port.js";
import type { Chunk } from "../../src/knowledge/model.js";
import { retrieve } from "../../src/pipeline/retrieve/index.js";
import { stored } from "../helpers/kb-docs.js";
import { toyEmbedder } from "../helpers/toy-embedding.js";
import { goldenFinding } from "../retrieve/golden.js";

describe("fuse (reciprocal rank fusion)", () => {
  it("ranks a document found by both rankings above one that tops only one", () => {
    const fused = fuse([
      ["a", "b", "c"],
      ["b", "d", "a"],
    ]);
    expect(fused.map((f) => f.id)).toEqual(["b", "a", "d", "c"]);
    expect(fused[0]?.score).toBeCloseTo(1 / 62 + 1 / 61, 10);
  });

  it("breaks ties by id, so equal evidence always orders the same", () => {
    expect(fuse([["y"], ["x"]]).map((f) => f.id)).toEqual(["x", "y"]);
  });
});

const DOCS = [
  {
    id: "volume-capacity",
    title: "Storage partition ran out of capacity",
    body: "The volume has no capacity left: writes fail until storage is freed.",
  },
  {
    id: "conn-refused",
    title: "Connection refused by upstream",
    body: "The socket was rejected: nothing listens on the port.",
  },
  {
    id: "cert-expired",
    kind: "error_code" as const,
    title: "TLS certificate expired",
    body: "The x509 certificate lapsed; renew it.",
  },
];

async function entries(embedder?: Embedder): Promise<IndexEntry[]> {
  return Promise.all(
    DOCS.map(async (d) => {
      const document = stored(d);
      const chunks: Chunk[] = [
        { documentId: d.id, ordinal: 0, sectionPath: [], text: `${d.title}\n\n${d.body}` },
      ];
      const vectors = embedder ? await embedder.embed(chunks.map((c) => c.text)) : undefined;
      return { document, chunks, vectors };
    }),
  );
}

async function denseIndex(options: { minSimilarity?: number } = {}) {
  const texts: string[] = [];
  const embedder = await toyEmbedder(64, { onRequest: (t) => texts.push(...t) });
  const index = createEmbeddedIndex({ embedder, ...options });
  await index.upsert(await entries(embedder));
  texts.length = 0;
  return { index, texts, embedder };
}

describe("embedded index with an embedder", () => {
  it("finds a paraphrase that word search misses", async () => {
    const lexical = createEmbeddedIndex();
    await lexical.upsert(await entries());
    expect(await lexical.search({ text: "disk full", k: 3 })).toEqual([]);

    const { index } = await denseIndex();
    const hits = await index.search({ text: "disk full", k: 3 });
    expect(hits.map((h) => h.id)).toEqual(["volume-capacity"]);
    expect(hits[0]?.score).toBeGreaterThanOrEqual(0.55);
    expect(hits[0]?.chunk.text).toContain("Storage partition");
  });

  it("embeds the query once per search", async () => {
    const { index, texts } = await denseIndex();
    await index.search({ text: "connection refused", codes: ["ECONNREFUSED"], k: 3 });
    expect(texts).toEqual(["connection refused ECONNREFUSED"]);
  });

  it("fuses both rankings: a document both find leads, and keeps its stronger score", async () => {
    const { index } = await denseIndex({ minSimilarity: 0 });
    const hits = await index.search({ text: "connection refused socket", k: 3 });
    expect(hits[0]?.id).toBe("conn-refused");
    const lexical = createEmbeddedIndex();
    await lexical.upsert(await entries());
    const [wordsOnly] = await lexical.search({ text: "connection refused socket", k: 3 });
    expect(hits[0]?.score).toBeGreaterThanOrEqual(wordsOnly?.score ?? 1);
  });

  it("applies kind filters and the similarity floor to dense hits", async () => {
    const { index } = await denseIndex();
    expect(await index.search({ text: "disk full", k: 3, kinds: ["error_code"] })).toEqual([]);
    const strict = await denseIndex({ minSimilarity: 0.99 });
    expect(await strict.index.search({ text: "disk full", k: 3 })).toEqual([]);
  });

  it("searches by words only when asked, exactly as without an embedder", async () => {
    const { index, texts } = await denseIndex();
    const lexical = createEmbeddedIndex();
    await lexical.upsert(await entries());
    for (const text of ["connection refused", "certificate expired", "disk full"]) {
      expect(await index.search({ text, k: 3, dense: false })).toEqual(
        await lexical.search({ text, k: 3 }),
      );
    }
    expect(texts).toEqual([]);
  });

  it("forgets a removed document's vectors", async () => {
    const { index } = await denseIndex();
    await index.remove(["volume-capacity"]);
    expect(await index.search({ text: "disk full", k: 3 })).toEqual([]);
  });
});

describe("retrieve with a failing embedder", () => {
  it("falls back to words for every finding, with one warning", async () => {
    const working = await toyEmbedder(64);
    let calls = 0;
    // The documents' vectors were made while it worked; every query finds it down.
    const broken: Embedder = {
      ...working,
      async embed() {
        calls++;
        throw new EmbedError("toy embedder is down");
      },
    };
    const index = createEmbeddedIndex({ embedder: broken });
    await index.upsert(await entries(working));
    const findings = [
      goldenFinding({ template: "Connection refused by upstream", sample: "" }, "f1"),
      goldenFinding({ template: "TLS certificate expired", sample: "" }, "f2"),
    ];
    const { hits, warnings } = await retrieve(findings, index, { k: 3, threshold: 0.3 });
    expect(warnings).toEqual(["toy embedder is down; knowledge was retrieved by words only"]);
    expect(calls).toBe(1);
    expect(hits.get("f1")?.[0]?.id).toBe("conn-refused");
    expect(hits.get("f2")?.[0]?.id).toBe("cert-expired");
  });
});
