/**
 * The knowledge model shared by ingest, the store, the index and the explain stage. The `id` a
 * document has in its source file is its id everywhere.
 */
import { z } from "zod";

export const KINDS = ["runbook", "error_code", "incident"] as const;
export type Kind = (typeof KINDS)[number];

/** A document as loaded from a file or written through the API, before it is stored. */
export const KnowledgeDocumentSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, "letters, digits, . _ : - (max 128)"),
    kind: z.enum(KINDS),
    title: z.string().min(1).max(300),
    /** The whole text, Markdown for runbooks; what a reader sees. */
    body: z.string(),
    services: z.array(z.string()).default([]),
    tags: z.array(z.string()).default([]),
    errorCodes: z.array(z.string()).default([]),
    /** Typical log messages: matched against findings with a higher weight than the body. */
    symptoms: z.array(z.string()).default([]),
    /** Runbook "Cause", error code cause, incident root cause. */
    cause: z.string().default(""),
    /** Runbook remediation steps, error code fix, incident resolution. */
    fix: z.array(z.string()).default([]),
    /** Kind-specific fields kept as given (incident date, summary, related ids, error code...). */
    fields: z.record(z.unknown()).default({}),
    /** Where it came from: a file path, or "api" for documents written over HTTP. */
    source: z.string().default("api"),
  })
  .strict();

export type KnowledgeDocument = z.infer<typeof KnowledgeDocumentSchema>;

/** A searchable piece of a document: a section of a long runbook, or the whole of a short one. */
export interface Chunk {
  documentId: string;
  ordinal: number;
  /** Headings from the document root to this section, e.g. ["Remediation"]. */
  sectionPath: string[];
  text: string;
}

/** A document as the store holds it. */
export interface StoredDocument extends KnowledgeDocument {
  contentHash: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}
