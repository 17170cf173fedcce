/**
 * GET /openapi.json: an OpenAPI 3.1 description generated from the same zod schemas the routes
 * validate with, so the document cannot drift from what the server accepts. Responses are
 * described in prose; the report's own schema is the README's JSON contract.
 */

import type { RouteConfig } from "@hono/zod-openapi";
import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Role } from "./auth/roles.js";
import { PromoteBody } from "./promote.js";
import { FeedbackBody, Page } from "./routes/analyses.js";
import { DetailQuery, JsonBody } from "./routes/analyze.js";
import { ListQuery, ReplacedDocument, WrittenDocument } from "./routes/documents.js";
import { AuditQuery, SearchQuery } from "./routes/kb.js";
import { KeyBody } from "./routes/keys.js";
import { SuppressionBody } from "./routes/suppressions.js";

type Method = RouteConfig["method"];

interface PathSpec {
  method: Method;
  path: string;
  role?: Role;
  summary: string;
  query?: z.AnyZodObject;
  json?: z.ZodTypeAny;
  raw?: boolean;
}

const id = z.object({ id: z.string() });

const PATHS: PathSpec[] = [
  { method: "get", path: "/healthz", summary: "Liveness" },
  { method: "get", path: "/readyz", summary: "Readiness: store and index answer" },
  { method: "get", path: "/metrics", summary: "Prometheus metrics" },
  {
    method: "post",
    path: "/v1/analyze",
    role: "analyst",
    summary: "Analyze logs; returns the JSON report",
    query: DetailQuery,
    json: JsonBody,
    raw: true,
  },
  {
    method: "get",
    path: "/v1/analyses",
    role: "reader",
    summary: "Stored analyses, newest first",
    query: Page,
  },
  {
    method: "get",
    path: "/v1/analyses/{id}",
    role: "reader",
    summary: "One stored analysis with its feedback",
  },
  {
    method: "post",
    path: "/v1/analyses/{id}/findings/{findingId}/feedback",
    role: "analyst",
    summary: "Feedback on a finding",
    json: FeedbackBody,
  },
  {
    method: "post",
    path: "/v1/analyses/{id}/findings/{findingId}/promote",
    role: "curator",
    summary: "Make a corrected finding an incident document; 409 if promoted before",
    json: PromoteBody,
  },
  {
    method: "post",
    path: "/v1/jobs",
    role: "analyst",
    summary: "Analyze an upload later; 202 with the job",
    query: DetailQuery,
    raw: true,
  },
  {
    method: "get",
    path: "/v1/jobs/{id}",
    role: "analyst",
    summary: "A job's state, progress and result",
  },
  {
    method: "get",
    path: "/v1/jobs/{id}/events",
    role: "analyst",
    summary: "A job's changes as server-sent events",
  },
  {
    method: "get",
    path: "/v1/kb/documents",
    role: "reader",
    summary: "Knowledge documents",
    query: ListQuery,
  },
  {
    method: "post",
    path: "/v1/kb/documents",
    role: "curator",
    summary: "Create a document",
    json: WrittenDocument,
  },
  {
    method: "get",
    path: "/v1/kb/documents/{id}",
    role: "reader",
    summary: 'One document; ETag W/"<version>"',
  },
  {
    method: "put",
    path: "/v1/kb/documents/{id}",
    role: "curator",
    summary: "Create or replace; honours If-Match",
    json: ReplacedDocument,
  },
  {
    method: "delete",
    path: "/v1/kb/documents/{id}",
    role: "curator",
    summary: "Remove; honours If-Match",
  },
  {
    method: "get",
    path: "/v1/kb/search",
    role: "reader",
    summary: "Search the knowledge base",
    query: SearchQuery,
  },
  {
    method: "get",
    path: "/v1/kb/audit",
    role: "admin",
    summary: "Audit trail of knowledge writes",
    query: AuditQuery,
  },
  { method: "get", path: "/v1/kb/suppressions", role: "reader", summary: "Suppressions" },
  {
    method: "post",
    path: "/v1/kb/suppressions",
    role: "curator",
    summary: "Add a suppression",
    json: SuppressionBody,
  },
  {
    method: "delete",
    path: "/v1/kb/suppressions/{id}",
    role: "curator",
    summary: "Remove a suppression",
  },
  { method: "get", path: "/v1/keys", role: "admin", summary: "API keys, without their secrets" },
  {
    method: "post",
    path: "/v1/keys",
    role: "admin",
    summary: "Create a key; the response is the only place the key appears",
    json: KeyBody,
  },
  { method: "delete", path: "/v1/keys/{id}", role: "admin", summary: "Revoke a key" },
];

const RAW = { schema: z.string() };

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
        ? { "text/plain": RAW, "application/gzip": RAW, "multipart/form-data": RAW }
        : {}),
    };
    const params = spec.path.match(/\{(\w+)\}/g)?.map((p) => p.slice(1, -1)) ?? [];
    registry.openAPIRegistry.registerPath({
      method: spec.method,
      path: spec.path,
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
      responses: { default: { description: "JSON, or application/problem+json on error" } },
    });
  }
  return registry.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "logsage", version },
  });
}
