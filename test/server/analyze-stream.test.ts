/**
 * POST /v1/analyze with `Accept: text/event-stream`, over real HTTP: the order of the events, each
 * finding streamed once its LLM answer is in, progress while an upload is still arriving, errors
 * as problem-details events, and a client that hangs up aborting the work.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { Writable } from "node:stream";
import { pino } from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { AnalyzeEvent } from "../../src/server/responses.js";
import { freshRequest, listen, type SseEvent, sseEvents } from "../helpers/http.js";
import { batchAnswerJson, type OpenAiServer, startOpenAiServer } from "../helpers/openai-server.js";
import { startTestApp } from "../helpers/server.js";

/** Problems far enough apart that no finding's context lines show another one. */
const LOG = [
  "ERROR connection refused to db-primary:5432 (ECONNREFUSED)",
  "FATAL out of memory: killed process 4242 (java)",
  "ERROR disk full on /var/lib/postgresql",
]
  .flatMap((problem, i) => [
    ...Array.from({ length: 6 }, (_, j) => `INFO request ok path=/p${i}${j}`),
    problem,
  ])
  .map((line, i) => `2024-05-01T10:00:${String(i).padStart(2, "0")}Z ${line}`)
  .join("\n");
const LOG_LINES = 21;

/** In the prompt of the top finding only (and the summary's). */
const SLOW_FINDING = "process 4242";

/** More distinct problems than LLM calls run at once (concurrency 4). */
const MANY_PROBLEMS = [
  "ERROR connection refused to db-primary:5432 (ECONNREFUSED)",
  "FATAL out of memory: killed process 4242 (java)",
  "ERROR disk full on /var/lib/postgresql",
  "ERROR certificate has expired for api.internal",
  "ERROR deadlock detected while updating orders",
  "CRITICAL kernel: EXT4-fs error on device sda1",
  "ERROR upstream timed out while reading response header from upstream",
].map((line, i) => `2024-05-01T10:00:0${i}Z ${line}`);

let llm: OpenAiServer;
let t: Awaited<ReturnType<typeof startTestApp>>;
let url: string;
const logs: string[] = [];

beforeAll(async () => {
  llm = await startOpenAiServer();
  const logger = pino(
    { level: "info" },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString("utf8"));
        done();
      },
    }),
  );
  t = await startTestApp(
    {
      server: { bodyLimitBytes: 8 * 1024 * 1024 },
      llm: {
        provider: "endpoint",
        url: llm.url,
        model: "test-model",
        cache: false,
        maxRetries: 0,
        concurrency: 4,
        // One finding per call, so calls complete out of order and an abort leaves some unsent.
        batchSize: 1,
      },
    },
    { logger },
  );
  url = await listen(t.app);
  return () => llm.close();
}, 120_000);

const sse = (extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${t.tokens.analyst}`,
  accept: "text/event-stream",
  ...extra,
});

async function collect(res: Response): Promise<SseEvent[]> {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const events: SseEvent[] = [];
  for await (const event of sseEvents(res.body as AsyncIterable<Uint8Array>)) events.push(event);
  return events;
}

interface StreamedReport {
  id: string;
  location: string;
  report: { stats: { lines: number }; findings: { id: string; template: string }[] };
}

describe("POST /v1/analyze as server-sent events", () => {
  it("streams progress, each finding as its LLM answer completes, then the stored report", async () => {
    llm.reply = (request) => {
      const prompt = request.body.messages.map((m) => m.content).join("\n");
      // The top finding answers last, so completion order differs from the report's order.
      return prompt.includes(SLOW_FINDING)
        ? { kind: "content", content: batchAnswerJson(request), delayMs: 400 }
        : { kind: "content", content: batchAnswerJson(request) };
    };
    const events = await collect(
      await fetch(`${url}/v1/analyze`, {
        method: "POST",
        headers: sse({ "content-type": "text/plain" }),
        body: `${LOG}\n`,
      }),
    );
    const names = events.map((e) => e.event).join(" ");
    expect(names).toMatch(/^(progress )+(finding )+report$/);
    // Each event is what /openapi.json says it is.
    for (const { event, data } of events) {
      const parsed = AnalyzeEvent.safeParse({ event, data: JSON.parse(data) });
      expect(parsed.error?.issues ?? []).toEqual([]);
    }
    expect(JSON.parse(events[0]?.data ?? "")).toEqual({ bytes: LOG.length + 1, lines: LOG_LINES });

    const streamed = events
      .filter((e) => e.event === "finding")
      .map((e) => JSON.parse(e.data) as { id: string; template: string; generatedBy: string });
    const final = JSON.parse(events.at(-1)?.data ?? "") as StreamedReport;
    expect(final.report.findings.length).toBeGreaterThanOrEqual(3);
    expect(streamed.map((f) => f.id).sort()).toEqual(final.report.findings.map((f) => f.id).sort());
    expect(streamed.every((f) => f.generatedBy === "llm:test-model")).toBe(true);
    expect(final.report.findings[0]?.template).toContain("out of memory");
    expect(streamed.at(-1)?.template).toContain("out of memory");

    expect(final.location).toBe(`/v1/analyses/${final.id}`);
    const stored = await fetch(`${url}${final.location}`, { headers: sse() });
    expect(stored.status).toBe(200);
  });

  it("reports a failure after the stream began as an error event with problem details", async () => {
    // Chunked, so the limit is only found while the bytes arrive, after the 200 was sent.
    const chunk = Buffer.alloc(1024 * 1024, "ERROR disk full\n");
    const body = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 9; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const events = await collect(
      await fetch(`${url}/v1/analyze`, {
        method: "POST",
        headers: sse({ "content-type": "text/plain" }),
        body,
        duplex: "half",
      } as RequestInit),
    );
    expect(events.at(-1)?.event).toBe("error");
    expect(events.some((e) => e.event === "report")).toBe(false);
    expect(JSON.parse(events.at(-1)?.data ?? "")).toMatchObject({
      type: "urn:logsage:problem:too_large",
      status: 413,
      detail: expect.stringContaining(`${8 * 1024 * 1024} bytes`),
    });
    // Refused before any event: a plain problem response, not a stream.
    const bad = await freshRequest(`${url}/v1/analyze?detail=all`, {
      method: "POST",
      headers: sse({ "content-type": "text/plain" }),
      body: LOG,
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ type: "urn:logsage:problem:validation" });
    const after = await freshRequest(`${url}/v1/analyze`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.tokens.analyst}`, "content-type": "text/plain" },
      body: LOG,
    });
    expect(after.status).toBe(200);
  });

  it("sends progress while a multipart upload is still arriving", async () => {
    llm.reply = (request) => ({ kind: "content", content: batchAnswerJson(request) });
    const boundary = "logsage-test-boundary";
    const line = "2024-05-01T10:00:00Z INFO request ok path=/a\n";
    const half = Buffer.from(line.repeat(20_000));
    const req = httpRequest(`${url}/v1/analyze`, {
      method: "POST",
      headers: sse({ "content-type": `multipart/form-data; boundary=${boundary}` }),
    });
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      req.once("response", resolve);
      req.once("error", reject);
    });
    req.write(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="app.log"\r\ncontent-type: text/plain\r\n\r\n`,
    );
    req.write(half);
    const events: SseEvent[] = [];
    let sentAll = false;
    for await (const event of sseEvents(await response)) {
      // The second half is only sent once the server has reported reading the first: a server
      // that waited for the whole body would never get here and the test would time out.
      if (!sentAll && event.event === "progress") {
        expect(JSON.parse(event.data).lines).toBeGreaterThan(0);
        sentAll = true;
        req.end(Buffer.concat([half, Buffer.from(`\r\n--${boundary}--\r\n`)]));
      }
      events.push(event);
    }
    expect(events.at(-1)?.event).toBe("report");
    const final = JSON.parse(events.at(-1)?.data ?? "") as StreamedReport;
    expect(final.report.stats.lines).toBe(40_000);
  });

  it("aborts the analysis when the client disconnects: no more LLM calls, nothing stored", async () => {
    llm.requests.length = 0;
    llm.reply = (request) => ({
      kind: "content",
      content: batchAnswerJson(request),
      delayMs: 500,
    });
    // Connections of their own: the pool may still hold the one the too-large upload above was
    // refused on, which the server closes (see freshRequest).
    const stored = async () =>
      (
        JSON.parse(
          (await freshRequest(`${url}/v1/analyses?limit=100`, { method: "GET", headers: sse() }))
            .body,
        ) as { analyses: unknown[] }
      ).analyses.length;
    const before = await stored();
    const req = httpRequest(`${url}/v1/analyze`, {
      method: "POST",
      headers: sse({ "content-type": "text/plain" }),
      agent: false,
    });
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      req.once("response", resolve);
      req.once("error", reject);
    });
    req.end(MANY_PROBLEMS.join("\n"));
    for await (const event of sseEvents(await response)) {
      if (event.event === "progress") break;
    }
    // The client goes away: leaving the loop closed the response, this closes the connection.
    req.destroy();
    await expect
      .poll(() => logs.some((l) => l.includes("analysis aborted")), { timeout: 30_000 })
      .toBe(true);
    // The calls in flight finished before the run ended; the findings still waiting for a call,
    // and the incident summary, were never sent.
    expect(llm.requests.length).toBeLessThanOrEqual(4);
    expect(await stored()).toBe(before);
  });

  it("explains with knowledge only, making no LLM call, when the request says llm=none", async () => {
    llm.requests.length = 0;
    llm.reply = (request) => ({ kind: "content", content: batchAnswerJson(request) });
    const res = await fetch(`${url}/v1/analyze?llm=none`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.tokens.analyst}`, "content-type": "text/plain" },
      body: LOG,
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { findings: { generatedBy: string }[] };
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((f) => f.generatedBy === "knowledge")).toBe(true);
    expect(llm.requests).toHaveLength(0);
  });
});
