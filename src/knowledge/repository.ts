/**
 * The knowledge repository on drizzle: one implementation for PGlite and PostgreSQL alike.
 * Every write locks the document's row (SELECT ... FOR UPDATE) inside a transaction, so the
 * version check and the write are one atomic step: of two writers holding the same
 * expectedVersion, exactly one wins and the other gets a VersionConflictError.
 */
import { and, asc, count, eq, type SQL, sql } from "drizzle-orm";
import type { Database, Db } from "../db/client.js";
import { contentHash } from "../db/content-hash.js";
import { chunks as chunkTable, documents } from "../db/schema.js";
import { LogsageError, StoreError, ValidationError, VersionConflictError } from "../errors.js";
import {
  type Chunk,
  type Kind,
  type KnowledgeDocument,
  KnowledgeDocumentSchema,
  type StoredDocument,
} from "./model.js";
import type { KnowledgeRepository, ListFilter, UpsertStatus } from "./repository-port.js";

type Transaction = Parameters<Parameters<Db["transaction"]>[0]>[0];
type DocumentRow = typeof documents.$inferSelect;
type UpsertResult = { status: UpsertStatus; document: StoredDocument };

/** A concurrent insert of the same new id can only make us retry once; more means a bug. */
const MAX_ATTEMPTS = 3;

/**
 * Owns the database it is given: close() closes it. `expectedVersion: 0` means "only if the
 * document does not exist yet"; any other expectedVersion on a missing document is a conflict.
 */
export class DrizzleKnowledgeRepository implements KnowledgeRepository {
  private readonly db: Db;

  constructor(private readonly database: Database) {
    this.db = database.db;
  }

  async upsert(
    input: KnowledgeDocument,
    chunks: Chunk[],
    options: { expectedVersion?: number } = {},
  ): Promise<UpsertResult> {
    const document = validateDocument(input);
    validateChunks(document.id, chunks);
    const hash = contentHash(document);
    return guard("upsert", async () => {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const result = await this.db.transaction((tx) =>
          writeDocument(tx, document, hash, chunks, options.expectedVersion),
        );
        if (result) return result;
      }
      throw new StoreError(`upsert of ${document.id} kept racing with concurrent inserts`);
    });
  }

  get(id: string): Promise<StoredDocument | undefined> {
    return guard("get", async () => {
      const [row] = await this.db.select().from(documents).where(eq(documents.id, id));
      return row ? toStored(row) : undefined;
    });
  }

  async list(filter: ListFilter = {}): Promise<StoredDocument[]> {
    const limit = validatePage("limit", filter.limit);
    const offset = validatePage("offset", filter.offset) ?? 0;
    return guard("list", async () => {
      const query = this.db
        .select()
        .from(documents)
        .where(whereOf(filter))
        // Byte order, so ids sort the same on every server whatever its default collation.
        .orderBy(sql`${documents.id} collate "C"`)
        .offset(offset)
        .$dynamic();
      const rows = await (limit === undefined ? query : query.limit(limit));
      return rows.map(toStored);
    });
  }

  count(filter: Omit<ListFilter, "limit" | "offset"> = {}): Promise<number> {
    return guard("count", async () => {
      const [row] = await this.db.select({ n: count() }).from(documents).where(whereOf(filter));
      return row?.n ?? 0;
    });
  }

  chunks(id: string): Promise<Chunk[]> {
    return guard("chunks", async () => {
      const rows = await this.db
        .select()
        .from(chunkTable)
        .where(eq(chunkTable.documentId, id))
        .orderBy(asc(chunkTable.ordinal));
      return rows;
    });
  }

  remove(id: string, options: { expectedVersion?: number } = {}): Promise<boolean> {
    return guard("remove", () =>
      this.db.transaction(async (tx) => {
        const current = await lockDocument(tx, id);
        if (!current) return false;
        checkVersion(id, current.version, options.expectedVersion);
        // Chunks go with it (ON DELETE CASCADE).
        await tx.delete(documents).where(eq(documents.id, id));
        return true;
      }),
    );
  }

  close(): Promise<void> {
    return this.database.close();
  }
}

/** One attempt at an upsert; undefined when a concurrent insert of the same id got there first. */
async function writeDocument(
  tx: Transaction,
  document: KnowledgeDocument,
  hash: string,
  chunks: Chunk[],
  expectedVersion: number | undefined,
): Promise<UpsertResult | undefined> {
  const current = await lockDocument(tx, document.id);
  if (!current) {
    if (expectedVersion !== undefined && expectedVersion !== 0) {
      throw new VersionConflictError(
        `document ${document.id} does not exist (expected version ${expectedVersion}): someone removed it; reload and try again`,
      );
    }
    // The row lock above cannot cover a row that does not exist yet: a concurrent insert of the
    // same id makes this a no-op, and the caller retries against that writer's row.
    const [row] = await tx
      .insert(documents)
      .values({ ...document, contentHash: hash })
      .onConflictDoNothing()
      .returning();
    if (!row) return undefined;
    await insertChunks(tx, chunks);
    return { status: "added", document: toStored(row) };
  }
  // Same content: nothing to write, even for a stale expectedVersion (a retried write that
  // already landed, or two curators making the same edit, loses nothing).
  if (current.contentHash === hash) return { status: "unchanged", document: toStored(current) };
  checkVersion(document.id, current.version, expectedVersion);
  const [row] = await tx
    .update(documents)
    .set({
      ...document,
      contentHash: hash,
      version: sql`${documents.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(documents.id, document.id))
    .returning();
  if (!row) throw new StoreError(`document ${document.id} vanished while locked`);
  await tx.delete(chunkTable).where(eq(chunkTable.documentId, document.id));
  await insertChunks(tx, chunks);
  return { status: "updated", document: toStored(row) };
}

async function lockDocument(tx: Transaction, id: string): Promise<DocumentRow | undefined> {
  const [row] = await tx.select().from(documents).where(eq(documents.id, id)).for("update");
  return row;
}

function checkVersion(id: string, current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) {
    throw new VersionConflictError(
      `document ${id} is at version ${current}, not ${expected}: someone changed it; reload it and apply your change again`,
    );
  }
}

async function insertChunks(tx: Transaction, chunks: Chunk[]): Promise<void> {
  if (chunks.length > 0) await tx.insert(chunkTable).values(chunks);
}

function whereOf(filter: Omit<ListFilter, "limit" | "offset">): SQL | undefined {
  return and(
    filter.kind === undefined ? undefined : eq(documents.kind, filter.kind),
    filter.service === undefined ? undefined : containsString(documents.services, filter.service),
    filter.tag === undefined ? undefined : containsString(documents.tags, filter.tag),
    filter.sourcePrefix === undefined
      ? undefined
      : sql`starts_with(${documents.source}, ${filter.sourcePrefix})`,
  );
}

/** jsonb containment, served by the column's GIN index. */
function containsString(column: typeof documents.services, value: string): SQL {
  return sql`${column} @> ${JSON.stringify([value])}::jsonb`;
}

function toStored(row: DocumentRow): StoredDocument {
  return {
    ...row,
    // The documents_kind_check constraint keeps this column within KINDS.
    kind: row.kind as Kind,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function validateDocument(input: KnowledgeDocument): KnowledgeDocument {
  const parsed = KnowledgeDocumentSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.join(".") || "(document)";
  throw new ValidationError(`document ${String(input.id)}: ${where}: ${issue?.message}`);
}

function validateChunks(documentId: string, chunks: Chunk[]): void {
  const seen = new Set<number>();
  for (const chunk of chunks) {
    if (chunk.documentId !== documentId) {
      throw new ValidationError(
        `chunk ${chunk.ordinal} belongs to ${chunk.documentId}, not to ${documentId}`,
      );
    }
    if (!Number.isInteger(chunk.ordinal) || seen.has(chunk.ordinal)) {
      throw new ValidationError(
        `document ${documentId}: chunk ordinal ${chunk.ordinal} is not a unique integer`,
      );
    }
    seen.add(chunk.ordinal);
  }
}

function validatePage(name: string, value: number | undefined): number | undefined {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
    throw new ValidationError(`${name} must be a whole number >= 0, got ${value}`);
  }
  return value;
}

/** Our own errors pass through; anything the driver throws becomes a StoreError. */
export async function guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof LogsageError) throw err;
    throw new StoreError(`knowledge store ${operation} failed: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
