/**
 * GET /openapi.json: an OpenAPI 3.1 description generated from the same zod schemas the routes
 * validate with, so the document cannot drift from what the server accepts, and from the response
 * schemas in responses.ts, which are checked against the types the routes return. Every operation
 * lists its success response and the problem-details statuses it can answer with.
 */

import type { RouteConfig } from "@hono/zod-openapi";
import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Role } from "./auth/roles.js";
import { PromoteBody } from "./promote.js";
import * as R from "./responses.js";
import { FeedbackBody, Page } from "./routes/analyses.js";
import { AnalyzeQuery, JsonBody } from "./routes/analyze.js";
import { ListQuery, ReplacedDocument, WrittenDocument } from "./routes/documents.js";
import { JobsQuery } from "./routes/jobs.js";
import { AuditQuery, SearchQuery } from "./routes/kb.js";
import { KeyBody } from "./routes/keys.js";
import { SuppressionBody } from "./routes/suppressions.js";

type Method = RouteConfig["method"];
type ResponseConfig = RouteConfig["responses"][number];

type Tag = "analysis" | "jobs" | "knowledge" | "operations";

interface Success {
  status: 200 | 201 | 202 | 204;
  description: string;
  /** The JSON body; left out for an empty one. */
  json?: z.ZodTypeAny;
  /** Other media types, e.g. text/event-stream. */
  other?: Record<string, z.ZodTypeAny>;
}

interface PathSpec {
  method: Method;
  path: string;
  tag: Tag;
  role?: Role;
  summary: string;
  query?: z.AnyZodObject;
  json?: z.ZodTypeAny;
  raw?: boolean;
  ok: Success;
  /** Problem statuses beyond those that follow from the role, parameters and body. */
  problems?: number[];
  /** Other answers that are not problems (a readiness probe's 503). */
  also?: Record<number, ResponseConfig>;
}

const id = z.object({ id: z.string() });

const SSE = "text/event-stream";
const TEXT = { schema: z.string() };

const PATHS: PathSpec[] = [
  {
    method: "get",
    path: "/healthz",
    tag: "operations",
    summary: "Liveness",
    ok: { status: 200, description: "The process answers", json: R.Health },
  },
  {
    method: "get",
    path: "/readyz",
    tag: "operations",
    summary: "Readiness: store and index answer",
    ok: { status: 200, description: "Ready, with the documents stored and indexed", json: R.Ready },
    also: {
      503: {
        description: "The store or the index does not answer",
        content: { "application/json": { schema: R.NotReady } },
      },
    },
  },
  {
    method: "get",
    path: "/metrics",
    tag: "operations",
    summary: "Prometheus metrics",
    ok: {
      status: 200,
      description: "Prometheus text format 0.0.4",
      other: { "text/plain": z.string() },
    },
  },
  {
    method: "get",
    path: "/openapi.json",
    tag: "operations",
    summary: "This OpenAPI 3.1 document",
    ok: { status: 200, description: "The document", json: z.record(z.unknown()) },
  },
  {
    method: "get",
    path: "/docs",
    tag: "operations",
    summary: "A page that shows this document; self-contained, it loads nothing from elsewhere",
    ok: { status: 200, description: "HTML", other: { "text/html": z.string() } },
  },
  {
    method: "post",
    path: "/v1/analyze",
    tag: "analysis",
    role: "analyst",
    summary:
      "Analyze logs; the JSON report, or with Accept: text/event-stream progress, each finding and the report as server-sent events",
    query: AnalyzeQuery,
    json: JsonBody,
    raw: true,
    problems: [415],
    ok: {
      status: 200,
      description:
        "The report (Location: /v1/analyses/<id> where it is stored). As server-sent events: `progress` while reading, one `finding` per finding as it completes, then `report` (or `error` with problem details); each event's data is one line of JSON",
      json: R.ReportSchema,
      other: { [SSE]: R.AnalyzeEvent },
    },
  },
  {
    method: "get",
    path: "/v1/analyses",
    tag: "analysis",
    role: "reader",
    summary: "Stored analyses, newest first",
    query: Page,
    ok: { status: 200, description: "One page of analyses", json: R.AnalysisList },
  },
  {
    method: "get",
    path: "/v1/analyses/{id}",
    tag: "analysis",
    role: "reader",
    summary: "One stored analysis with its feedback",
    ok: { status: 200, description: "The analysis and its report", json: R.Analysis },
  },
  {
    method: "post",
    path: "/v1/analyses/{id}/findings/{findingId}/feedback",
    tag: "analysis",
    role: "analyst",
    summary: "Feedback on a finding",
    json: FeedbackBody,
    ok: { status: 201, description: "The feedback as stored", json: R.Feedback },
  },
  {
    method: "post",
    path: "/v1/analyses/{id}/findings/{findingId}/promote",
    tag: "knowledge",
    role: "curator",
    summary: "Make a corrected finding an incident document; 409 if promoted before",
    json: PromoteBody,
    problems: [409],
    ok: { status: 201, description: "The incident document as stored", json: R.StoredDocument },
  },
  {
    method: "post",
    path: "/v1/jobs",
    tag: "jobs",
    role: "analyst",
    summary: "Analyze an upload later; 202 with the job",
    query: AnalyzeQuery,
    raw: true,
    ok: { status: 202, description: "The job, queued (Location: /v1/jobs/<id>)", json: R.Job },
  },
  {
    method: "get",
    path: "/v1/jobs",
    tag: "jobs",
    role: "analyst",
    summary:
      "Jobs, newest first, of every run of the server (and of every server sharing its database)",
    query: JobsQuery,
    ok: { status: 200, description: "One page of jobs", json: R.JobList },
  },
  {
    method: "get",
    path: "/v1/jobs/{id}",
    tag: "jobs",
    role: "analyst",
    summary: "A job's state, progress and result",
    ok: { status: 200, description: "The job", json: R.Job },
  },
  {
    method: "get",
    path: "/v1/jobs/{id}/events",
    tag: "jobs",
    role: "analyst",
    summary: "A job's changes as server-sent events",
    ok: {
      status: 200,
      description: "One event per change, named after the state, until the job ends",
      other: { [SSE]: R.JobEvent },
    },
  },
  {
    method: "get",
    path: "/v1/kb/documents",
    tag: "knowledge",
    role: "reader",
    summary: "Knowledge documents",
    query: ListQuery,
    ok: { status: 200, description: "One page of documents", json: R.DocumentList },
  },
  {
    method: "post",
    path: "/v1/kb/documents",
    tag: "knowledge",
    role: "curator",
    summary: "Create a document",
    json: WrittenDocument,
    problems: [412, 503],
    ok: {
      status: 201,
      description: "Created (200 when the same content was there already); ETag and Location",
      json: R.StoredDocument,
    },
  },
  {
    method: "get",
    path: "/v1/kb/documents/{id}",
    tag: "knowledge",
    role: "reader",
    summary: 'One document; ETag W/"<version>"',
    ok: { status: 200, description: "The document and its chunks", json: R.DocumentWithChunks },
  },
  {
    method: "put",
    path: "/v1/kb/documents/{id}",
    tag: "knowledge",
    role: "curator",
    summary: "Create or replace; honours If-Match",
    json: ReplacedDocument,
    problems: [412, 503],
    ok: { status: 200, description: "Replaced (201 when created); ETag", json: R.StoredDocument },
  },
  {
    method: "delete",
    path: "/v1/kb/documents/{id}",
    tag: "knowledge",
    role: "curator",
    summary: "Remove; honours If-Match",
    problems: [412],
    ok: { status: 204, description: "Removed" },
  },
  {
    method: "get",
    path: "/v1/kb/search",
    tag: "knowledge",
    role: "reader",
    summary: "Search the knowledge base",
    query: SearchQuery,
    ok: { status: 200, description: "What an analysis would retrieve", json: R.SearchResults },
  },
  {
    method: "get",
    path: "/v1/kb/audit",
    tag: "knowledge",
    role: "admin",
    summary: "Audit trail of knowledge writes",
    query: AuditQuery,
    ok: { status: 200, description: "Writes, newest first", json: R.AuditLog },
  },
  {
    method: "get",
    path: "/v1/kb/suppressions",
    tag: "knowledge",
    role: "reader",
    summary: "Suppressions",
    ok: { status: 200, description: "Every suppression", json: R.SuppressionList },
  },
  {
    method: "post",
    path: "/v1/kb/suppressions",
    tag: "knowledge",
    role: "curator",
    summary: "Add a suppression",
    json: SuppressionBody,
    ok: { status: 201, description: "The suppression as stored", json: R.Suppression },
  },
  {
    method: "delete",
    path: "/v1/kb/suppressions/{id}",
    tag: "knowledge",
    role: "curator",
    summary: "Remove a suppression",
    problems: [400],
    ok: { status: 204, description: "Removed" },
  },
  {
    method: "get",
    path: "/v1/keys",
    tag: "operations",
    role: "admin",
    summary: "API keys, without their secrets",
    ok: { status: 200, description: "Every key, revoked ones included", json: R.KeyList },
  },
  {
    method: "post",
    path: "/v1/keys",
    tag: "operations",
    role: "admin",
    summary: "Create a key; the response is the only place the key appears",
    json: KeyBody,
    ok: { status: 201, description: "The key record and its secret", json: R.CreatedKey },
  },
  {
    method: "delete",
    path: "/v1/keys/{id}",
    tag: "operations",
    role: "admin",
    summary: "Revoke a key",
    ok: { status: 204, description: "Revoked" },
  },
];

/** The success response an operation declares, e.g. ("get", "/v1/jobs/{id}"); for tests. */
export function declaredSuccess(method: Method, path: string): Success | undefined {
  return PATHS.find((spec) => spec.method === method && spec.path === path)?.ok;
}

const PROBLEM_TITLES: Record<number, string> = {
  400: "Invalid request: the detail names the field",
  401: "No key, or an unknown or revoked one",
  403: "The key's role does not allow this",
  404: "No such resource",
  412: "Version conflict: the If-Match (or the id) names another version",
  413: "The body is larger than the limit",
  415: "Unsupported content type",
  429: "Too many requests; Retry-After says when to try again",
  500: "The server failed; details are in its log only",
  503: "The configured embedder failed: the document is stored, its vectors wait for the next start",
};

/** The problem statuses an operation can answer with, from what it takes and who may call it. */
function problemStatuses(spec: PathSpec, hasParams: boolean): number[] {
  const statuses = new Set(spec.problems);
  if (spec.role) for (const status of [401, 403, 429]) statuses.add(status);
  if (spec.query || spec.json || spec.raw) statuses.add(400);
  if (spec.json || spec.raw) statuses.add(413);
  if (hasParams) statuses.add(404);
  statuses.add(500);
  return [...statuses].sort((a, b) => a - b);
}

function responses(spec: PathSpec, hasParams: boolean): Record<number, ResponseConfig> {
  const { ok } = spec;
  const media = {
    ...(ok.json ? { "application/json": { schema: ok.json } } : {}),
    ...Object.fromEntries(
      Object.entries(ok.other ?? {}).map(([type, schema]) => [type, { schema }]),
    ),
  };
  const out: Record<number, ResponseConfig> = {
    [ok.status]: {
      description: ok.description,
      ...(Object.keys(media).length > 0 ? { content: media } : {}),
    },
    ...spec.also,
  };
  for (const status of problemStatuses(spec, hasParams)) {
    out[status] = {
      description: PROBLEM_TITLES[status] ?? "Problem",
      content: { "application/problem+json": { schema: R.Problem } },
    };
  }
  return out;
}

export function openApiDocument(version: string) {
  const registry = new OpenAPIHono();
  registry.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
  });
  for (const spec of PATHS) {
    const content = {
      ...(spec.json ? { "application/json": { schema: spec.json } } : {}),
      ...(spec.raw
        ? { "text/plain": TEXT, "application/gzip": TEXT, "multipart/form-data": TEXT }
        : {}),
    };
    const params = spec.path.match(/\{(\w+)\}/g)?.map((p) => p.slice(1, -1)) ?? [];
    registry.openAPIRegistry.registerPath({
      method: spec.method,
      path: spec.path,
      tags: [spec.tag],
      summary: spec.role ? `${spec.summary} (role: ${spec.role})` : spec.summary,
      security: spec.role ? [{ bearer: [] }] : [],
      request: {
        params:
          params.length > 0
            ? z.object(Object.fromEntries(params.map((p) => [p, id.shape.id])))
            : undefined,
        query: spec.query,
        body: Object.keys(content).length > 0 ? { content } : undefined,
      },
      responses: responses(spec, params.length > 0),
    });
  }
  return registry.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "logsage", version },
    tags: [
      { name: "analysis", description: "Analyze logs; stored analyses and feedback" },
      { name: "jobs", description: "Analyses of large uploads, run in the background" },
      { name: "knowledge", description: "Knowledge documents, search, audit and suppressions" },
      { name: "operations", description: "Probes, metrics and this documentation" },
    ],
  });
}
