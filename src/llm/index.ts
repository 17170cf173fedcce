/**
 * The LLM layer the pipeline calls: explains the most important findings with the configured
 * model, within the token budget, a concurrency limit and the answer cache. A failure for one
 * finding keeps its knowledge-only answer and adds a one-line warning; it never loses the run.
 */
import type { LlmConfig } from "../config.js";
import type { Finding } from "../pipeline/types.js";
import type { AnswerCache } from "./cache.js";
import { explainFinding, type LlmExplainInput } from "./explain-finding.js";
import { createLimiter } from "./limit.js";
import { createProvider } from "./providers/index.js";
import { type LlmRunStats, LlmSession } from "./session.js";
import { summarise } from "./summary.js";

export { type AnswerCache, DbAnswerCache, MemoryAnswerCache } from "./cache.js";
export type { LlmExplainInput } from "./explain-finding.js";
export { PROMPT_VERSION } from "./prompts/index.js";
export type { ChatMessage, ChatOptions, ChatResult, LlmProvider } from "./provider.js";
export { createProvider } from "./providers/index.js";
export type { LlmRunStats } from "./session.js";
export { SUMMARY_STREAM_ID } from "./summary.js";

export interface ExplainWithLlmOptions {
  config: LlmConfig;
  cache?: AnswerCache;
  /** Ask the model even when a cached answer exists (and store the new one). */
  noCache?: boolean;
  /**
   * Stream answers: text deltas per finding id (SUMMARY_STREAM_ID for the summary). Findings run
   * concurrently, so deltas of different ids interleave; a retried, repaired or split call streams
   * again from its start, and the final text is the one in `findings`.
   */
  onToken?: (findingId: string, text: string) => void;
  /** Each finding once its explanation is final (the model's or the fallback), as they complete. */
  onFinding?: (finding: Finding) => void;
  /** Once aborted, findings not yet sent keep their knowledge-only answer; calls in flight finish. */
  signal?: AbortSignal;
  /** One more call summarising the incident across findings. */
  summary?: boolean;
}

export interface ExplainWithLlmResult {
  findings: Finding[];
  warnings: string[];
  stats: LlmRunStats;
  incidentSummary?: string;
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `fallback[i]` is the knowledge-only explanation of `inputs[i].finding`. */
export async function explainWithLlm(
  inputs: LlmExplainInput[],
  fallback: Finding[],
  options: ExplainWithLlmOptions,
): Promise<ExplainWithLlmResult> {
  const { config } = options;
  const provider = createProvider(config);
  if (config.provider === "none" || !provider) {
    for (const finding of fallback) options.onFinding?.(finding);
    return {
      findings: fallback,
      warnings: [],
      stats: { calls: 0, cached: 0, failed: 0, tokensSent: 0, tokensReceived: 0 },
    };
  }
  const session = new LlmSession(provider, {
    policy: { timeoutMs: config.timeoutMs, maxRetries: config.maxRetries },
    cache: config.cache ? options.cache : undefined,
    noCache: options.noCache,
    onToken: options.onToken,
  });
  const limit = createLimiter(config.concurrency);
  const findings = [...fallback];
  const failures: (string | undefined)[] = [];
  const sent = inputs.slice(0, config.maxFindings);
  for (const finding of findings.slice(sent.length)) options.onFinding?.(finding);
  await Promise.all(
    sent.map((input, i) =>
      limit(async () => {
        const knowledgeOnly = fallback[i] ?? input.finding;
        if (options.signal?.aborted) return;
        const explained = await explainFinding(session, input, knowledgeOnly).catch(
          (err: unknown) => ({ ok: false as const, reason: reason(err) }),
        );
        if (explained.ok) findings[i] = explained.finding;
        else {
          session.stats.failed++;
          failures[i] =
            `llm: finding ${input.finding.id} kept its knowledge-only answer: ${explained.reason}`;
        }
        options.onFinding?.(findings[i] ?? knowledgeOnly);
      }),
    ),
  );
  // In finding order, whatever order the calls finished in.
  const warnings = failures.filter((w): w is string => w !== undefined);
  if (inputs.length > sent.length) {
    warnings.push(
      `llm: explained the first ${sent.length} of ${inputs.length} findings (llm.maxFindings); the rest have knowledge-only answers`,
    );
  }
  let incidentSummary: string | undefined;
  if (options.summary && findings.length > 0 && !options.signal?.aborted) {
    const summarised = await summarise(session, findings).catch((err: unknown) => ({
      ok: false as const,
      reason: reason(err),
    }));
    if (summarised.ok) incidentSummary = summarised.text;
    else warnings.push(`llm: no incident summary: ${summarised.reason}`);
  }
  if (session.cacheWarning) warnings.push(session.cacheWarning);
  return { findings, warnings, stats: session.stats, incidentSummary };
}
