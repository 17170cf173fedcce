/**
 * Calls with a per-attempt timeout and retries with exponential backoff. Only failures that can
 * pass by themselves are retried (429, 5xx, timeouts, dropped connections: LlmError.retryable);
 * a server's Retry-After wins over our own backoff.
 */
import { LlmError, LogsageError } from "../errors.js";

export interface RetryPolicy {
  timeoutMs: number;
  maxRetries: number;
  /** First backoff; doubled per retry. */
  baseDelayMs?: number;
  /** Neither backoff nor Retry-After makes us wait longer than this. */
  maxDelayMs?: number;
}

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function toLlmError(err: unknown): LlmError {
  if (err instanceof LlmError) return err;
  // Our own errors (a programming or validation problem) are not transport failures.
  if (err instanceof LogsageError) throw err;
  return new LlmError(`LLM call failed: ${(err as Error).message ?? String(err)}`, { cause: err });
}

function backoff(retry: number, policy: RetryPolicy, retryAfterMs: number | undefined): number {
  const max = policy.maxDelayMs ?? MAX_DELAY_MS;
  if (retryAfterMs !== undefined) return Math.min(max, retryAfterMs);
  // Jitter spreads retries of concurrent findings so they do not hit the server in lockstep.
  const exp = (policy.baseDelayMs ?? BASE_DELAY_MS) * 2 ** retry;
  return Math.min(max, exp * (0.75 + Math.random() * 0.5));
}

export async function withRetry<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  policy: RetryPolicy,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
    let failure: LlmError;
    try {
      return await attempt(controller.signal);
    } catch (err) {
      failure = controller.signal.aborted
        ? new LlmError(`LLM call timed out after ${policy.timeoutMs} ms`, { cause: err })
        : toLlmError(err);
    } finally {
      clearTimeout(timer);
    }
    if (!failure.retryable || retry >= policy.maxRetries) throw failure;
    await new Promise((done) => setTimeout(done, backoff(retry, policy, failure.retryAfterMs)));
  }
}
