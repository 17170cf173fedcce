/**
 * The knowledge base as the rest of logsage sees it: the store (source of truth) and the search
 * index rebuilt from it at open. An empty store can be seeded with the bundled kb/. Readers (an
 * analysis, reader.ts) get the index and documents only, from a snapshot when the embedded store
 * has one that is known to be current (see snapshot.ts). With an embedder configured, chunk
 * vectors are computed for what the store holds at open and for every write (see embed/sync.ts).
 */
import { fileURLToPath } from "node:url";
import type { Config } from "../config.js";
import { type Database, openDatabase } from "../db/client.js";
import { type EmbedError, NotFoundError } from "../errors.js";
import { type IngestSummary, ingest } from "../ingest/ingest.js";
import { type AuditAction, recordAudit } from "./audit.js";
import {
  type Embedding,
  embeddingWarnings,
  indexFor,
  openEmbedding,
  snapshotEmbedder,
} from "./embed/embedding.js";
import type { Embedder } from "./embed/port.js";
import { VectorSync } from "./embed/sync.js";
import type { KnowledgeIndex } from "./index-port.js";
import type { Chunk, KnowledgeDocument, StoredDocument } from "./model.js";
import { DrizzleKnowledgeRepository } from "./repository.js";
import type { KnowledgeRepository, UpsertStatus } from "./repository-port.js";
import { createSearchCache } from "./search-cache.js";
import { markDirty, readSnapshot, type SnapshotEntry, writeSnapshot } from "./snapshot.js";

/** The starter knowledge base shipped with logsage (resolves from src/ and dist/ alike). */
export const BUNDLED_KB = fileURLToPath(new URL("../../kb", import.meta.url));
const PAGE = 500;

/** What an analysis needs: search, and the documents behind the hits. */
export interface KnowledgeReader {
  readonly index: KnowledgeIndex;
  /** Documents by id, for the ids given (missing ones are left out). */
  documents(ids: Iterable<string>): Promise<Map<string, StoredDocument>>;
  close(): Promise<void>;
}

/** A curated write: who makes it, and the version they last saw (see KnowledgeRepository). */
export interface WriteOptions {
  actor: string;
  expectedVersion?: number;
}

export interface KnowledgeBase extends KnowledgeReader {
  readonly repository: KnowledgeRepository;
  /** The store's connection, for the tables beside the documents (keys, audit). */
  readonly database: Database;
  ingest(paths: string[], options?: { prune?: boolean }): Promise<IngestSummary>;
  /**
   * Create or replace one document: stored, re-indexed and audited before it returns, so the next
   * analysis uses it. Unchanged content writes nothing and records nothing.
   */
  put(
    document: KnowledgeDocument,
    chunks: Chunk[],
    options: WriteOptions,
  ): Promise<{ status: UpsertStatus; document: StoredDocument }>;
  /** Remove one document (NotFoundError when there is none), un-indexed and audited. */
  remove(id: string, options: WriteOptions): Promise<void>;
}

export type StoreConfig = Pick<Config, "dataDir" | "databaseUrl"> & Partial<Pick<Config, "embed">>;

async function allEntries(repo: KnowledgeRepository): Promise<SnapshotEntry[]> {
  const entries: SnapshotEntry[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await repo.list({ limit: PAGE, offset });
    for (const document of page) entries.push({ document, chunks: await repo.chunks(document.id) });
    if (page.length < PAGE) return entries;
  }
}

export interface OpenOptions {
  /** Load the bundled kb/ when the store holds no document yet. */
  seed?: boolean;
  /** An embedder to use instead of the configured one (null: none); the caller closes it. */
  embedder?: Embedder | null;
}

export interface Opened<T> {
  knowledge: T;
  seeded?: IngestSummary;
  /** What makes search weaker than configured, e.g. an embedder that does not answer. */
  warnings: string[];
}

export async function openKnowledgeBase(
  config: StoreConfig,
  options: OpenOptions = {},
): Promise<Opened<KnowledgeBase>> {
  return openWith(config, options, await openEmbedding(config, options.embedder));
}

/** The store itself (an analysis without a current snapshot, or the service). */
export async function openWith(
  config: StoreConfig,
  options: OpenOptions,
  embedding: Embedding,
): Promise<Opened<KnowledgeBase>> {
  const closeEmbedder = async () => {
    if (embedding.owned) await embedding.embedder?.close();
  };
  const database = await openDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
  }).catch(async (err: unknown) => {
    await closeEmbedder();
    throw err;
  });
  const repository = new DrizzleKnowledgeRepository(database);
  const vectors = new VectorSync(embedding, database.db);
  const warnings = embeddingWarnings(embedding);
  // Only the embedded store is snapshotted: a server may be written by other machines.
  const snapshots = config.databaseUrl === undefined;
  const index = indexFor(embedding);
  // The image is the live index's: it holds exactly the store's documents (every write goes
  // through both), and indexing them all again for it would make every write cost an open.
  const refresh = async () => {
    if (!snapshots) return;
    const entries = await vectors.stored(await allEntries(repository));
    await writeSnapshot(
      config.dataDir,
      { entries, index: index.image() },
      snapshotEmbedder(embedding),
    );
  };
  // Every analysis searches for its findings and reads the documents they cite; a service would
  // otherwise repeat the same few searches and reads on every request. Kept exactly as fresh as the in-process index: both change
  // only through the writes below, which bump the generation so that a read racing a write is
  // never remembered.
  const cached = new Map<string, StoredDocument>();
  const searches = createSearchCache(index);
  let generation = 0;
  const forget = () => {
    generation++;
    cached.clear();
    searches.clear();
  };
  /**
   * Snapshot protocol around every write: dirty before, fresh snapshot after. The write sees an
   * index that attaches vectors first; chunks the embedder failed on are reported after the
   * snapshot, since the documents themselves are stored.
   */
  const write = async <T>(
    run: (index: KnowledgeIndex) => Promise<T>,
  ): Promise<{ result: T; failure?: EmbedError }> => {
    if (snapshots) await markDirty(config.dataDir);
    forget();
    try {
      let failure: EmbedError | undefined;
      const result = await run({
        ...index,
        async upsert(items) {
          const vectored = await vectors.attach(items);
          failure ??= vectored.failure;
          await index.upsert(vectored.entries);
        },
      });
      await refresh();
      return { result, failure };
    } finally {
      forget();
    }
  };
  const strict = async <T>(run: (index: KnowledgeIndex) => Promise<T>): Promise<T> => {
    const { result, failure } = await write(run);
    if (failure) throw failure;
    return result;
  };
  const audit = (
    action: AuditAction,
    actor: string,
    before?: StoredDocument,
    after?: StoredDocument,
  ) =>
    recordAudit(database.db, {
      actor,
      action,
      documentId: (after ?? before)?.id ?? null,
      before: before ?? null,
      after: after ?? null,
    });
  try {
    const opened = await vectors.attach(await allEntries(repository), "all");
    // An embedder that could not be opened is already warned about; these are chunks it failed on.
    if (opened.failure && embedding.embedder) warnings.push(opened.failure.message);
    await index.upsert(opened.entries);
    const knowledge: KnowledgeBase = {
      repository,
      database,
      index: searches.index,
      async documents(ids) {
        const out = new Map<string, StoredDocument>();
        for (const id of new Set(ids)) {
          let doc = cached.get(id);
          if (!doc) {
            const seen = generation;
            doc = await repository.get(id);
            if (doc && seen === generation) cached.set(id, doc);
          }
          if (doc) out.set(id, doc);
        }
        return out;
      },
      ingest: (paths, ingestOptions) =>
        strict((target) => ingest(repository, target, paths, ingestOptions)),
      put: (document, chunks, { actor, expectedVersion }) =>
        strict(async (target) => {
          const before = await repository.get(document.id);
          const result = await repository.upsert(document, chunks, { expectedVersion });
          if (result.status === "unchanged") return result;
          await target.upsert([{ document: result.document, chunks }]);
          await audit(before ? "update" : "create", actor, before, result.document);
          return result;
        }),
      remove: (id, { actor, expectedVersion }) =>
        strict(async (target) => {
          const before = await repository.get(id);
          if (!before || !(await repository.remove(id, { expectedVersion }))) {
            throw new NotFoundError(`no knowledge document with id "${id}"`);
          }
          await target.remove([id]);
          await audit("delete", actor, before);
        }),
      async close() {
        await index.close();
        await repository.close();
        await closeEmbedder();
      },
    };
    const empty = options.seed === true && (await repository.count()) === 0;
    // Seeding is not what the caller asked for: an embedder failure there is only a warning.
    const seeding = empty
      ? await write((target) => ingest(repository, target, [BUNDLED_KB]))
      : undefined;
    if (seeding?.failure && embedding.embedder) warnings.push(seeding.failure.message);
    const stale = async () =>
      opened.embedded > 0 || !(await readSnapshot(config.dataDir, embedding.embedder?.id));
    if (!seeding && snapshots && (await stale())) await refresh();
    return { knowledge, seeded: seeding?.result, warnings };
  } catch (err) {
    await repository.close();
    await closeEmbedder();
    throw err;
  }
}
