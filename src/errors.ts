/**
 * The small error hierarchy. Every error a user can see is one of these: a stable `code`, a message
 * a user can act on, and the `exitCode` the CLI returns. Nothing matches on message text.
 */

export abstract class LogsageError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: 1 | 2;
  readonly retryable: boolean = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The user asked for something that cannot work: a bad flag, an unknown option value. */
export class UsageError extends LogsageError {
  readonly code = "usage";
  readonly exitCode = 1;
}

/** An input could not be read: a missing path, a permission problem, a corrupt gzip stream. */
export class InputError extends LogsageError {
  readonly code = "input";
  readonly exitCode = 1;
}

/** The configuration (file, environment or flags) is invalid. */
export class ConfigError extends LogsageError {
  readonly code = "config";
  readonly exitCode = 1;
}

/** Something inside logsage failed; not the user's fault. */
export class InternalError extends LogsageError {
  readonly code = "internal";
  readonly exitCode = 2;
}

/** Wrap anything thrown into a LogsageError so callers have one shape to deal with. */
export function toLogsageError(err: unknown): LogsageError {
  if (err instanceof LogsageError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new InternalError(`internal error: ${message}`, { cause: err });
}

/** A write carried a version that is no longer current: someone else changed the document. */
export class VersionConflictError extends LogsageError {
  readonly code = "conflict";
  readonly exitCode = 1;
}

/** A create found what it would create already there (e.g. a finding promoted before). */
export class AlreadyExistsError extends LogsageError {
  readonly code = "exists";
  readonly exitCode = 1;
}

/** Something named by id does not exist. */
export class NotFoundError extends LogsageError {
  readonly code = "not_found";
  readonly exitCode = 1;
}

/** A file or request body failed validation; the message names the file and field. */
export class ValidationError extends LogsageError {
  readonly code = "validation";
  readonly exitCode = 1;
}

/** A request body is larger than the configured limit. */
export class TooLargeError extends LogsageError {
  readonly code = "too_large";
  readonly exitCode = 1;
}

/** No credentials, or credentials that match no (unrevoked) key. */
export class UnauthorizedError extends LogsageError {
  readonly code = "unauthorized";
  readonly exitCode = 1;
}

/** Valid credentials whose role does not allow the operation. */
export class ForbiddenError extends LogsageError {
  readonly code = "forbidden";
  readonly exitCode = 1;
}

/** A caller sent too many requests; `retryAfterMs` says when the next one will be accepted. */
export class RateLimitError extends LogsageError {
  readonly code = "rate_limited";
  readonly exitCode = 1;
  override readonly retryable = true;

  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/** The store or index could not be reached or failed. */
export class StoreError extends LogsageError {
  readonly code = "store";
  readonly exitCode = 2;
}

/**
 * An LLM call failed. `retryable` follows the facts: HTTP 429 and 5xx, timeouts and dropped
 * connections (no status) are worth another try; other 4xx (bad key, unknown model) are not.
 */
export class LlmError extends LogsageError {
  readonly code = "llm";
  readonly exitCode = 2;
  override readonly retryable: boolean;
  /** The HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** How long the server asked us to wait (Retry-After), in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable =
      options.status === undefined || options.status === 429 || options.status >= 500;
  }
}

/**
 * An embedder (local model, Hugging Face Inference, an embeddings endpoint) failed or is missing.
 * Lexical search still works without it; `retryable` follows the HTTP status like LlmError.
 */
export class EmbedError extends LogsageError {
  readonly code = "embed";
  readonly exitCode = 2;
  override readonly retryable: boolean;
  readonly status: number | undefined;

  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.retryable =
      options.status === undefined || options.status === 429 || options.status >= 500;
  }
}
