/**
 * The LLM layer the pipeline calls: explains the most important findings with the configured
 * model, within the token budget, a concurrency limit and the answer cache. A failure for one
 * finding keeps its knowledge-only answer and adds a one-line warning; it never loses the run.
 */
import type { LlmConfig } from "../config.js";
import type { Finding } from "../pipeline/types.js";
import type { Asked } from "./ask.js";
import { type Batch, packBatches } from "./batch.js";
import type { AnswerCache } from "./cache.js";
import { askBatch } from "./explain-batch.js";
import {
  acceptAnswer,
  applyAnswer,
  explainInParts,
  findingCacheKey,
  type LlmExplainInput,
  type Prepared,
} from "./explain-finding.js";
import { createLimiter } from "./limit.js";
import { prepareFinding } from "./plan.js";
import { createProvider } from "./providers/index.js";
import { type LlmRunStats, LlmSession } from "./session.js";
import { acceptSummary, foldedSummaryKey, summarise } from "./summary.js";

export { type AnswerCache, MemoryAnswerCache } from "./cache.js";
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
  const provider = await createProvider(config);
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
  const findings = [...fallback];
  const failures: (string | undefined)[] = [];
  const settle = async (item: Prepared, asked: Asked) => {
    if (asked.ok) {
      const knowledgeOnly = fallback[item.index] ?? item.finding;
      findings[item.index] = applyAnswer(knowledgeOnly, asked.answer, item.hits, provider.model);
      await session.remember(item.cacheKey, asked.answer);
    } else {
      session.stats.failed++;
      failures[item.index] =
        `llm: finding ${item.finding.id} kept its knowledge-only answer: ${asked.reason}`;
    }
    options.onFinding?.(findings[item.index] ?? item.finding);
  };

  const sent = inputs.slice(0, config.maxFindings);
  for (const finding of findings.slice(sent.length)) options.onFinding?.(finding);
  const prepared: Prepared[] = sent.map((input, index) => {
    const finding = prepareFinding(input.finding, input.hits, input.documents);
    return { ...finding, index, cacheKey: findingCacheKey(provider, finding) };
  });
  const asking: Prepared[] = [];
  for (const item of prepared) {
    const cached = await session.recall(item.cacheKey, acceptAnswer);
    if (cached) await settle(item, { ok: true, answer: cached });
    else asking.push(item);
  }
  const summaryKey = foldedSummaryKey(
    provider,
    prepared.map((p) => p.cacheKey),
  );
  // The findings' own call writes the summary only when it holds all of them (see packBatches).
  const fold = options.summary === true && asking.length === prepared.length && asking.length > 0;
  const { batches, oversized } = packBatches(asking, config.batchSize, fold);
  let incidentSummary: string | undefined;
  const runBatch = async (batch: Batch<Prepared>) => {
    if (options.signal?.aborted) return;
    const call = await askBatch(session, batch).catch((err: unknown) => ({
      failed: reason(err),
    }));
    if ("failed" in call) {
      for (const item of batch.findings) await settle(item, { ok: false, reason: call.failed });
      return;
    }
    for (const [i, item] of batch.findings.entries()) {
      await settle(item, call.answers[i] ?? { ok: false, reason: "no answer" });
    }
    if (call.summary) {
      incidentSummary = call.summary;
      await session.remember(summaryKey, { text: call.summary });
    }
  };
  const limit = createLimiter(config.concurrency);
  await Promise.all([
    ...batches.map((batch) => limit(() => runBatch(batch))),
    ...oversized.map((item) =>
      limit(async () => {
        if (options.signal?.aborted) return;
        const asked = await explainInParts(session, item).catch((err: unknown) => ({
          ok: false as const,
          reason: reason(err),
        }));
        await settle(item, asked);
      }),
    ),
  ]);
  // In finding order, whatever order the calls finished in.
  const warnings = failures.filter((w): w is string => w !== undefined);
  if (inputs.length > sent.length) {
    warnings.push(
      `llm: explained the first ${sent.length} of ${inputs.length} findings (llm.maxFindings); the rest have knowledge-only answers`,
    );
  }
  if (options.summary && findings.length > 0 && !incidentSummary) {
    // A run answered from the cache finds the summary its first run wrote in the same call.
    incidentSummary =
      asking.length === 0 ? await session.recall(summaryKey, acceptSummary) : undefined;
  }
  if (options.summary && findings.length > 0 && !incidentSummary && !options.signal?.aborted) {
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
