/**
 * One analysis as the service makes it, for direct requests and jobs alike: the shared core, then
 * the suppressions, metrics and the stored report.
 */
import type { Config } from "../config.js";
import type { KnowledgeBase } from "../knowledge/base.js";
import { DbAnswerCache } from "../llm/index.js";
import { analyze } from "../pipeline/analyze.js";
import type { Detail } from "../pipeline/group/index.js";
import type { Source } from "../pipeline/read/index.js";
import type { Report } from "../pipeline/types.js";
import type { AnalysisStore } from "./analyses.js";
import { applySuppressions } from "./apply-suppressions.js";
import type { Metrics } from "./metrics.js";
import type { SuppressionStore } from "./suppressions.js";

export interface AnalysisRequest {
  sources: Source[];
  detail: Detail;
  actor: string;
  progress?: (bytes: number) => void;
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
  return async ({ sources, detail, actor, progress }) => {
    const analyzed = await analyze(sources, config, { detail, knowledge, answerCache, progress });
    const report = applySuppressions(analyzed, await deps.suppressions.list());
    deps.metrics.analysis(report);
    return { id: await deps.analyses.save(report, actor), report };
  };
}
