/**
 * POST /v1/analyze: logs in, JSON report out, through the same analyze() as the CLI. Raw bodies
 * (text/plain, gzip, octet-stream) and a multipart form's `file` stream straight into the
 * pipeline; JSON carries `{text}` or `{entries}`. `Accept: text/event-stream` gets the analysis as
 * server-sent events (analyze-stream.ts) instead of one JSON answer.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { windowOf } from "../../pipeline/analyze.js";
import { DETAILS } from "../../pipeline/group/index.js";
import type { Source } from "../../pipeline/read/index.js";
import { streamAnalysis } from "../analyze-stream.js";
import { limitedBody, limitedFile, limitedJson } from "../body.js";
import type { RouteDeps } from "../deps.js";
import type { AppEnv } from "../env.js";
import { validate } from "../validate.js";

export const AnalyzeQuery = z.object({
  detail: z.enum(DETAILS).default("summary"),
  // Which model explains is the server's configuration (a client cannot point it elsewhere);
  // a client may only opt out of it, for speed or to keep a log on the machine.
  llm: z.enum(["server", "none"]).default("server"),
  since: z
    .string()
    .optional()
    .describe("only records from this time on: 2025-03-14, 2025-03-14T10:30, a timestamp or 2h"),
  until: z.string().optional().describe("only records before this time (same forms)"),
});

/** The query's analysis options, a relative time window resolved against the clock now. */
export function analyzeOptions(query: Record<string, string>) {
  const { detail, llm, since, until } = validate(AnalyzeQuery, query, "query");
  return { detail, llm, window: windowOf({ since, until }, Date.now(), (b) => `query.${b}`) };
}

/** One entry is a line of text, or a structured (JSON) log record. */
const Entry = z.union([z.string(), z.record(z.unknown())]);
export const JsonBody = z
  .object({ text: z.string().optional(), entries: z.array(Entry).min(1).optional() })
  .strict()
  .refine((b) => (b.text === undefined) !== (b.entries === undefined), {
    message: "give either text or entries",
  });

const RAW_TYPES = new Set([
  "text/plain",
  "application/gzip",
  "application/x-gzip",
  "application/octet-stream",
]);

async function sourcesOf(request: Request, limit: number): Promise<Source[]> {
  const type =
    (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/json") {
    const body = validate(JsonBody, await limitedJson(request, limit), "body");
    const text =
      body.text ??
      (body.entries ?? []).map((e) => (typeof e === "string" ? e : JSON.stringify(e))).join("\n");
    return [{ kind: "text", name: "<request>", text }];
  }
  if (type === "multipart/form-data") {
    return [{ kind: "stream", ...(await limitedFile(request, limit, "file")) }];
  }
  if (RAW_TYPES.has(type))
    return [{ kind: "stream", name: "<upload>", stream: limitedBody(request, limit) }];
  throw new HTTPException(415, {
    message: `content-type must be application/json, text/plain, application/gzip or multipart/form-data (got "${type}")`,
  });
}

export function analyzeRoutes({ config, runAnalysis, guard }: RouteDeps): Hono<AppEnv> {
  return new Hono<AppEnv>().post("/v1/analyze", guard("analyst"), async (c) => {
    const options = analyzeOptions(c.req.query());
    const sources = await sourcesOf(c.req.raw, config.server.bodyLimitBytes);
    const request = { sources, ...options, actor: c.var.principal.name };
    if (c.req.header("accept")?.includes("text/event-stream")) {
      return streamAnalysis(c, runAnalysis, request);
    }
    const { id, report } = await runAnalysis(request);
    c.var.logger.info(
      { analysis: id, findings: report.findings.length, bytes: report.stats.bytes },
      "analyzed",
    );
    // The report keeps its documented shape; where it is stored travels in the header.
    c.header("Location", `/v1/analyses/${id}`);
    return c.json(report);
  });
}
