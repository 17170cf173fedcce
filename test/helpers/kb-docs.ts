/**
 * Knowledge fixtures for retrieval tests and the retrieval benchmark: the starter kb/ loaded with
 * the real loader, as the index receives documents from the store, and a builder for small
 * hand-written documents.
 */
import { loadKnowledge } from "../../src/ingest/index.js";
import type { Chunk, KnowledgeDocument, StoredDocument } from "../../src/knowledge/model.js";

export interface Loaded {
  document: StoredDocument;
  chunks: Chunk[];
}

/** A stored document with defaults for everything the caller leaves out. */
export function stored(
  doc: Partial<KnowledgeDocument> & Pick<KnowledgeDocument, "id">,
): StoredDocument {
  return {
    kind: "runbook",
    title: doc.id,
    body: "",
    services: [],
    tags: [],
    errorCodes: [],
    symptoms: [],
    cause: "",
    fix: [],
    fields: {},
    source: "test",
    contentHash: "",
    version: 1,
    createdAt: "2025-01-01T00:00:00Z",
    updatedAt: "2025-01-01T00:00:00Z",
    ...doc,
  };
}

/** Every document under `root`; a load failure is a broken fixture, so it throws. */
export async function loadKb(root = "kb"): Promise<Loaded[]> {
  const { documents, failures } = await loadKnowledge([root]);
  if (failures.length > 0) throw new Error(failures.map((f) => f.message).join("\n"));
  return documents.map(({ document, chunks }) => ({ document: stored(document), chunks }));
}
