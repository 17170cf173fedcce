/**
 * What an analysis opens: the knowledge base's current snapshot when the embedded store has one
 * (snapshot.ts), read without loading the store's modules (drizzle, the YAML loader) at all; the
 * store itself, through base.ts, only when there is none.
 */
import type { KnowledgeReader, Opened, OpenOptions, StoreConfig } from "./base.js";
import { type Embedding, embeddingWarnings, indexFor, openEmbedding } from "./embed/embedding.js";
import type { KnowledgeIndex } from "./index-port.js";
import type { StoredDocument } from "./model.js";
import { readSnapshot, type SnapshotEntry } from "./snapshot.js";

function snapshotReader(
  entries: readonly SnapshotEntry[],
  index: KnowledgeIndex,
  embedding: Embedding,
): KnowledgeReader {
  const byId = new Map(entries.map((e) => [e.document.id, e.document]));
  return {
    index,
    async documents(ids) {
      const out = new Map<string, StoredDocument>();
      for (const id of ids) {
        const doc = byId.get(id);
        if (doc) out.set(id, doc);
      }
      return out;
    },
    async close() {
      await index.close();
      if (embedding.owned) await embedding.embedder?.close();
    },
  };
}

/** For analyses: the current snapshot of the embedded store if there is one, else the store. */
export async function openKnowledgeReader(
  config: StoreConfig,
  options: OpenOptions = {},
): Promise<Opened<KnowledgeReader>> {
  const embedding = await openEmbedding(config, options.embedder);
  const snapshot =
    config.databaseUrl === undefined
      ? await readSnapshot(config.dataDir, embedding.embedder?.id)
      : undefined;
  if (snapshot && (snapshot.entries.length > 0 || !options.seed)) {
    const { entries, index: image } = snapshot;
    const index = indexFor(embedding);
    if (!(image && index.load(entries, image))) await index.upsert(entries);
    return {
      knowledge: snapshotReader(entries, index, embedding),
      warnings: embeddingWarnings(embedding),
    };
  }
  const { openWith } = await import("./base.js");
  return openWith(config, options, embedding);
}
