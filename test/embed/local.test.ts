/**
 * The `local` embedder for real: @huggingface/transformers and ONNX Runtime run a model folder
 * written by test/helpers/tiny-model.ts (a hand-encoded one-node ONNX graph and a WordPiece
 * tokenizer), with remote models switched off. Mean pooling over the attention mask and unit
 * length must give the direction of the toy vector of each text.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { openEmbedder } from "../../src/knowledge/embed/open.js";
import type { Embedder } from "../../src/knowledge/embed/port.js";
import { createEmbeddedIndex } from "../../src/knowledge/embedded/index.js";
import { stored } from "../helpers/kb-docs.js";
import { writeTinyModel } from "../helpers/tiny-model.js";
import { tempDir } from "../helpers/tmp.js";
import { toyVector } from "../helpers/toy-embedding.js";

const WORDS = ["disk", "full", "volume", "capacity", "storage", "connection", "refused", "socket"];
const DIMS = 16;
let folder: string;
let embedder: Embedder;

beforeAll(async () => {
  folder = writeTinyModel(tempDir("logsage-tiny-model-"), WORDS, DIMS);
  const config = loadConfig({
    env: {},
    cwd: "/",
    flags: { embed: { provider: "local", model: folder, batchSize: 2 } },
  });
  const opened = await openEmbedder(config.embed);
  if (!opened) throw new Error("expected an embedder");
  embedder = opened;
});
afterAll(() => embedder?.close());

function unit(values: number[]): string[] {
  const norm = Math.sqrt(values.reduce((s, x) => s + x * x, 0));
  return values.map((x) => (x / norm).toFixed(4));
}

describe("local embedder (transformers.js, model folder)", () => {
  it("is named by its folder and learns the vector length from the model", () => {
    expect(embedder.id).toBe(`local:${folder}:${DIMS}`);
    expect(embedder.dimensions).toBe(DIMS);
  });

  it("mean-pools token vectors over the attention mask into unit vectors, batch after batch", async () => {
    // Different lengths in one batch: padding must not count; unknown words add nothing.
    const texts = ["Disk FULL", "connection refused by the socket", "storage", "volume capacity"];
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(4);
    expect([...(vectors[0] ?? [])].map((x) => x.toFixed(4))).toEqual(
      unit(toyVector("disk full", DIMS)),
    );
    expect([...(vectors[1] ?? [])].map((x) => x.toFixed(4))).toEqual(
      unit(toyVector("connection refused socket", DIMS)),
    );
    // Same concepts, no shared word: the same direction.
    expect([...(vectors[3] ?? [])]).toEqual([...(vectors[0] ?? [])]);
  });

  it("lets the embedded index find a paraphrase by meaning", async () => {
    const index = createEmbeddedIndex({ embedder });
    const docs = [
      { id: "volume-capacity", title: "Volume capacity", body: "" },
      { id: "conn-refused", title: "Connection refused", body: "" },
    ];
    await index.upsert(
      await Promise.all(
        docs.map(async (d) => {
          const chunks = [{ documentId: d.id, ordinal: 0, sectionPath: [], text: d.title }];
          return { document: stored(d), chunks, vectors: await embedder.embed([d.title]) };
        }),
      ),
    );
    const hits = await index.search({ text: "disk full", k: 2 });
    expect(hits.map((h) => h.id)).toEqual(["volume-capacity"]);
  });
});
