/**
 * Knowledge curation over HTTP: create, read with ETag, replace and delete with If-Match (412 on a
 * stale one), list filters and paging, search, the audit trail, and that a write is used by the
 * very next analysis.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/server.js";

let t: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  t = await startTestApp();
}, 120_000);

const DOC = {
  id: "EX-FLUXCAP-7",
  kind: "error_code",
  title: "Flux capacitor overheated",
  services: ["timewarp"],
  tags: ["flux-hardware"],
  errorCodes: ["FLUXCAP7"],
  symptoms: ["flux capacitor temperature exceeded FLUXCAP7"],
  cause: "The flux capacitor ran above 88 units for too long.",
  fix: ["Let it cool for ten minutes", "Replace the plutonium cartridge"],
};
const PATH = `/v1/kb/documents/${DOC.id}`;

type Doc = typeof DOC & { version: number; body: string; source: string };

describe("knowledge documents", () => {
  it("creates a document (201, Location, ETag) and refuses creating it again with other content", async () => {
    const res = await t.call("curator", "POST", "/v1/kb/documents", { json: DOC });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(PATH);
    expect(res.headers.get("etag")).toBe('W/"1"');
    const doc = (await res.json()) as Doc;
    expect(doc).toMatchObject({ id: DOC.id, version: 1, source: "api" });
    expect(doc.body).toContain("plutonium");
    const again = await t.call("curator", "POST", "/v1/kb/documents", {
      json: { ...DOC, title: "other" },
    });
    expect(again.status).toBe(412);
    expect(again.headers.get("location")).toBeNull();
  });

  it("uses a new document in the next analysis and in search, without a restart", async () => {
    const log = "2024-05-01T10:00:02Z ERROR flux capacitor temperature exceeded FLUXCAP7 at 91";
    const res = await t.call("analyst", "POST", "/v1/analyze", { json: { text: log } });
    const report = (await res.json()) as { findings: { knowledge: { id: string }[] }[] };
    expect(report.findings[0]?.knowledge.map((k) => k.id)).toContain(DOC.id);
    const search = await t.call("reader", "GET", "/v1/kb/search?q=flux%20capacitor");
    const { hits } = (await search.json()) as { hits: { id: string }[] };
    expect(hits[0]?.id).toBe(DOC.id);
  });

  it("returns a document with its ETag and chunks, 404 for an unknown id", async () => {
    const res = await t.call("reader", "GET", PATH);
    expect(res.headers.get("etag")).toBe('W/"1"');
    const doc = (await res.json()) as Doc & { chunks: unknown[] };
    expect(doc.chunks.length).toBeGreaterThan(0);
    expect((await t.call("reader", "GET", "/v1/kb/documents/nope")).status).toBe(404);
  });

  it("replaces with a current If-Match and refuses a stale one with 412", async () => {
    const put = (title: string, ifMatch?: string) =>
      t.call("curator", "PUT", PATH, {
        json: { ...DOC, title },
        headers: ifMatch ? { "if-match": ifMatch } : {},
      });
    const first = await put("Flux capacitor overheated (v2)", 'W/"1"');
    expect(first.status).toBe(200);
    expect(first.headers.get("etag")).toBe('W/"2"');
    const stale = await put("A lost update", 'W/"1"');
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { detail: string }).detail).toContain("version 2");
    expect((await put("garbage etag", "abc")).status).toBe(412);
    const current = (await (await t.call("reader", "GET", PATH)).json()) as Doc;
    expect(current.title).toBe("Flux capacitor overheated (v2)");
  });

  it("rejects a body whose id differs from the path, and invalid fields by name", async () => {
    const other = await t.call("curator", "PUT", PATH, { json: { ...DOC, id: "other" } });
    expect(other.status).toBe(400);
    expect(((await other.json()) as { detail: string }).detail).toContain("body.id");
    const bad = await t.call("curator", "POST", "/v1/kb/documents", {
      json: { ...DOC, id: "new-one", kind: "poem", extra: 1 },
    });
    const { detail } = (await bad.json()) as { detail: string };
    expect(detail).toContain("body.kind");
    expect(detail).toContain("unknown field(s) extra");
  });

  it("lists with filters and paging", async () => {
    const list = async (query: string) =>
      (await (await t.call("reader", "GET", `/v1/kb/documents?${query}`)).json()) as {
        documents: { id: string; kind: string }[];
        total: number;
      };
    const byService = await list("service=timewarp");
    expect(byService.documents.map((d) => d.id)).toEqual([DOC.id]);
    expect((await list("tag=flux-hardware&kind=error_code")).total).toBe(1);
    const page = await list("kind=runbook&limit=2&offset=1");
    expect(page.documents).toHaveLength(2);
    expect(page.total).toBeGreaterThan(2);
    expect(page.documents.every((d) => d.kind === "runbook")).toBe(true);
    const bad = await t.call("reader", "GET", "/v1/kb/documents?limit=zero");
    expect(((await bad.json()) as { detail: string }).detail).toContain("query.limit");
  });

  it("deletes with If-Match (412 when stale), then 404", async () => {
    expect(
      (await t.call("curator", "DELETE", PATH, { headers: { "if-match": 'W/"1"' } })).status,
    ).toBe(412);
    expect(
      (await t.call("curator", "DELETE", PATH, { headers: { "if-match": 'W/"2"' } })).status,
    ).toBe(204);
    expect((await t.call("reader", "GET", PATH)).status).toBe(404);
    expect((await t.call("curator", "DELETE", PATH)).status).toBe(404);
    const search = await t.call("reader", "GET", "/v1/kb/search?q=flux%20capacitor%20FLUXCAP7");
    const { hits } = (await search.json()) as { hits: { id: string }[] };
    expect(hits.map((h) => h.id)).not.toContain(DOC.id);
  });

  it("records every write in the audit log: who, what, before and after", async () => {
    const res = await t.call("admin", "GET", `/v1/kb/audit?documentId=${DOC.id}`);
    const { entries } = (await res.json()) as {
      entries: {
        actor: string;
        action: string;
        at: string;
        before: Doc | null;
        after: Doc | null;
      }[];
    };
    expect(entries.map((e) => e.action)).toEqual(["delete", "update", "create"]);
    expect(entries.every((e) => e.actor === "curator-key" && e.at)).toBe(true);
    const [deleted, updated, created] = entries;
    expect(created?.before).toBeNull();
    expect(created?.after?.version).toBe(1);
    expect(updated?.before?.title).toBe(DOC.title);
    expect(updated?.after?.version).toBe(2);
    expect(deleted?.before?.version).toBe(2);
    expect(deleted?.after).toBeNull();
  });

  it("rejects an empty search", async () => {
    const res = await t.call("reader", "GET", "/v1/kb/search?q=%20");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toContain("query.q");
  });
});
