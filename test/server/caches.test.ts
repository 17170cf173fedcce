/**
 * What the service remembers between requests never outlives a write: a cited document edited
 * over HTTP is explained from its new text at once, a search answered before a document was
 * added or deleted is not answered the same way after it, and analyses saved together by group commit
 * are each stored and found.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/server.js";

let t: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  t = await startTestApp();
}, 120_000);

const LOG = "2024-05-01T10:00:02Z ERROR connection refused to db:5432 (ECONNREFUSED)";

interface Report {
  findings: { cause: string; knowledge: { id: string }[] }[];
}

async function analyze(text = LOG) {
  const res = await t.call("analyst", "POST", "/v1/analyze", { json: { text } });
  expect(res.status).toBe(200);
  return { location: res.headers.get("location") ?? "", report: (await res.json()) as Report };
}

describe("service caches", () => {
  it("explains with a cited document's new text right after it is replaced", async () => {
    const { report } = await analyze();
    const cited = report.findings[0]?.knowledge[0]?.id ?? "";
    expect(cited).not.toBe("");
    const got = await t.call("reader", "GET", `/v1/kb/documents/${cited}`);
    const doc = (await got.json()) as Record<string, unknown>;
    const { contentHash, version, createdAt, updatedAt, chunks, source, ...fields } = doc;
    const cause = "Edited cause: the database listener was moved to port 6432.";
    const put = await t.call("curator", "PUT", `/v1/kb/documents/${cited}`, {
      json: { ...fields, cause },
      headers: { "if-match": got.headers.get("etag") ?? "" },
    });
    expect(put.status).toBe(200);
    const after = (await analyze()).report.findings[0];
    expect(after?.knowledge[0]?.id).toBe(cited);
    expect(after?.cause).toContain(cause);
  });

  it("finds a document added after the same search ran, and forgets it once deleted", async () => {
    const log = "2024-05-01T10:00:02Z ERROR quantum gyroscope drift QGYRO42 beyond tolerance";
    const cited = async () => (await analyze(log)).report.findings[0]?.knowledge.map((k) => k.id);
    expect(await cited()).not.toContain("EX-QGYRO-42");
    const doc = {
      id: "EX-QGYRO-42",
      kind: "error_code",
      title: "Quantum gyroscope drift",
      services: ["any"],
      errorCodes: ["QGYRO42"],
      symptoms: ["quantum gyroscope drift QGYRO42 beyond tolerance"],
      cause: "The gyroscope lost its calibration.",
      fix: ["Recalibrate the gyroscope"],
    };
    expect((await t.call("curator", "POST", "/v1/kb/documents", { json: doc })).status).toBe(201);
    expect(await cited()).toContain(doc.id);
    const path = `/v1/kb/documents/${doc.id}`;
    expect((await t.call("curator", "DELETE", path)).status).toBe(204);
    expect(await cited()).not.toContain(doc.id);
  });

  it("stores every one of many analyses saved at the same time", async () => {
    const runs = await Promise.all(Array.from({ length: 40 }, () => analyze()));
    const locations = new Set(runs.map((r) => r.location));
    expect(locations.size).toBe(40);
    for (const location of locations) {
      expect((await t.call("reader", "GET", location)).status).toBe(200);
    }
  });
});
