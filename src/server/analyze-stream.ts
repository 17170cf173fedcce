/**
 * POST /v1/analyze as server-sent events, for clients that send `Accept: text/event-stream`:
 * `progress` while the input is read, one `finding` per finding as its explanation completes, then
 * `report` with the stored analysis' id, or `error` with problem details. A client that goes away
 * aborts the analysis: its upload stops being read, no further LLM call is made, nothing is stored.
 */
import type { Context } from "hono";
import { type SSEStreamingApi, streamSSE } from "hono/streaming";
import { InputError } from "../errors.js";
import type { AppEnv } from "./env.js";
import { problemOf } from "./problem.js";
import type { AnalysisRequest, RunAnalysis } from "./run-analysis.js";

/** Progress is sent at most this often; the report carries the exact totals. */
export const PROGRESS_INTERVAL_MS = 250;

export const ANALYZE_EVENTS = ["progress", "finding", "report", "error"] as const;
type AnalyzeEvent = (typeof ANALYZE_EVENTS)[number];

/** Events written in the order they were sent, whatever the callers await. */
function orderedWriter(stream: SSEStreamingApi) {
  let written = Promise.resolve();
  return {
    send(event: AnalyzeEvent, data: unknown): void {
      written = written.then(async () => {
        if (!stream.aborted) await stream.writeSSE({ event, data: JSON.stringify(data) });
      });
    },
    flushed: () => written,
  };
}

/** The first call and then at most one per interval, so a fast reader does not flood the client. */
function throttled(send: (bytes: number, lines: number) => void) {
  let last = Number.NEGATIVE_INFINITY;
  return (bytes: number, lines: number) => {
    const now = performance.now();
    if (now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    send(bytes, lines);
  };
}

export function streamAnalysis(
  c: Context<AppEnv>,
  runAnalysis: RunAnalysis,
  request: Omit<AnalysisRequest, "progress" | "onFinding" | "signal">,
): Response {
  const { logger } = c.var;
  return streamSSE(c, async (stream) => {
    const aborted = new AbortController();
    stream.onAbort(() => {
      const reason = new InputError("the client disconnected before the analysis finished");
      aborted.abort(reason);
      for (const source of request.sources) if (source.kind === "stream") source.stream.destroy();
    });
    const events = orderedWriter(stream);
    try {
      const { id, report } = await runAnalysis({
        ...request,
        signal: aborted.signal,
        progress: throttled((bytes, lines) => events.send("progress", { bytes, lines })),
        onFinding: (finding) => events.send("finding", finding),
      });
      logger.info({ analysis: id, findings: report.findings.length, stream: true }, "analyzed");
      events.send("report", { id, location: `/v1/analyses/${id}`, report });
    } catch (err) {
      if (aborted.signal.aborted) logger.info("analysis aborted: the client disconnected");
      else events.send("error", problemOf(err, logger).body);
    }
    await events.flushed();
  });
}
