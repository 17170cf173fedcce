/**
 * Jobs: upload -> 202, state and progress, SSE events, 413 without leftovers, the queue depth in
 * /metrics, a restarted app answering from the store and resuming what was left, close().
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { createDbJournal } from "../../src/jobs/db-journal.js";
import type { JobStatus } from "../../src/jobs/queue-port.js";
import { createApp } from "../../src/server/app.js";
import { type JobInput, jobOwner } from "../../src/server/jobs.js";
import { startTestApp } from "../helpers/server.js";

let t: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  t = await startTestApp({ server: { bodyLimitBytes: 256 * 1024 } });
}, 120_000);

type Status = JobStatus<{ analysisId: string; findings: number }>;
const LOG = "2024-05-01T10:00:02Z ERROR connection refused to db:5432 (ECONNREFUSED)\n";

async function submit(body: BodyInit): Promise<Response> {
  return t.call("analyst", "POST", "/v1/jobs?detail=full", {
    body,
    headers: { "content-type": "application/gzip" },
  });
}

async function waitForEnd(id: string): Promise<Status> {
  for (;;) {
    const status = (await (await t.call("analyst", "GET", `/v1/jobs/${id}`)).json()) as Status;
    if (status.state === "succeeded" || status.state === "failed") return status;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("jobs", () => {
  it("accepts an upload with 202, runs it, and stores the analysis", async () => {
    const res = await submit(gzipSync(LOG.repeat(50)));
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as Status;
    expect(res.headers.get("location")).toBe(`/v1/jobs/${accepted.id}`);
    expect(["queued", "running"]).toContain(accepted.state);
    const done = await waitForEnd(accepted.id);
    expect(done).toMatchObject({
      state: "succeeded",
      progress: { totalBytes: accepted.progress.totalBytes },
    });
    expect(done.progress.bytes).toBe(done.progress.totalBytes);
    const stored = await t.call("reader", "GET", `/v1/analyses/${done.result?.analysisId}`);
    const { report } = (await stored.json()) as { report: { stats: { lines: number } } };
    expect(report.stats.lines).toBe(50);
    expect(readdirSync(join(t.config.dataDir, "uploads"))).toEqual([]);
  });

  it("runs a job on the time window it was given, a relative one fixed when it was accepted", async () => {
    const res = await t.call("analyst", "POST", "/v1/jobs?since=2h", {
      body: LOG,
      headers: { "content-type": "text/plain" },
    });
    const done = await waitForEnd(((await res.json()) as Status).id);
    const stored = await t.call("reader", "GET", `/v1/analyses/${done.result?.analysisId}`);
    const { report } = (await stored.json()) as {
      report: { stats: { records: number }; warnings: string[] };
    };
    expect(report.stats.records).toBe(0);
    expect(report.warnings).toContain("1 record outside the time window left out");
  });

  it("streams state changes as server-sent events until the job ends", async () => {
    const { id } = (await (await submit(LOG)).json()) as Status;
    const res = await t.call("analyst", "GET", `/v1/jobs/${id}/events`);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const text = await res.text();
    const events = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events.at(-1)).toBe("succeeded");
    expect(text).toContain(`"id":"${id}"`);
    // A finished job answers with its final state at once.
    const again = await (await t.call("analyst", "GET", `/v1/jobs/${id}/events`)).text();
    expect([...again.matchAll(/^event: (\w+)$/gm)].map((m) => m[1])).toEqual(["succeeded"]);
  });

  it("answers 413 for an oversized upload and keeps no file of it; 404 for unknown jobs", async () => {
    const res = await submit(Buffer.alloc(300 * 1024, "z"));
    expect(res.status).toBe(413);
    expect(readdirSync(join(t.config.dataDir, "uploads"))).toEqual([]);
    expect((await t.call("analyst", "GET", "/v1/jobs/nope")).status).toBe(404);
    expect((await t.call("analyst", "GET", "/v1/jobs/nope/events")).status).toBe(404);
  });

  it("lists jobs newest first, by state and by page; names a bad query field", async () => {
    const all = (await (await t.call("analyst", "GET", "/v1/jobs")).json()) as {
      jobs: Status[];
      total: number;
    };
    expect(all.total).toBeGreaterThanOrEqual(2);
    const created = all.jobs.map((j) => j.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    const page = (await (await t.call("analyst", "GET", "/v1/jobs?limit=1&offset=1")).json()) as {
      jobs: Status[];
    };
    expect(page.jobs.map((j) => j.id)).toEqual([all.jobs[1]?.id]);
    const ok = (await (await t.call("analyst", "GET", "/v1/jobs?state=succeeded")).json()) as {
      jobs: Status[];
      total: number;
    };
    expect(ok.total).toBeGreaterThan(0);
    expect(ok.jobs.every((j) => j.state === "succeeded" && j.result?.analysisId)).toBe(true);
    const bad = await t.call("analyst", "GET", "/v1/jobs?state=done");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toContain("state");
    expect((await t.call("reader", "GET", "/v1/jobs")).status).toBe(403);
  });

  it("shows the queue's depth in /metrics", async () => {
    const metrics = await (await t.call(undefined, "GET", "/metrics")).text();
    expect(metrics).toContain("# TYPE logsage_jobs gauge");
    expect(metrics).toMatch(/^logsage_jobs\{state="queued"\} 0$/m);
    expect(metrics).toMatch(/^logsage_jobs\{state="running"\} 0$/m);
  });

  it("after a restart, answers for finished jobs and runs the unfinished ones", async () => {
    const { id: done } = (await (await submit(LOG)).json()) as Status;
    await waitForEnd(done);
    // What a server that stopped with a job still queued leaves behind: its row, its upload gone.
    const journal = createDbJournal<JobInput, unknown>(
      t.knowledge.database.db,
      jobOwner(t.config.dataDir),
    );
    const lost = { id: "left-behind", createdAt: new Date().toISOString() };
    await journal.add({
      status: { ...lost, state: "queued", progress: { bytes: 0, totalBytes: 9 } },
      input: {
        path: join(t.config.dataDir, "uploads", "gone.upload"),
        size: 9,
        detail: "summary",
        llm: "none",
        actor: "analyst-key",
      },
    });
    const restarted = createApp({ config: t.config, knowledge: t.knowledge, keys: t.keys });
    expect(await restarted.recover()).toBe(1);
    const get = async (id: string) =>
      restarted.request(`/v1/jobs/${id}`, {
        headers: { authorization: `Bearer ${t.tokens.analyst}` },
      });
    expect(await (await get(done)).json()).toMatchObject({ state: "succeeded" });
    await restarted.close();
    expect(await (await get("left-behind")).json()).toMatchObject({
      state: "failed",
      error: expect.stringMatching(/upload of this job is gone/),
    });
  });

  it("finishes accepted jobs on close() and accepts no more", async () => {
    const { id } = (await (await submit(LOG)).json()) as Status;
    await t.app.close();
    expect((await t.call("analyst", "GET", `/v1/jobs/${id}`)).status).toBe(200);
    expect(
      ((await (await t.call("analyst", "GET", `/v1/jobs/${id}`)).json()) as Status).state,
    ).toBe("succeeded");
    expect((await submit(LOG)).status).toBe(400);
  });
});
