/**
 * The one place errors become HTTP: every failure is answered as JSON problem details (RFC 9457:
 * type, title, status, detail) with a status chosen from the error's `code`, never its message.
 * Unexpected errors are logged with their stack and answered without internals.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type LogsageError, RateLimitError, toLogsageError } from "../errors.js";
import type { AppEnv } from "./env.js";

const STATUS: Record<string, { status: ContentfulStatusCode; title: string }> = {
  usage: { status: 400, title: "Bad request" },
  validation: { status: 400, title: "Invalid request" },
  input: { status: 400, title: "Unreadable input" },
  too_large: { status: 413, title: "Request body too large" },
  unauthorized: { status: 401, title: "Unauthorized" },
  forbidden: { status: 403, title: "Forbidden" },
  not_found: { status: 404, title: "Not found" },
  conflict: { status: 412, title: "Precondition failed" },
  exists: { status: 409, title: "Conflict" },
  rate_limited: { status: 429, title: "Too many requests" },
};

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  type: string,
  title: string,
  detail: string,
): Response {
  return c.json({ type: `urn:logsage:problem:${type}`, title, status, detail }, status, {
    "Content-Type": "application/problem+json",
  });
}

export function onError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    return problem(c, status, "http", err.message || "HTTP error", err.message);
  }
  const error: LogsageError = toLogsageError(err);
  const known = STATUS[error.code];
  if (!known) {
    c.var.logger.error({ err }, "request failed");
    return problem(c, 500, error.code, "Internal error", "the server failed; see its log");
  }
  if (error.code === "unauthorized") c.header("WWW-Authenticate", 'Bearer realm="logsage"');
  if (error instanceof RateLimitError) {
    c.header("Retry-After", String(Math.ceil(error.retryAfterMs / 1000)));
  }
  return problem(c, known.status, error.code, known.title, error.message);
}

export function notFound(c: Context): Response {
  return problem(c, 404, "not_found", "Not found", `no route for ${c.req.method} ${c.req.path}`);
}
