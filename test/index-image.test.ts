/**
 * The embedded index's image (src/knowledge/embedded/image.ts): loading it answers every search as
 * indexing the documents again would, it is refused when it does not fit, a reader uses the one in
 * the snapshot, and its format changes whenever what a document indexes to changes.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { chunkDocument } from "../src/ingest/index.js";
import { openKnowledgeBase } from "../src/knowledge/base.js";
import { prepare } from "../src/knowledge/embedded/fields.js";
import { documentImage, IMAGE_FORMAT, type IndexImage } from "../src/knowledge/embedded/image.js";
import { createEmbeddedIndex } from "../src/knowledge/embedded/index.js";
import type { IndexEntry } from "../src/knowledge/index-port.js";
import { KnowledgeDocumentSchema } from "../src/knowledge/model.js";
import { openKnowledgeReader } from "../src/knowledge/reader.js";
import { readSnapshot } from "../src/knowledge/snapshot.js";
import { buildQuery } from "../src/pipeline/retrieve/index.js";
import { type Loaded, loadKb, stored } from "./helpers/kb-docs.js";
import { tempDir } from "./helpers/tmp.js";
import { GOLDEN, goldenFinding, NEGATIVE } from "./retrieve/golden.js";

let kb: Loaded[];
let image: IndexImage;

beforeAll(async () => {
  kb = await loadKb();
  // Through JSON, as the snapshot stores it.
  image = JSON.parse(JSON.stringify(await imageOf(kb))) as IndexImage;
});

const queries = () => [
  ...GOLDEN.map((c) => ({ ...buildQuery(goldenFinding(c)), k: 5 })),
  ...NEGATIVE.map((text) => ({ text, k: 5 })),
  { text: "connection refused", kinds: ["runbook" as const], services: ["postgres"], k: 5 },
];

describe("the embedded index image", () => {
  it("answers every search as the indexed documents do", async () => {
    const built = createEmbeddedIndex();
    await built.upsert(kb);
    const loaded = createEmbeddedIndex();
    expect(loaded.load(kb, image)).toBe(true);
    expect(await loaded.size()).toBe(kb.length);
    for (const query of queries()) {
      expect(await loaded.search(query), query.text).toEqual(await built.search(query));
    }
  });

  it("is refused, leaving the index empty, when it does not fit", async () => {
    const index = createEmbeddedIndex();
    expect(index.load(kb.slice(1), image)).toBe(false);
    expect(index.load([...kb.slice(1), entry("other")], image)).toBe(false);
    expect(index.load(kb, { ...image, format: `${IMAGE_FORMAT}-old` })).toBe(false);
    const garbled = { ...image.search, serializationVersion: 99 };
    expect(index.load(kb, { ...image, search: garbled })).toBe(false);
    expect(await index.size()).toBe(0);
    await index.upsert([entry("other")]);
    expect(index.load(kb, image)).toBe(false);
  });

  it("is what a reader of the snapshot searches", async () => {
    const dataDir = tempDir();
    const { knowledge } = await openKnowledgeBase({ dataDir });
    const widget = KnowledgeDocumentSchema.parse({
      id: "widget-jam",
      kind: "runbook",
      title: "Widget press jammed",
      body: "The press stops with the widget in it.",
      source: "test",
    });
    await knowledge.put(widget, chunkDocument(widget, "markdown"), { actor: "test" });
    await knowledge.close();
    const path = join(dataDir, "knowledge-snapshot.json");
    const file = JSON.parse(readFileSync(path, "utf8"));
    expect(file.index.format).toBe(IMAGE_FORMAT);
    const search = async () => {
      const { knowledge: reader } = await openKnowledgeReader({ dataDir });
      const hits = await reader.index.search({ text: "conveyor belt snapped", k: 1 });
      await reader.close();
      return hits[0]?.id;
    };
    expect(await search()).toBeUndefined();
    // An image of other text under the same id: the reader finds what the image holds.
    const other = await imageOf([entry("widget-jam", "Conveyor belt snapped")]);
    writeFileSync(path, JSON.stringify({ ...file, index: other }));
    expect(await search()).toBe("widget-jam");
    // An image of another format is ignored: the reader indexes the documents themselves.
    writeFileSync(path, JSON.stringify({ ...file, index: { ...other, format: "embedded-0" } }));
    expect(await search()).toBeUndefined();
  });

  it("written after writes, answers as the documents indexed afresh do", async () => {
    const dataDir = tempDir();
    const { knowledge } = await openKnowledgeBase({ dataDir }, { seed: true });
    const [first, second] = kb;
    if (!first || !second) throw new Error("kb/ has fewer than two documents");
    const { contentHash, version, createdAt, updatedAt, ...changed } = first.document;
    const edited = { ...changed, title: `${changed.title} (edited)`, symptoms: ["widget jam"] };
    await knowledge.put(edited, chunkDocument(edited, "markdown"), { actor: "test" });
    await knowledge.remove(second.document.id, { actor: "test" });
    await knowledge.close();
    const snapshot = await readSnapshot(dataDir);
    if (!snapshot?.index) throw new Error("no index image in the snapshot");
    const afresh = createEmbeddedIndex();
    await afresh.upsert(snapshot.entries);
    const { knowledge: reader } = await openKnowledgeReader({ dataDir });
    const widget = await reader.index.search({ text: "widget jam", k: 1 });
    expect(widget[0]?.id).toBe(first.document.id);
    expect(snapshot.entries.some((e) => e.document.id === second.document.id)).toBe(false);
    for (const query of [...queries(), { text: "widget jam", k: 5 }]) {
      expect(await reader.index.search(query), query.text).toEqual(await afresh.search(query));
    }
    await reader.close();
  });

  /**
   * When this fails, tokenize() or prepare() changed what a document indexes to, and images in
   * users' snapshots no longer match: change IMAGE_FORMAT, then the digest here.
   */
  it("changes format whenever what a document indexes to changes", () => {
    const digest = createHash("sha256");
    for (const { document, chunks } of formatProbe()) {
      const { record, ...evidence } = prepare(document, chunks);
      digest.update(JSON.stringify([record, documentImage(document.id, evidence)]));
    }
    expect({ format: IMAGE_FORMAT, digest: digest.digest("hex").slice(0, 16) }).toEqual({
      format: "embedded-1",
      digest: "c26fe447a99445e8",
    });
  });
});

async function imageOf(items: IndexEntry[]): Promise<IndexImage> {
  const index = createEmbeddedIndex();
  await index.upsert(items);
  return index.image();
}

function entry(id: string, title = id): IndexEntry {
  return { document: stored({ id, title }), chunks: [] };
}

/** Documents with what the tokenizer and prepare() treat specially. */
function formatProbe(): IndexEntry[] {
  const document = stored({
    id: "probe",
    title: "SocketTimeoutException in java.net.ConnectException max_connections oom-killer",
    errorCodes: ["ORA-00060", "40P01", "java.lang.OutOfMemoryError", "ENOSPC"],
    symptoms: ['"GET /api HTTP/1.1" 503', "x509: certificate has expired for app-07"],
    tags: ["k8s", "postgres"],
    services: ["checkout-api"],
    cause: "The pool at 0x7f41a4f4 ran out; request u3tyogjajzmj2tndk and 12345 are values.",
    fix: ["Raise max_connections.", "Restart the HTTPServer on port 8080."],
  });
  const chunks = [
    { documentId: "probe", ordinal: 0, sectionPath: ["Symptoms"], text: "ERR-42 and a UUID" },
    {
      documentId: "probe",
      ordinal: 1,
      sectionPath: ["Fix", "Steps"],
      text: "Run `SELECT 1` then 4b1f2c3d-0a1b-4c2d-9e8f-001122334455 should not be a word.",
    },
  ];
  return [{ document, chunks }];
}
