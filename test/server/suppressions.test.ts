/** Suppressions: managed over HTTP, and applied (drop or demote) to the next analyses. */
import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/server.js";

let t: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  t = await startTestApp();
}, 120_000);

const LOG = [
  "2024-05-01T10:00:01Z ERROR cache warmup skipped for tenant 17",
  "2024-05-01T10:00:02Z ERROR connection refused to db:5432 (ECONNREFUSED)",
].join("\n");

type Report = { warnings: string[]; findings: { template: string; severity: string }[] };

async function analyzeLog(): Promise<Report> {
  const res = await t.call("analyst", "POST", "/v1/analyze", { json: { text: LOG } });
  return (await res.json()) as Report;
}

describe("suppressions", () => {
  it("drops findings matching a pattern, with a warning, until the suppression is removed", async () => {
    const before = await analyzeLog();
    expect(before.findings.some((f) => f.template.includes("cache warmup"))).toBe(true);
    const created = await t.call("curator", "POST", "/v1/kb/suppressions", {
      json: { pattern: "cache warmup skipped", reason: "expected at start-up" },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const after = await analyzeLog();
    expect(after.findings.some((f) => f.template.includes("cache warmup"))).toBe(false);
    expect(after.findings.length).toBe(before.findings.length - 1);
    expect(after.warnings.join("\n")).toContain(
      `dropped by suppression ${id} (expected at start-up)`,
    );
    const listed = await t.call("reader", "GET", "/v1/kb/suppressions");
    expect(
      ((await listed.json()) as { suppressions: { id: number }[] }).suppressions,
    ).toMatchObject([{ id }]);
    expect((await t.call("curator", "DELETE", `/v1/kb/suppressions/${id}`)).status).toBe(204);
    expect((await t.call("curator", "DELETE", `/v1/kb/suppressions/${id}`)).status).toBe(404);
    expect((await analyzeLog()).findings.length).toBe(before.findings.length);

    const audit = (await (await t.call("admin", "GET", "/v1/kb/audit")).json()) as {
      entries: { actor: string; action: string; before: unknown; after: unknown }[];
    };
    const writes = audit.entries.filter((e) => e.action.startsWith("suppression."));
    expect(writes.slice(0, 2)).toMatchObject([
      { action: "suppression.delete", actor: "curator-key", before: { id }, after: null },
      {
        action: "suppression.create",
        actor: "curator-key",
        before: null,
        after: { id, pattern: "cache warmup skipped", reason: "expected at start-up" },
      },
    ]);
  });

  it("demotes a finding whose template is given exactly to info, after the others", async () => {
    const before = await analyzeLog();
    const target = before.findings.find((f) => f.template.includes("connection refused"));
    expect(target).toBeDefined();
    await t.call("curator", "POST", "/v1/kb/suppressions", {
      json: { template: target?.template, action: "demote", reason: "db maintenance window" },
    });
    const after = await analyzeLog();
    expect(after.findings.at(-1)).toMatchObject({ template: target?.template, severity: "info" });
  });

  it("names the field of an invalid suppression", async () => {
    const detail = async (json: unknown) => {
      const res = await t.call("curator", "POST", "/v1/kb/suppressions", { json });
      expect(res.status).toBe(400);
      return ((await res.json()) as { detail: string }).detail;
    };
    expect(await detail({ pattern: "(", reason: "x" })).toContain(
      "body.pattern: not a valid regular expression",
    );
    expect(await detail({ pattern: "x", reason: " " })).toContain("body.reason");
    expect(await detail({ template: "a", pattern: "b", reason: "x" })).toContain(
      "either template or pattern",
    );
  });
});
