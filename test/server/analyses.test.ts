/** Stored analyses and feedback on their findings, in-process. */
import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/server.js";

let t: Awaited<ReturnType<typeof startTestApp>>;
let location: string;
let findingId: string;
beforeAll(async () => {
  t = await startTestApp();
  const res = await t.call("analyst", "POST", "/v1/analyze", {
    json: { text: "2024-05-01T10:00:02Z ERROR connection refused to db:5432 (ECONNREFUSED)" },
  });
  location = res.headers.get("location") ?? "";
  findingId = ((await res.json()) as { findings: { id: string }[] }).findings[0]?.id ?? "";
}, 120_000);

describe("stored analyses", () => {
  it("stores every analysis and points at it with Location", async () => {
    expect(location).toMatch(/^\/v1\/analyses\/[0-9a-f-]{36}$/);
    const res = await t.call("reader", "GET", location);
    const stored = (await res.json()) as {
      actor: string;
      report: { findings: { id: string }[] };
      feedback: unknown[];
    };
    expect(stored.actor).toBe("analyst-key");
    expect(stored.report.findings[0]?.id).toBe(findingId);
    expect(stored.feedback).toEqual([]);
    expect((await t.call("reader", "GET", "/v1/analyses/nope")).status).toBe(404);
  });

  it("lists analyses newest first with paging", async () => {
    await t.call("analyst", "POST", "/v1/analyze", { json: { text: "ERROR second one" } });
    const res = await t.call("reader", "GET", "/v1/analyses?limit=1");
    const page = (await res.json()) as {
      analyses: { id: string; findings: number }[];
      total: number;
    };
    expect(page.total).toBe(2);
    expect(page.analyses).toHaveLength(1);
    expect(`/v1/analyses/${page.analyses[0]?.id}`).not.toBe(location);
    const bad = await t.call("reader", "GET", "/v1/analyses?limit=-1");
    expect(((await bad.json()) as { detail: string }).detail).toContain("query.limit");
  });
});

describe("feedback", () => {
  it("records feedback on a finding and returns it with the analysis", async () => {
    const path = `${location}/findings/${findingId}/feedback`;
    const res = await t.call("analyst", "POST", path, {
      json: {
        verdict: "wrong",
        cause: "the db was being failed over",
        fix: ["wait for failover"],
        knowledgeId: "x",
      },
    });
    expect(res.status).toBe(201);
    const stored = (await (await t.call("reader", "GET", location)).json()) as {
      feedback: { findingId: string; actor: string; verdict: string; fix: string[] }[];
    };
    expect(stored.feedback).toMatchObject([
      { findingId, actor: "analyst-key", verdict: "wrong", fix: ["wait for failover"] },
    ]);
  });

  it("rejects an unknown finding (404) and a bad verdict naming the field (400)", async () => {
    const missing = await t.call("analyst", "POST", `${location}/findings/nope/feedback`, {
      json: { verdict: "helpful" },
    });
    expect(missing.status).toBe(404);
    const bad = await t.call("analyst", "POST", `${location}/findings/${findingId}/feedback`, {
      json: { verdict: "meh" },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toContain("body.verdict");
  });
});
