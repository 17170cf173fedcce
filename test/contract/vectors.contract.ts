/**
 * The chunk-vector store contract (migration 0004), run on PGlite and PostgreSQL alike: vectors
 * round-trip as float32, are keyed by chunk and embedder, go with their document, and
 * attachVectors embeds only chunks that are new or changed for the embedder in use.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { attachVectors } from "../../src/knowledge/embed/attach.js";
import type { Embedder } from "../../src/knowledge/embed/port.js";
import { ChunkVectorRepository } from "../../src/knowledge/embed/repository.js";
import type { Chunk } from "../../src/knowledge/model.js";
import { DrizzleKnowledgeRepository } from "../../src/knowledge/repository.js";
import { stored } from "../helpers/kb-docs.js";
import { toyEmbedder } from "../helpers/toy-embedding.js";

export interface VectorFixture {
  database: Database;
  cleanup(): Promise<void>;
}

const SETUP_TIMEOUT_MS = 120_000;

function chunksOf(id: string, ...texts: string[]): Chunk[] {
  return texts.map((text, ordinal) => ({ documentId: id, ordinal, sectionPath: [], text }));
}

/** An embedder that counts the texts it was asked for, and can be made to fail. */
async function counting(dimensions = 8, name?: string) {
  const seen: string[] = [];
  let failAfter = Number.POSITIVE_INFINITY;
  const inner = await toyEmbedder(dimensions, { batchSize: 4 });
  const embedder: Embedder = {
    id: name ?? inner.id,
    dimensions,
    async embed(texts) {
      if (seen.length + texts.length > failAfter) {
        const { EmbedError } = await import("../../src/errors.js");
        throw new EmbedError("toy embedder is down", { status: 503 });
      }
      seen.push(...texts);
      return inner.embed(texts);
    },
    close: async () => {},
  };
  return { embedder, seen, failAfter: (n: number) => (failAfter = n) };
}

export function vectorContract(name: string, open: () => Promise<VectorFixture>): void {
  describe(`chunk vectors: ${name}`, () => {
    let fixture: VectorFixture;
    let docs: DrizzleKnowledgeRepository;
    let vectors: ChunkVectorRepository;

    beforeAll(async () => {
      fixture = await open();
      docs = new DrizzleKnowledgeRepository(fixture.database);
      vectors = new ChunkVectorRepository(fixture.database.db);
    }, SETUP_TIMEOUT_MS);
    afterAll(() => fixture.cleanup(), SETUP_TIMEOUT_MS);

    async function addDoc(id: string, ...texts: string[]) {
      const { contentHash, version, createdAt, updatedAt, ...input } = stored({ id, title: id });
      const { document } = await docs.upsert(input, chunksOf(id, ...texts));
      return { document, chunks: chunksOf(id, ...texts) };
    }

    it("stores float32 vectors per chunk and embedder, and reads them back exactly", async () => {
      await addDoc("v-round", "a", "b");
      const v = Float32Array.from([0.5, -0.25, 1e-7, 3.4e38]);
      await vectors.save("e1", [
        { documentId: "v-round", ordinal: 0, textHash: "h0", vector: v },
        { documentId: "v-round", ordinal: 1, textHash: "h1", vector: v.map((x) => -x) },
      ]);
      await vectors.save("e2", [{ documentId: "v-round", ordinal: 0, textHash: "h0", vector: v }]);
      const e1 = await vectors.load("e1", ["v-round"]);
      expect([...(e1.get("v-round")?.get(0)?.vector ?? [])]).toEqual([...v]);
      expect(e1.get("v-round")?.get(1)?.textHash).toBe("h1");
      expect((await vectors.load("e2")).get("v-round")?.size).toBe(1);
      // Saving again replaces.
      await vectors.save("e1", [
        { documentId: "v-round", ordinal: 0, textHash: "h9", vector: v.map(() => 1) },
      ]);
      expect((await vectors.load("e1", ["v-round"])).get("v-round")?.get(0)?.textHash).toBe("h9");
    });

    it("removes a document's vectors with the document, and skips vectors of a vanished one", async () => {
      await addDoc("v-gone", "a");
      const vector = Float32Array.from([1, 0]);
      await vectors.save("e1", [{ documentId: "v-gone", ordinal: 0, textHash: "h", vector }]);
      await docs.remove("v-gone");
      expect((await vectors.load("e1", ["v-gone"])).size).toBe(0);
      await vectors.save("e1", [{ documentId: "v-gone", ordinal: 0, textHash: "h", vector }]);
      expect((await vectors.load("e1", ["v-gone"])).size).toBe(0);
    });

    it("embeds only new or changed chunks, drops those of a shrunk document, and starts over for another embedder", async () => {
      const toy = await counting();
      const first = await addDoc(
        "v-sync",
        "disk full on node",
        "restart the pod",
        "page the owner",
      );
      const a = await attachVectors([first], toy.embedder, vectors);
      expect(a.embedded).toBe(3);
      expect(a.entries[0]?.vectors?.every((v) => v?.length === 8)).toBe(true);

      const again = await attachVectors([first], toy.embedder, vectors);
      expect(again.embedded).toBe(0);
      expect(toy.seen).toHaveLength(3);

      const changed = await addDoc("v-sync", "disk full on node", "drain the node");
      const b = await attachVectors([changed], toy.embedder, vectors);
      expect(b.embedded).toBe(1);
      expect(toy.seen.at(-1)).toBe("drain the node");
      expect(
        [...((await vectors.load(toy.embedder.id, ["v-sync"])).get("v-sync")?.keys() ?? [])].sort(),
      ).toEqual([0, 1]);

      const other = await counting(8, "toy:other-model:8");
      const c = await attachVectors([changed], other.embedder, vectors);
      expect(c.embedded).toBe(2);
      expect((await vectors.load(toy.embedder.id, ["v-sync"])).get("v-sync")?.size).toBe(2);
    });

    it("keeps the batches done before the embedder failed, and reports what is missing", async () => {
      const toy = await counting();
      const texts = Array.from({ length: 300 }, (_, i) => `chunk number ${i}`);
      const entry = await addDoc("v-fail", ...texts);
      toy.failAfter(256);
      const a = await attachVectors([entry], toy.embedder, vectors);
      expect(a.failure?.status).toBe(503);
      expect(a.embedded).toBe(256);
      expect(a.missing).toBe(44);
      expect(a.entries[0]?.vectors?.filter(Boolean)).toHaveLength(256);
      toy.failAfter(Number.POSITIVE_INFINITY);
      const b = await attachVectors([entry], toy.embedder, vectors, "all");
      expect([b.embedded, b.missing, b.failure]).toEqual([44, 0, undefined]);
    });
  });
}
