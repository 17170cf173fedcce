/**
 * The audit trail of curated writes (who, what, when, before and after), kept in the store so it
 * outlives what it describes. Knowledge documents are written by the knowledge base right after
 * each write; suppressions and API keys record their own, in the same transaction as the write.
 */
import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { auditLog } from "../db/schema.js";
import type { StoredDocument } from "./model.js";

/** Document writes keep their original, unprefixed names. */
export type DocumentAuditAction = "create" | "update" | "delete";
/** Writes to what sits beside the documents, named `<subject>.<verb>`. */
export const SUBJECT_AUDIT_ACTIONS = [
  "suppression.create",
  "suppression.delete",
  "key.create",
  "key.revoke",
] as const;
export type SubjectAuditAction = (typeof SUBJECT_AUDIT_ACTIONS)[number];
export type AuditAction = DocumentAuditAction | SubjectAuditAction;

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: AuditAction;
  /** Set for document writes only. */
  documentId: string | null;
  /** The document, suppression or key (never its secret) as it was before and after. */
  before: StoredDocument | object | null;
  after: StoredDocument | object | null;
}

export interface AuditFilter {
  documentId?: string;
  limit?: number;
  offset?: number;
}

/** A transaction works as well as the database, so a write and its entry commit together. */
type Writer = Pick<Db, "insert">;

export async function recordAudit(db: Writer, entry: Omit<AuditEntry, "id" | "at">): Promise<void> {
  await db.insert(auditLog).values(entry);
}

/** An entry for a suppression or key write: no document id. */
export function recordSubjectAudit(
  db: Writer,
  entry: { actor: string; action: SubjectAuditAction; before?: object; after?: object },
): Promise<void> {
  return recordAudit(db, {
    actor: entry.actor,
    action: entry.action,
    documentId: null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

/** Newest first. */
export async function listAudit(db: Db, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  const where: SQL | undefined = and(
    filter.documentId === undefined ? undefined : eq(auditLog.documentId, filter.documentId),
  );
  const rows = await db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0);
  return rows.map((row) => ({
    ...row,
    at: row.at.toISOString(),
    // Only this module writes the table, with these shapes.
    action: row.action as AuditAction,
    before: row.before as AuditEntry["before"],
    after: row.after as AuditEntry["after"],
  }));
}
