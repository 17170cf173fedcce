/**
 * One analysis as the service makes it, for direct requests and jobs alike: the shared core, then
 * the suppressions, metrics and the stored report.
 */
import type { Config } from "../config.js";
import type { KnowledgeBase } from "../knowledge/base.js";
import { DbAnswerCache } from "../llm/db-cache.js";
import { analyze, type TimeWindow } from "../pipeline/analyze.js";
import type { Detail } from "../pipeline/group/index.js";
import type { Source } from "../pipeline/read/index.js";
import { applySuppressions, suppressor } from "../pipeline/suppress/index.js";
import type { Finding, Report } from "../pipeline/types.js";
import type { AnalysisStore } from "./analyses.js";
import type { Metrics } from "./metrics.js";
import type { SuppressionStore } from "./suppressions.js";

/** `server`: the LLM of the server's config; `none`: knowledge-only for this request. */
export type LlmChoice = "server" | "none";

export interface AnalysisRequest {
  sources: Source[];
  detail: Detail;
  llm?: LlmChoice;
  /** Only the records of this time window. */
  window?: TimeWindow;
  actor: string;
  progress?: (bytes: number, lines: number) => void;
  /** Each finding as its explanation completes, suppressions applied (dropped ones never come). */
  onFinding?: (finding: Finding) => void;
  /** Aborting stops the run; nothing is stored. */
  signal?: AbortSignal;
}

export type RunAnalysis = (request: AnalysisRequest) => Promise<{ id: string; report: Report }>;

export function createAnalysisRunner(deps: {
  config: Config;
  knowledge: KnowledgeBase;
  analyses: AnalysisStore;
  metrics: Metrics;
  suppressions: SuppressionStore;
}): RunAnalysis {
  const { config, knowledge } = deps;
  // The server holds the store open; the answer cache must share that connection.
  const answerCache =
    config.llm.provider === "none" ? null : new DbAnswerCache(knowledge.database.db);
  const knowledgeOnly: Config = { ...config, llm: { provider: "none" } };
  return async ({ sources, detail, llm, window, actor, progress, onFinding, signal }) => {
    // Read once, so the streamed findings and the report follow the same rules.
    const rules = await deps.suppressions.list();
    const suppress = suppressor(rules);
    const analyzed = await analyze(sources, llm === "none" ? knowledgeOnly : config, {
      detail,
      window,
      knowledge,
      answerCache,
      progress,
      signal,
      onFinding:
        onFinding &&
        ((finding) => {
          const kept = suppress(finding).finding;
          if (kept) onFinding(kept);
        }),
    });
    const report = applySuppressions(analyzed, rules);
    deps.metrics.analysis(report);
    return { id: await deps.analyses.save(report, actor), report };
  };
}
