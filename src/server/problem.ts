/**
 * The one place errors become HTTP: every failure is answered as JSON problem details (RFC 9457:
 * type, title, status, detail) with a status chosen from the error's `code`, never its message.
 * Unexpected errors are logged with their stack and answered without internals.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "pino";
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

export interface ProblemDetails {
  type: string;
  title: string;
  status: ContentfulStatusCode;
  detail: string;
}

function details(
  status: ContentfulStatusCode,
  type: string,
  title: string,
  detail: string,
): ProblemDetails {
  return { type: `urn:logsage:problem:${type}`, title, status, detail };
}

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  type: string,
  title: string,
  detail: string,
): Response {
  return c.json(details(status, type, title, detail), status, {
    "Content-Type": "application/problem+json",
  });
}

/**
 * The problem details an error is answered with, and the headers that go with them. Used by
 * onError and by streams that report a failure after their 200 was sent.
 */
export function problemOf(
  err: unknown,
  logger: Logger,
): { body: ProblemDetails; headers: Record<string, string> } {
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    return { body: details(status, "http", err.message || "HTTP error", err.message), headers: {} };
  }
  const error: LogsageError = toLogsageError(err);
  const known = STATUS[error.code];
  if (!known) {
    logger.error({ err }, "request failed");
    return {
      body: details(500, error.code, "Internal error", "the server failed; see its log"),
      headers: {},
    };
  }
  const headers: Record<string, string> = {};
  if (error.code === "unauthorized") headers["WWW-Authenticate"] = 'Bearer realm="logsage"';
  if (error instanceof RateLimitError) {
    headers["Retry-After"] = String(Math.ceil(error.retryAfterMs / 1000));
  }
  return { body: details(known.status, error.code, known.title, error.message), headers };
}

export function onError(err: Error, c: Context<AppEnv>): Response {
  const { body, headers } = problemOf(err, c.var.logger);
  return c.json(body, body.status, { ...headers, "Content-Type": "application/problem+json" });
}

export function notFound(c: Context): Response {
  return problem(c, 404, "not_found", "Not found", `no route for ${c.req.method} ${c.req.path}`);
}
