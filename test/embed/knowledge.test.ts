/**
 * Embedding through the knowledge base, with the `endpoint` embedder on a real local server:
 * ingest stores vectors, the snapshot carries them to analyses, an embedder that fails leaves the
 * documents stored (and the next open computes what is missing), and a change of embedder makes
 * every vector again.
 */
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type Config, loadConfig } from "../../src/config.js";
import { EmbedError } from "../../src/errors.js";
import { openKnowledgeBase } from "../../src/knowledge/base.js";
import { openKnowledgeReader } from "../../src/knowledge/reader.js";
import { readSnapshot } from "../../src/knowledge/snapshot.js";
import { useEmbedServer } from "../helpers/embed-server.js";
import { tempDir } from "../helpers/tmp.js";
import { writeParaphraseKb } from "../helpers/toy-embedding.js";

const server = useEmbedServer(32);

const root = tempDir("logsage-embed-kb-");
const kbDir = join(root, "kb");
writeParaphraseKb(kbDir);

function config(dataDir: string, model = "toy-a"): Config {
  return loadConfig({
    env: {},
    cwd: "/",
    flags: { dataDir, embed: { provider: "endpoint", url: server().url, model, batchSize: 3 } },
  });
}

const embeddedTexts = () => server().requests.flatMap((r) => r.texts);

async function vectorRows(dataDir: string, model = "toy-a") {
  const { knowledge } = await openKnowledgeBase({ dataDir, embed: { provider: "none" } });
  const rows = await knowledge.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from chunk_vectors where embedder = ${`endpoint:${model}:32`}`,
  );
  await knowledge.close();
  return rows.rows[0]?.n;
}

describe("knowledge base with an embedder", () => {
  it("embeds chunks on ingest, in batches, and analyses read the vectors from the snapshot", async () => {
    const dataDir = join(root, "ingest");
    const { knowledge } = await openKnowledgeBase(config(dataDir));
    const summary = await knowledge.ingest([kbDir]);
    expect(summary.added.sort()).toEqual(["conn-refused", "volume-capacity"]);
    const chunkTexts = embeddedTexts().slice(1); // after the probe
    expect(chunkTexts.length).toBeGreaterThanOrEqual(4);
    expect(
      server()
        .requests.slice(1)
        .every((r) => r.texts.length <= 3),
    ).toBe(true);
    // Unchanged documents cost no request.
    server().requests.length = 0;
    await knowledge.ingest([kbDir]);
    expect(server().requests).toEqual([]);
    await knowledge.close();

    expect(await readSnapshot(dataDir, "endpoint:toy-a:32")).toBeDefined();
    server().requests.length = 0;
    const { knowledge: reader, warnings } = await openKnowledgeReader(config(dataDir));
    expect(warnings).toEqual([]);
    expect("repository" in reader).toBe(false);
    const hits = await reader.index.search({ text: "disk full", k: 3 });
    expect(hits[0]?.id).toBe("volume-capacity");
    // The probe, then the query: no chunk is embedded again.
    expect(embeddedTexts()).toHaveLength(2);
    await reader.close();
  });

  it("stores the documents when the embedder fails, says so, and computes the vectors on the next open", async () => {
    const dataDir = join(root, "failing");
    const { knowledge } = await openKnowledgeBase(config(dataDir));
    server().failWith = { status: 503 };
    const ingesting = knowledge.ingest([kbDir]);
    await expect(ingesting).rejects.toBeInstanceOf(EmbedError);
    await expect(ingesting).rejects.toThrow(/stored and searchable by words, but \d+ chunk vector/);
    expect(await knowledge.repository.count()).toBe(2);
    const words = await knowledge.index.search({ text: "connection refused", k: 3 });
    expect(words[0]?.id).toBe("conn-refused");
    await knowledge.close();

    server().failWith = undefined;
    const reopened = await openKnowledgeBase(config(dataDir));
    expect(reopened.warnings).toEqual([]);
    const hits = await reopened.knowledge.index.search({ text: "disk full", k: 3 });
    expect(hits[0]?.id).toBe("volume-capacity");
    await reopened.knowledge.close();
    // The snapshot was refreshed with the vectors computed at open.
    expect(await readSnapshot(dataDir, "endpoint:toy-a:32")).toBeDefined();
  });

  it("opens with a warning, searching by words, when the embedder does not answer at all", async () => {
    const dataDir = join(root, "down");
    server().failWith = { status: 500 };
    const { knowledge, warnings } = await openKnowledgeReader(config(dataDir));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/embedder endpoint:toy-a .*500.*by words only/);
    await knowledge.close();
  });

  it("embeds everything again when the embedder changes, and keeps both sets", async () => {
    const dataDir = join(root, "change");
    const first = await openKnowledgeBase(config(dataDir, "toy-a"));
    await first.knowledge.ingest([kbDir]);
    await first.knowledge.close();
    const chunks = embeddedTexts().length - 1;

    server().requests.length = 0;
    // A reader with another embedder cannot use the snapshot: it opens the store, which embeds.
    const reader = await openKnowledgeReader(config(dataDir, "toy-b"));
    expect("repository" in reader.knowledge).toBe(true);
    expect(embeddedTexts().length - 1).toBe(chunks);
    await reader.knowledge.close();
    expect(await vectorRows(dataDir, "toy-a")).toBe(chunks);
    expect(await vectorRows(dataDir, "toy-b")).toBe(chunks);
  });
});
