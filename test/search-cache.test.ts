/**
 * Remembered searches: a repeated query is answered without searching again, a caller editing a
 * hit cannot change the remembered answer, and neither `clear()` nor a write racing a search
 * leaves a stale answer behind.
 */
import { describe, expect, it } from "vitest";
import { createEmbeddedIndex } from "../src/knowledge/embedded/index.js";
import type { KnowledgeIndex } from "../src/knowledge/index-port.js";
import { createSearchCache } from "../src/knowledge/search-cache.js";
import { stored } from "./helpers/kb-docs.js";

const QUERY = { text: "connection refused upstream port", k: 3 };

function doc(id: string, title: string) {
  const document = stored({ id, title });
  return { document, chunks: [{ documentId: id, ordinal: 0, sectionPath: [], text: title }] };
}

/** The real embedded index, counting the searches that reach it. */
async function counted(): Promise<{ index: KnowledgeIndex; searches: () => number }> {
  const index = createEmbeddedIndex();
  await index.upsert([doc("conn-refused", "Connection refused by upstream port")]);
  let n = 0;
  return {
    index: {
      ...index,
      search: (query) => {
        n++;
        return index.search(query);
      },
    },
    searches: () => n,
  };
}

describe("search cache", () => {
  it("answers a repeated query from memory, with copies callers may edit", async () => {
    const { index, searches } = await counted();
    const cache = createSearchCache(index);
    const first = await cache.index.search(QUERY);
    expect(first.map((h) => h.id)).toEqual(["conn-refused"]);
    const hit = first[0];
    if (hit) hit.chunk.text = "edited by a caller";
    const again = await cache.index.search(QUERY);
    expect(searches()).toBe(1);
    expect(again[0]?.chunk.text).toBe("Connection refused by upstream port");
    await cache.index.search({ ...QUERY, k: 1 });
    expect(searches()).toBe(2);
  });

  it("searches again after clear(), and never remembers a search that a write overtook", async () => {
    const { index, searches } = await counted();
    const cache = createSearchCache(index);
    await cache.index.search(QUERY);
    cache.clear();
    await index.upsert([doc("port-closed", "Upstream port closed, connection refused")]);
    expect((await cache.index.search(QUERY)).map((h) => h.id)).toContain("port-closed");
    expect(searches()).toBe(2);

    const racing = cache.index.search({ ...QUERY, k: 2 });
    cache.clear();
    await racing;
    await cache.index.search({ ...QUERY, k: 2 });
    expect(searches()).toBe(4);
  });
});
