/**
 * Remembered search results. A service sees the same few problems over and over, and each one
 * costs a BM25 search (and, with an embedder, an embedding call) that gives the same answer until
 * the knowledge changes. The owner calls `clear()` around every write; a search that was running
 * while a write happened is answered but never remembered.
 */
import type { KnowledgeIndex, SearchHit, SearchQuery } from "./index-port.js";

/** Distinct queries remembered before the memory starts over (a few MB at most). */
const LIMIT = 2_000;

export interface SearchCache {
  /** The index with `search` remembered; everything else passes through. */
  readonly index: KnowledgeIndex;
  clear(): void;
}

/** Hits are handed out as copies, so a caller that edits one cannot change a remembered answer. */
function copies(hits: readonly SearchHit[]): SearchHit[] {
  return hits.map((hit) => ({ ...hit, chunk: { ...hit.chunk } }));
}

export function createSearchCache(index: KnowledgeIndex): SearchCache {
  const remembered = new Map<string, SearchHit[]>();
  let generation = 0;
  const search = async (query: SearchQuery): Promise<SearchHit[]> => {
    const key = JSON.stringify(query);
    const known = remembered.get(key);
    if (known) return copies(known);
    const seen = generation;
    const found = await index.search(query);
    if (seen === generation) {
      if (remembered.size >= LIMIT) remembered.clear();
      remembered.set(key, copies(found));
    }
    return found;
  };
  return {
    index: {
      upsert: (entries) => index.upsert(entries),
      remove: (ids) => index.remove(ids),
      search,
      size: () => index.size(),
      close: () => index.close(),
    },
    clear() {
      generation++;
      remembered.clear();
    },
  };
}
