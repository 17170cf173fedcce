/**
 * Ingest: knowledge files -> store -> index. Idempotent (unchanged content is a no-op by hash);
 * with `prune`, documents whose files vanished from the ingested roots are removed. One bad file
 * never stops the rest: it is listed under `failed`.
 */
import type { IndexEntry, KnowledgeIndex } from "../knowledge/index-port.js";
import type { KnowledgeRepository } from "../knowledge/repository-port.js";
import { isUnderRoot, type LoadedDocument, loadKnowledge } from "./index.js";

export interface IngestSummary {
  added: string[];
  updated: string[];
  unchanged: string[];
  removed: string[];
  failed: { file: string; message: string }[];
}

const PAGE = 500;

/** Ids of every stored document whose source file lies under one of the roots. */
async function storedUnder(repo: KnowledgeRepository, roots: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await repo.list({ limit: PAGE, offset });
    for (const doc of page)
      if (roots.some((root) => isUnderRoot(doc.source, root))) ids.push(doc.id);
    if (page.length < PAGE) return ids;
  }
}

async function store(
  repo: KnowledgeRepository,
  index: KnowledgeIndex,
  loaded: LoadedDocument[],
  summary: IngestSummary,
): Promise<void> {
  const changed: IndexEntry[] = [];
  for (const { document, chunks } of loaded) {
    const result = await repo.upsert(document, chunks);
    summary[result.status].push(document.id);
    if (result.status !== "unchanged") changed.push({ document: result.document, chunks });
  }
  // One upsert for the lot, so an index that embeds chunks can batch its requests.
  await index.upsert(changed);
}

export async function ingest(
  repo: KnowledgeRepository,
  index: KnowledgeIndex,
  paths: string[],
  options: { prune?: boolean } = {},
): Promise<IngestSummary> {
  const { documents, failures } = await loadKnowledge(paths);
  const summary: IngestSummary = {
    added: [],
    updated: [],
    unchanged: [],
    removed: [],
    failed: failures,
  };
  await store(repo, index, documents, summary);
  // A root with failures keeps its documents: a file that failed to parse has not vanished.
  if (options.prune && failures.length === 0) {
    const present = new Set(documents.map((d) => d.document.id));
    const gone = (await storedUnder(repo, paths)).filter((id) => !present.has(id));
    for (const id of gone) if (await repo.remove(id)) summary.removed.push(id);
    await index.remove(gone);
  }
  return summary;
}
