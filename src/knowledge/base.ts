/**
 * The knowledge base as the rest of logsage sees it: the store (source of truth) and the search
 * index rebuilt from it at open. An empty store can be seeded with the bundled kb/. Readers (an
 * analysis) get the index and documents only, from a snapshot when the embedded store has one
 * that is known to be current (see snapshot.ts).
 */
import { fileURLToPath } from "node:url";
import type { Config } from "../config.js";
import { type Database, openDatabase } from "../db/client.js";
import { NotFoundError } from "../errors.js";
import { type IngestSummary, ingest } from "../ingest/ingest.js";
import { type AuditAction, recordAudit } from "./audit.js";
import { createEmbeddedIndex } from "./embedded/index.js";
import type { KnowledgeIndex } from "./index-port.js";
import type { Chunk, KnowledgeDocument, StoredDocument } from "./model.js";
import { DrizzleKnowledgeRepository } from "./repository.js";
import type { KnowledgeRepository, UpsertStatus } from "./repository-port.js";
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

type StoreConfig = Pick<Config, "dataDir" | "databaseUrl">;

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
}

export interface Opened<T> {
  knowledge: T;
  seeded?: IngestSummary;
}

export async function openKnowledgeBase(
  config: StoreConfig,
  options: OpenOptions = {},
): Promise<Opened<KnowledgeBase>> {
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const repository = new DrizzleKnowledgeRepository(database);
  // Only the embedded store is snapshotted: a server may be written by other machines.
  const snapshots = config.databaseUrl === undefined;
  const refresh = async () => {
    if (snapshots) await writeSnapshot(config.dataDir, await allEntries(repository));
  };
  const index = createEmbeddedIndex();
  // Every analysis reads the documents its findings cite; a service would otherwise ask the store
  // for the same few on every request. Kept exactly as fresh as the in-process index: both change
  // only through the writes below, which bump the generation so that a read racing a write is
  // never remembered.
  const cached = new Map<string, StoredDocument>();
  let generation = 0;
  const forget = () => {
    generation++;
    cached.clear();
  };
  /** Snapshot protocol around every write: dirty before, fresh snapshot after. */
  const write = async <T>(run: () => Promise<T>): Promise<T> => {
    if (snapshots) await markDirty(config.dataDir);
    forget();
    try {
      const result = await run();
      await refresh();
      return result;
    } finally {
      forget();
    }
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
    await index.upsert(await allEntries(repository));
    const knowledge: KnowledgeBase = {
      repository,
      database,
      index,
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
        write(() => ingest(repository, index, paths, ingestOptions)),
      put: (document, chunks, { actor, expectedVersion }) =>
        write(async () => {
          const before = await repository.get(document.id);
          const result = await repository.upsert(document, chunks, { expectedVersion });
          if (result.status === "unchanged") return result;
          await index.upsert([{ document: result.document, chunks }]);
          await audit(before ? "update" : "create", actor, before, result.document);
          return result;
        }),
      remove: (id, { actor, expectedVersion }) =>
        write(async () => {
          const before = await repository.get(id);
          if (!before || !(await repository.remove(id, { expectedVersion }))) {
            throw new NotFoundError(`no knowledge document with id "${id}"`);
          }
          await index.remove([id]);
          await audit("delete", actor, before);
        }),
      async close() {
        await index.close();
        await repository.close();
      },
    };
    const empty = options.seed === true && (await repository.count()) === 0;
    const seeded = empty ? await knowledge.ingest([BUNDLED_KB]) : undefined;
    if (!seeded && snapshots && !(await readSnapshot(config.dataDir))) await refresh();
    return { knowledge, seeded };
  } catch (err) {
    await repository.close();
    throw err;
  }
}

function snapshotReader(entries: SnapshotEntry[], index: KnowledgeIndex): KnowledgeReader {
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
    close: () => index.close(),
  };
}

/** For analyses: the current snapshot of the embedded store if there is one, else the store. */
export async function openKnowledgeReader(
  config: StoreConfig,
  options: OpenOptions = {},
): Promise<Opened<KnowledgeReader>> {
  const entries = config.databaseUrl === undefined ? await readSnapshot(config.dataDir) : undefined;
  if (entries && (entries.length > 0 || !options.seed)) {
    const index = createEmbeddedIndex();
    await index.upsert(entries);
    return { knowledge: snapshotReader(entries, index) };
  }
  return openKnowledgeBase(config, options);
}
