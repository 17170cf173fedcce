/**
 * Retrieval against the real starter kb/: golden findings must find the document that explains
 * them, ordinary text must find nothing above the threshold, and the embedded index must honour
 * filters and follow upserts and removals.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createEmbeddedIndex } from "../src/knowledge/embedded/index.js";
import type { KnowledgeIndex } from "../src/knowledge/index-port.js";
import { buildQuery, DEFAULT_RETRIEVE_OPTIONS, retrieve } from "../src/pipeline/retrieve/index.js";
import { loadKb, stored } from "./helpers/kb-docs.js";
import { GOLDEN, goldenFinding, NEGATIVE } from "./retrieve/golden.js";

let index: KnowledgeIndex;

beforeAll(async () => {
  index = createEmbeddedIndex();
  await index.upsert(await loadKb());
});

async function rankOf(c: (typeof GOLDEN)[number]): Promise<number> {
  const hits = await index.search({ ...buildQuery(goldenFinding(c)), k: 3 });
  return hits.findIndex((hit) => c.expect.includes(hit.id));
}

describe("golden retrieval on kb/", () => {
  it("indexes every starter document", async () => {
    expect(await index.size()).toBe(134);
  });

  it.each(GOLDEN.map((c) => [c.template.slice(0, 60), c] as const))("%s", async (_, c) => {
    const rank = await rankOf(c);
    expect(rank, `expected ${c.expect.join(" or ")} in the top 3`).toBeGreaterThanOrEqual(0);
    if (c.top1) expect(rank, `expected ${c.expect.join(" or ")} first`).toBe(0);
  });

  it("keeps hit@1 at 90% or more over all golden cases", async () => {
    const ranks = await Promise.all(GOLDEN.map(rankOf));
    expect(ranks.filter((r) => r === 0).length / GOLDEN.length).toBeGreaterThanOrEqual(0.9);
  });

  it.each(NEGATIVE)("finds no knowledge for ordinary text: %s", async (text) => {
    const finding = goldenFinding({ template: text, sample: text });
    const { hits: result } = await retrieve([finding], index, DEFAULT_RETRIEVE_OPTIONS);
    expect(result.get("f1")).toEqual([]);
  });
});

describe("retrieve", () => {
  it("answers per finding with scores in 0..1 above the threshold, best chunk attached", async () => {
    const findings = GOLDEN.slice(0, 3).map((c, i) => goldenFinding(c, `f${i}`));
    const { hits: result, warnings } = await retrieve(findings, index, { k: 2, threshold: 0.5 });
    expect(warnings).toEqual([]);
    expect([...result.keys()]).toEqual(["f0", "f1", "f2"]);
    for (const hits of result.values()) {
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.length).toBeLessThanOrEqual(2);
      for (const hit of hits) {
        expect(hit.score).toBeGreaterThanOrEqual(0.5);
        expect(hit.score).toBeLessThanOrEqual(1);
        expect(hit.chunk.text.length).toBeGreaterThan(0);
      }
    }
  });

  it("returns nothing for a finding with no words", async () => {
    const { hits: result } = await retrieve(
      [goldenFinding({ template: "<*> <*>", sample: "42 17" })],
      index,
    );
    expect(result.get("f1")).toEqual([]);
  });
});

describe("embedded index", () => {
  const disk = { text: "No space left on device", codes: ["ENOSPC"] };

  it("filters by kind", async () => {
    const hits = await index.search({ ...disk, kinds: ["error_code"] });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.kind === "error_code")).toBe(true);
    expect(hits[0]?.id).toBe("errno-enospc");
  });

  it("filters by service, keeping documents written for any service", async () => {
    const hits = await index.search({ text: "deadlock detected", services: ["mysql"], k: 10 });
    expect(hits.map((h) => h.id)).not.toContain("postgres-deadlock-detected");
    expect(hits.map((h) => h.id)).toContain("mysql-deadlock");
  });

  it("matches codes exactly and case-insensitively", async () => {
    const hits = await index.search({ text: "", codes: ["er_lock_deadlock"] });
    expect(hits[0]?.id).toBe("mysql-deadlock");
  });

  it("follows upserts and removals", async () => {
    const own = createEmbeddedIndex();
    await own.upsert(await loadKb());
    const query = { text: "flux capacitor overheated during warp", k: 1 };
    const topId = async () => (await own.search(query))[0]?.id;
    expect(await topId()).not.toBe("flux-capacitor");
    const doc = stored({
      id: "flux-capacitor",
      title: "Flux capacitor overheated",
      symptoms: ["flux capacitor overheated during warp"],
    });
    const chunk = { documentId: doc.id, ordinal: 0, sectionPath: ["Symptoms"], text: "warp" };
    await own.upsert([{ document: doc, chunks: [chunk] }]);
    expect(await topId()).toBe("flux-capacitor");
    await own.upsert([
      { document: { ...doc, title: "Renamed", symptoms: ["nothing alike"] }, chunks: [] },
    ]);
    expect(await topId()).not.toBe("flux-capacitor");
    expect((await own.search({ text: "renamed", k: 1 }))[0]?.title).toBe("Renamed");
    await own.remove(["flux-capacitor"]);
    expect(await topId()).not.toBe("flux-capacitor");
    expect(await own.size()).toBe(134);
  });
});
