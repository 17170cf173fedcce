/**
 * Promotion end to end on one running app: analyze a log, correct a finding through feedback,
 * promote it, then analyze a similar log: the incident is the top knowledge and its cause and fix
 * are the explanation, with no restart. Plus 409, 404s, 403 and what a promotion needs.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/server.js";

let t: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  t = await startTestApp();
}, 120_000);

const logAt = (minute: number, slot: number, lag: number, worker: number) =>
  [
    `2024-06-03T02:${minute}:00Z INFO ledger-sync: batch committed`,
    `2024-06-03T02:${minute}:05Z ERROR ledger-sync: replication slot ledger_${slot} lag ${lag}s exceeds limit, pausing consumer worker-${worker}`,
  ].join("\n");

interface Finding {
  id: string;
  template: string;
  cause: string;
  fix: string[];
  knowledge: { id: string; kind: string }[];
}

async function analyze(text: string, needle = "replication slot") {
  const res = await t.call("analyst", "POST", "/v1/analyze", { json: { text } });
  expect(res.status).toBe(200);
  const report = (await res.json()) as { findings: Finding[] };
  const finding = report.findings.find((f) => f.template.includes(needle));
  if (!finding) throw new Error("the planted problem was not found");
  return { analysis: res.headers.get("location") ?? "", finding };
}

const CAUSE = "The nightly VACUUM FULL on the ledger replica held the WAL receiver back.";
const FIX = ["Run VACUUM (not FULL) at night", "Alert when slot lag passes 10 s"];

describe("promote a corrected finding", () => {
  it("becomes an incident that the next similar analysis cites first and explains with", async () => {
    const first = await analyze(logAt(10, 3, 41, 7));
    const id = `inc-${first.finding.id}`;
    expect(first.finding.knowledge.map((k) => k.id)).not.toContain(id);
    const promote = `${first.analysis}/findings/${first.finding.id}/promote`;

    const feedback = await t.call(
      "analyst",
      "POST",
      `${first.analysis}/findings/${first.finding.id}/feedback`,
      {
        json: { verdict: "wrong", cause: CAUSE, fix: FIX, knowledgeId: "postgres-replication-lag" },
      },
    );
    expect(feedback.status).toBe(201);

    expect((await t.call("analyst", "POST", promote)).status).toBe(403);
    const res = await t.call("curator", "POST", promote);
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`/v1/kb/documents/${id}`);
    expect(res.headers.get("etag")).toBe('W/"1"');
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      id,
      kind: "incident",
      source: "api",
      cause: CAUSE,
      fix: FIX,
      tags: ["promoted"],
      fields: {
        date: "2024-06-03",
        related: ["postgres-replication-lag"],
        promoted_from: { analysis: first.analysis.split("/").at(-1), finding: first.finding.id },
      },
    });
    expect(doc.symptoms).toEqual(["replication slot lag exceeds limit, pausing consumer"]);
    expect(doc.fields).toMatchObject({
      samples: [expect.stringContaining("replication slot ledger_3 lag 41s")],
    });
    expect(String(doc.body)).toContain(CAUSE);

    // Same problem, other slot, lag, worker and time: same finding id, and the new knowledge.
    const second = await analyze(logAt(40, 9, 73, 2));
    expect(second.finding.id).toBe(first.finding.id);
    expect(second.finding.knowledge[0]).toMatchObject({ id, kind: "incident" });
    expect(second.finding.cause).toContain(CAUSE);
    expect(second.finding.fix).toEqual(FIX);

    const again = await t.call("curator", "POST", promote);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      type: "urn:logsage:problem:exists",
      detail: expect.stringContaining(`PUT /v1/kb/documents/${id}`),
    });

    const audit = (await (
      await t.call("admin", "GET", `/v1/kb/audit?documentId=${id}`)
    ).json()) as {
      entries: { action: string; actor: string }[];
    };
    expect(audit.entries).toMatchObject([{ action: "create", actor: "curator-key" }]);
  });

  it("outranks the runbook the finding cited before", async () => {
    const log = (port: number) =>
      `2024-06-03T04:00:0${port % 10}Z ERROR orders-api: connect to pg-${port}.internal:5432 failed: connection refused (ECONNREFUSED)`;
    const first = await analyze(log(1), "connection refused");
    const before = first.finding.knowledge[0]?.id;
    expect(before).toBeDefined();
    const fb = `${first.analysis}/findings/${first.finding.id}/feedback`;
    await t.call("analyst", "POST", fb, {
      json: {
        verdict: "wrong",
        cause: "PgBouncer was restarted by the node drain.",
        fix: ["Add a PodDisruptionBudget for PgBouncer"],
      },
    });
    const res = await t.call(
      "curator",
      "POST",
      `${first.analysis}/findings/${first.finding.id}/promote`,
    );
    expect(res.status).toBe(201);
    const second = await analyze(log(7), "connection refused");
    expect(second.finding.knowledge.map((k) => k.id)).toEqual(
      [`inc-${first.finding.id}`, ...first.finding.knowledge.map((k) => k.id)].slice(
        0,
        second.finding.knowledge.length,
      ),
    );
    expect(second.finding.cause).toContain("PgBouncer was restarted by the node drain.");
    expect(second.finding.fix).toEqual(["Add a PodDisruptionBudget for PgBouncer"]);
  });

  it("takes a curator's overrides, and needs a cause from feedback or the body", async () => {
    const { analysis, finding } = await analyze(
      "2024-06-03T03:00:00Z ERROR billing-export: manifest checksum mismatch for batch 88",
      "manifest",
    );
    const promote = `${analysis}/findings/${finding.id}/promote`;
    const missing = await t.call("curator", "POST", promote);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { detail: string }).detail).toContain(
      "no corrected cause to promote",
    );
    const bad = await t.call("curator", "POST", promote, { json: { cause: "x", colour: "red" } });
    expect(((await bad.json()) as { detail: string }).detail).toContain("unknown field(s) colour");

    const res = await t.call("curator", "POST", promote, {
      json: {
        id: "inc-2024-billing-manifest",
        title: "Billing export manifests written before the upload finished",
        cause: "The exporter wrote the manifest before the last part was uploaded.",
        services: ["billing-export"],
        tags: ["billing"],
      },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      id: "inc-2024-billing-manifest",
      title: "Billing export manifests written before the upload finished",
      services: ["billing-export"],
      tags: ["promoted", "billing"],
      fix: [],
    });
  });

  it("answers 404 for an unknown analysis or finding", async () => {
    const { analysis } = await analyze(logAt(50, 1, 12, 1));
    const json = { cause: "anything" };
    const unknownAnalysis =
      "/v1/analyses/00000000-0000-0000-0000-000000000000/findings/f-1/promote";
    expect((await t.call("curator", "POST", unknownAnalysis, { json })).status).toBe(404);
    const unknownFinding = `${analysis}/findings/f-000000000000/promote`;
    const res = await t.call("curator", "POST", unknownFinding, { json });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { detail: string }).detail).toContain("f-000000000000");
  });
});
