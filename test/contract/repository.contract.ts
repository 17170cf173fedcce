/**
 * The shared KnowledgeRepository contract: every adapter (PGlite, PostgreSQL, and any fake) must
 * pass it. One repository serves the whole suite (PGlite takes seconds to create), so each test
 * writes its own ids and sources, scoped by a per-test prefix, and never relies on the table
 * being empty.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ValidationError, VersionConflictError } from "../../src/errors.js";
import type { Chunk, KnowledgeDocument } from "../../src/knowledge/model.js";
import type { KnowledgeRepository } from "../../src/knowledge/repository-port.js";

export interface RepositoryFixture {
  repo: KnowledgeRepository;
  /** Closes the repository and deletes whatever open() created. */
  cleanup: () => Promise<void>;
}

/** Creating PGlite takes 2 s idle but far longer on a loaded CI machine; hooks default to 10 s. */
const SETUP_TIMEOUT_MS = 120_000;

let testCounter = 0;

function makeDoc(id: string, overrides: Partial<KnowledgeDocument> = {}): KnowledgeDocument {
  return {
    id,
    kind: "runbook",
    title: `Title of ${id}`,
    body: `# ${id}\n\nBody text.`,
    services: [],
    tags: [],
    errorCodes: [],
    symptoms: [],
    cause: "",
    fix: [],
    fields: {},
    source: `kb/${id}.md`,
    ...overrides,
  };
}

function makeChunks(documentId: string, ...texts: string[]): Chunk[] {
  return texts.map((text, ordinal) => ({
    documentId,
    ordinal,
    sectionPath: [`S${ordinal}`],
    text,
  }));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function repositoryContract(name: string, open: () => Promise<RepositoryFixture>): void {
  describe(`KnowledgeRepository contract: ${name}`, () => {
    let fixture: RepositoryFixture | undefined;
    let repo: KnowledgeRepository;
    /** Unique per test: ids and sources start with it, so tests cannot see each other's rows. */
    let p: string;

    beforeAll(async () => {
      fixture = await open();
      repo = fixture.repo;
    }, SETUP_TIMEOUT_MS);
    afterAll(async () => {
      await fixture?.cleanup();
    }, SETUP_TIMEOUT_MS);
    beforeEach(() => {
      testCounter += 1;
      p = `t${testCounter}`;
    });

    it("adds, skips unchanged content and updates changed content with a new version", async () => {
      const doc = makeDoc(`${p}-a`, { fields: { severity: "high", related: ["x"] } });
      const added = await repo.upsert(doc, makeChunks(doc.id, "one"));
      expect(added.status).toBe("added");
      expect(added.document).toMatchObject({ ...doc, version: 1 });
      expect(added.document.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(added.document.createdAt).toBe(added.document.updatedAt);

      // Same content with fields in another key order is the same content.
      const same = { ...doc, fields: { related: ["x"], severity: "high" } };
      const unchanged = await repo.upsert(same, makeChunks(doc.id, "ignored"));
      expect(unchanged.status).toBe("unchanged");
      expect(unchanged.document).toEqual(added.document);
      expect(await repo.chunks(doc.id)).toEqual(makeChunks(doc.id, "one"));

      await pause(5);
      const updated = await repo.upsert({ ...doc, title: "New title" }, []);
      expect(updated.status).toBe("updated");
      expect(updated.document.version).toBe(2);
      expect(updated.document.title).toBe("New title");
      expect(updated.document.contentHash).not.toBe(added.document.contentHash);
      expect(updated.document.createdAt).toBe(added.document.createdAt);
      expect(Date.parse(updated.document.updatedAt)).toBeGreaterThan(
        Date.parse(added.document.updatedAt),
      );
      expect(await repo.get(doc.id)).toEqual(updated.document);
    });

    it("returns undefined and no chunks for an unknown id", async () => {
      expect(await repo.get(`${p}-missing`)).toBeUndefined();
      expect(await repo.chunks(`${p}-missing`)).toEqual([]);
    });

    it("refuses a stale expectedVersion and keeps the stored document", async () => {
      const doc = makeDoc(`${p}-v`);
      await repo.upsert(doc, [], { expectedVersion: 0 });
      const v2 = await repo.upsert({ ...doc, body: "v2" }, [], { expectedVersion: 1 });
      expect(v2.document.version).toBe(2);

      const stale = repo.upsert({ ...doc, body: "stale" }, [], { expectedVersion: 1 });
      await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
      expect((await repo.get(doc.id))?.body).toBe("v2");

      // 0 means "create only"; a version on a document that does not exist is a conflict too.
      await expect(repo.upsert(doc, [], { expectedVersion: 0 })).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      await expect(
        repo.upsert(makeDoc(`${p}-gone`), [], { expectedVersion: 3 }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect(await repo.get(`${p}-gone`)).toBeUndefined();
    });

    it("lets exactly one of two concurrent writers with the same expectedVersion win", async () => {
      const doc = makeDoc(`${p}-race`);
      await repo.upsert(doc, makeChunks(doc.id, "base"));
      const writers = ["left", "right"].map((body) =>
        repo.upsert({ ...doc, body }, makeChunks(doc.id, body), { expectedVersion: 1 }),
      );
      const results = await Promise.allSettled(writers);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r) => r.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]?.reason).toBeInstanceOf(VersionConflictError);

      const stored = await repo.get(doc.id);
      const winner = won[0]?.value.document;
      expect(stored).toEqual(winner);
      expect(stored?.version).toBe(2);
      expect(await repo.chunks(doc.id)).toEqual(makeChunks(doc.id, stored?.body ?? ""));
    });

    it("lets exactly one of concurrent creators of a new id add it", async () => {
      const createOnly = await Promise.allSettled(
        [1, 2, 3].map((n) =>
          repo.upsert(makeDoc(`${p}-new`, { body: `b${n}` }), [], { expectedVersion: 0 }),
        ),
      );
      expect(createOnly.filter((r) => r.status === "fulfilled")).toHaveLength(1);

      const doc = makeDoc(`${p}-free`);
      const free = await Promise.all([1, 2, 3, 4].map(() => repo.upsert(doc, [])));
      expect(free.map((r) => r.status).sort()).toEqual([
        "added",
        "unchanged",
        "unchanged",
        "unchanged",
      ]);
    });

    it("replaces chunks on update, in ordinal order, and drops them with the document", async () => {
      const doc = makeDoc(`${p}-c`);
      const chunks = makeChunks(doc.id, "a", "b", "c");
      await repo.upsert(doc, [chunks[2], chunks[0], chunks[1]] as Chunk[]);
      expect(await repo.chunks(doc.id)).toEqual(chunks);

      await repo.upsert({ ...doc, body: "shorter" }, makeChunks(doc.id, "only"));
      expect(await repo.chunks(doc.id)).toEqual(makeChunks(doc.id, "only"));

      expect(await repo.remove(doc.id)).toBe(true);
      expect(await repo.chunks(doc.id)).toEqual([]);
    });

    it("filters by kind, service, tag and source prefix, and pages in id order", async () => {
      // Ids chosen so byte order differs from most locales' order.
      const ids = [`${p}-B`, `${p}-a`, `${p}-a.b`, `${p}-a:b`, `${p}-a_b`];
      for (const [i, id] of ids.entries()) {
        await repo.upsert(
          makeDoc(id, {
            kind: i % 2 === 0 ? "incident" : "error_code",
            services: i < 3 ? [`${p}-api`, `${p}-db`] : [`${p}-db`],
            tags: i === 4 ? [`${p}-disk`] : [],
            source: i < 4 ? `kb/${p}%_/${id}.yaml` : `kb/${p}x/${id}.yaml`,
          }),
          [],
        );
      }
      const sorted = [...ids].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      const idsOf = (docs: { id: string }[]) => docs.map((d) => d.id);
      const mine = { sourcePrefix: `kb/${p}` };

      expect(idsOf(await repo.list(mine))).toEqual(sorted);
      expect(idsOf(await repo.list({ ...mine, limit: 2 }))).toEqual(sorted.slice(0, 2));
      expect(idsOf(await repo.list({ ...mine, limit: 2, offset: 2 }))).toEqual(sorted.slice(2, 4));
      expect(idsOf(await repo.list({ ...mine, offset: 4 }))).toEqual(sorted.slice(4));
      expect(await repo.list({ ...mine, offset: 10 })).toEqual([]);

      expect(idsOf(await repo.list({ kind: "incident", ...mine })).sort()).toEqual(
        [ids[0], ids[2], ids[4]].sort(),
      );
      expect(idsOf(await repo.list({ service: `${p}-api` })).sort()).toEqual(
        ids.slice(0, 3).sort(),
      );
      expect(idsOf(await repo.list({ service: `${p}-db`, kind: "error_code" })).sort()).toEqual(
        [ids[1], ids[3]].sort(),
      );
      expect(idsOf(await repo.list({ tag: `${p}-disk` }))).toEqual([ids[4]]);
      // % and _ in a prefix are literal characters, not patterns.
      expect(idsOf(await repo.list({ sourcePrefix: `kb/${p}%_/` })).sort()).toEqual(
        ids.slice(0, 4).sort(),
      );
      expect(await repo.list({ service: `${p}-nobody` })).toEqual([]);
    });

    it("counts with and without filters", async () => {
      const before = await repo.count();
      await repo.upsert(makeDoc(`${p}-1`, { kind: "incident", tags: [`${p}-t`] }), []);
      await repo.upsert(makeDoc(`${p}-2`, { tags: [`${p}-t`] }), []);
      await repo.upsert(makeDoc(`${p}-3`), []);
      expect(await repo.count()).toBe(before + 3);
      expect(await repo.count({ tag: `${p}-t` })).toBe(2);
      expect(await repo.count({ tag: `${p}-t`, kind: "incident" })).toBe(1);
      expect(await repo.count({ sourcePrefix: `kb/${p}-` })).toBe(3);
    });

    it("removes by id, honouring expectedVersion", async () => {
      const doc = makeDoc(`${p}-r`);
      await repo.upsert(doc, makeChunks(doc.id, "x"));
      await expect(repo.remove(doc.id, { expectedVersion: 2 })).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      expect(await repo.get(doc.id)).toBeDefined();
      expect(await repo.remove(doc.id, { expectedVersion: 1 })).toBe(true);
      expect(await repo.get(doc.id)).toBeUndefined();
      expect(await repo.remove(doc.id)).toBe(false);
    });

    it("keeps ids with dots, colons, dashes and underscores exactly as given", async () => {
      const ids = [`${p}.SQLSTATE:53300`, `${p}:errno:ENOSPC`, `${p}-k8s.pod_oom-killed`];
      for (const id of ids) await repo.upsert(makeDoc(id), makeChunks(id, id));
      for (const id of ids) {
        expect((await repo.get(id))?.id).toBe(id);
        expect((await repo.chunks(id))[0]?.documentId).toBe(id);
      }
      expect((await repo.list({ sourcePrefix: `kb/${p}` })).map((d) => d.id).sort()).toEqual(
        [...ids].sort(),
      );
    });

    it("round-trips Unicode in every text field", async () => {
      const text = "Ошибка 磁盘已满 — café ﬁ e\u0301 🙂🔥 עברית \u200b tab\tnewline\n";
      const doc = makeDoc(`${p}-u`, {
        title: `Δ ${text.slice(0, 20)}`,
        body: text.repeat(50),
        services: ["服务"],
        tags: ["étiquette"],
        errorCodes: ["ＥＲＲ１"],
        symptoms: [text],
        cause: text,
        fix: [text, "🙂"],
        fields: { ключ: text, nested: { "😀": [1, "два", null, true] } },
      });
      const chunks: Chunk[] = [
        { documentId: doc.id, ordinal: 0, sectionPath: ["Причина", "🙂"], text },
      ];
      await repo.upsert(doc, chunks);
      expect(await repo.get(doc.id)).toMatchObject(doc);
      expect(await repo.chunks(doc.id)).toEqual(chunks);
      expect((await repo.list({ service: "服务", tag: "étiquette" })).map((d) => d.id)).toContain(
        doc.id,
      );
      expect((await repo.upsert(doc, chunks)).status).toBe("unchanged");
    });

    it("rejects invalid documents, foreign chunks and bad pages with a ValidationError", async () => {
      const doc = makeDoc(`${p}-bad`);
      await expect(repo.upsert({ ...doc, id: "has space" }, [])).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(repo.upsert(doc, makeChunks("someone-else", "x"))).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(
        repo.upsert(doc, [...makeChunks(doc.id, "x"), ...makeChunks(doc.id, "y")]),
      ).rejects.toBeInstanceOf(ValidationError);
      await expect(repo.list({ limit: -1 })).rejects.toBeInstanceOf(ValidationError);
      expect(await repo.get(doc.id)).toBeUndefined();
    });
  });
}
