/**
 * The knowledge base as the rest of logsage sees it: the store (source of truth) and the search
 * index rebuilt from it at open. An empty store can be seeded with the bundled kb/.
 */
import { fileURLToPath } from "node:url";
import type { Config } from "../config.js";
import { openDatabase } from "../db/client.js";
import { createEmbeddedIndex } from "./embedded/index.js";
import type { KnowledgeIndex } from "./index-port.js";
import { type IngestSummary, ingest } from "./ingest.js";
import type { StoredDocument } from "./model.js";
import { DrizzleKnowledgeRepository } from "./repository.js";
import type { KnowledgeRepository } from "./repository-port.js";

/** The starter knowledge base shipped with logsage (resolves from src/ and dist/ alike). */
export const BUNDLED_KB = fileURLToPath(new URL("../../kb", import.meta.url));
const PAGE = 500;

export interface KnowledgeBase {
  readonly repository: KnowledgeRepository;
  readonly index: KnowledgeIndex;
  /** Documents by id, for the ids given (missing ones are left out). */
  documents(ids: Iterable<string>): Promise<Map<string, StoredDocument>>;
  ingest(paths: string[], options?: { prune?: boolean }): Promise<IngestSummary>;
  close(): Promise<void>;
}

async function rebuild(repo: KnowledgeRepository, index: KnowledgeIndex): Promise<void> {
  for (let offset = 0; ; offset += PAGE) {
    const page = await repo.list({ limit: PAGE, offset });
    const entries = await Promise.all(
      page.map(async (document) => ({ document, chunks: await repo.chunks(document.id) })),
    );
    await index.upsert(entries);
    if (page.length < PAGE) return;
  }
}

export interface OpenOptions {
  /** Load the bundled kb/ when the store holds no document yet. */
  seed?: boolean;
}

export async function openKnowledgeBase(
  config: Pick<Config, "dataDir" | "databaseUrl">,
  options: OpenOptions = {},
): Promise<{ knowledge: KnowledgeBase; seeded?: IngestSummary }> {
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const repository = new DrizzleKnowledgeRepository(database);
  const index = createEmbeddedIndex();
  try {
    await rebuild(repository, index);
    const knowledge: KnowledgeBase = {
      repository,
      index,
      async documents(ids) {
        const out = new Map<string, StoredDocument>();
        for (const id of new Set(ids)) {
          const doc = await repository.get(id);
          if (doc) out.set(id, doc);
        }
        return out;
      },
      ingest: (paths, ingestOptions) => ingest(repository, index, paths, ingestOptions),
      async close() {
        await index.close();
        await repository.close();
      },
    };
    const empty = options.seed === true && (await repository.count()) === 0;
    const seeded = empty ? await knowledge.ingest([BUNDLED_KB]) : undefined;
    return { knowledge, seeded };
  } catch (err) {
    await repository.close();
    throw err;
  }
}
