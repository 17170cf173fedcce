/** What the app is built from; tests pass their own, `logsage serve` opens the real ones. */
import type { MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { KnowledgeBase } from "../knowledge/base.js";
import type { AnalysisStore } from "./analyses.js";
import type { KeyStore } from "./auth/keys.js";
import type { Role } from "./auth/roles.js";
import type { AppEnv } from "./env.js";
import type { AnalysisJobs } from "./jobs.js";
import type { Metrics } from "./metrics.js";
import type { RunAnalysis } from "./run-analysis.js";
import type { SuppressionStore } from "./suppressions.js";

export interface AppDeps {
  config: Config;
  knowledge: KnowledgeBase;
  keys: KeyStore;
  /** Defaults to a silent logger. */
  logger?: Logger;
}

/** What each routes module gets: the deps, the stores built on them, and the role guard. */
export interface RouteDeps extends AppDeps {
  analyses: AnalysisStore;
  metrics: Metrics;
  suppressions: SuppressionStore;
  runAnalysis: RunAnalysis;
  jobs: AnalysisJobs;
  guard(needed: Role): MiddlewareHandler<AppEnv>;
}
