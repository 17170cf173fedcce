/**
 * The audit trail of knowledge writes (who, what, when, before and after), kept in the store so it
 * outlives the documents it describes. Written by the knowledge base right after each write.
 */
import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { auditLog } from "../db/schema.js";
import type { StoredDocument } from "./model.js";

export type AuditAction = "create" | "update" | "delete";

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: AuditAction;
  documentId: string | null;
  before: StoredDocument | null;
  after: StoredDocument | null;
}

export interface AuditFilter {
  documentId?: string;
  limit?: number;
  offset?: number;
}

export async function recordAudit(db: Db, entry: Omit<AuditEntry, "id" | "at">): Promise<void> {
  await db.insert(auditLog).values(entry);
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
    before: row.before as StoredDocument | null,
    after: row.after as StoredDocument | null,
  }));
}
