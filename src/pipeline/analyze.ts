/**
 * The one entry point that the CLI, the server and the workers call. It wires the stages:
 * read -> parse -> redact -> mine -> score (streaming, bounded memory; compose/stream.ts), then
 * group, then retrieve -> explain (per finding; compose/explain.ts), into the report. `scan` runs
 * the streaming half and emits one row per record instead (compose/scan.ts).
 */
import type { Config } from "../config.js";
import type { KnowledgeReader } from "../knowledge/base.js";
import { openKnowledgeReader } from "../knowledge/reader.js";
import type { AnswerCache } from "../llm/index.js";
import { countTokens, estimateTokens } from "../llm/tokens.js";
import { learnBaseline } from "./compose/baseline.js";
import {
  explainFindings,
  type Gathered,
  gatherKnowledge,
  type LlmOptions,
} from "./compose/explain.js";
import { createStages, type StreamHooks, stream, timeSpan, toTime } from "./compose/stream.js";
import { type Detail, EvidenceCollector, groupFindings } from "./group/index.js";
import type { Source } from "./read/index.js";
import type { Finding, Report } from "./types.js";

export { SCAN_BLOCK_RECORDS, type ScanRow, scan } from "./compose/scan.js";
export type { StreamHooks, TimeWindow } from "./compose/stream.js";
export { type WindowBounds, windowOf } from "./compose/window.js";

export const REPORT_VERSION = "1";

function evidenceTokens(findings: Finding[]): number {
  const text = findings
    .map((f) => [f.template, ...f.samples.map((s) => s.text)].join("\n"))
    .join("\n");
  return countTokens(text);
}

export interface AnalyzeOptions extends StreamHooks {
  detail: Detail;
  /**
   * The knowledge base to explain findings with. Left out, analyze opens the one in the config's
   * data dir (seeding an empty one with the bundled kb/) and closes it afterwards; `null` means
   * explain without knowledge.
   */
  knowledge?: KnowledgeReader | null;
  /** Things the user should know that are not warnings about the input (e.g. seeding the kb). */
  notice?(message: string): void;
  /** Ask the LLM even when the answer cache has this finding. */
  noCache?: boolean;
  /** Stream LLM answers as they arrive (text deltas per finding id). */
  onToken?(findingId: string, text: string): void;
  /** Each finding once its explanation is final, in completion order (the report ranks them). */
  onFinding?(finding: Finding): void;
  /**
   * Stops the run between stages and before each LLM call, rejecting with the signal's reason.
   * Input already being read is stopped by whoever owns its stream.
   */
  signal?: AbortSignal;
  /** Where LLM answers are cached; left out, the store's cache table; `null` for none. */
  answerCache?: AnswerCache | null;
  /** A known-good input to compare with: each finding says whether the baseline had it too. */
  baseline?: Source[];
}

/** Opens the configured knowledge base unless the caller brought one (or asked for none). */
async function knowledgeFor(config: Config, options: AnalyzeOptions) {
  if (options.knowledge !== undefined) {
    return { knowledge: options.knowledge, owned: false, warnings: [] };
  }
  const { knowledge, seeded, warnings } = await openKnowledgeReader(config, { seed: true });
  if (seeded) {
    options.notice?.(
      `knowledge base in ${config.databaseUrl ? "the database" : config.dataDir} was empty: loaded ${seeded.added.length} documents from the bundled kb/`,
    );
  }
  return { knowledge, owned: true, warnings };
}

/** Runs `explain` with an answer cache on the store when an LLM is configured. */
async function explainWithCache(
  findings: Finding[],
  gathered: Gathered,
  config: Config,
  options: AnalyzeOptions,
) {
  const llm: LlmOptions = {
    noCache: options.noCache,
    onToken: options.onToken,
    onFinding: options.onFinding,
    signal: options.signal,
    summary: options.detail !== "critical",
    cache: options.answerCache ?? undefined,
  };
  if (config.llm.provider === "none" || options.answerCache !== undefined) {
    return explainFindings(findings, gathered, config, llm);
  }
  // Opened only now, after the knowledge base was closed: one PGlite per data dir at a time. The
  // store's modules load only here, for a run that calls an LLM.
  const [{ openDatabase }, { DbAnswerCache }] = await Promise.all([
    import("../db/client.js"),
    import("../llm/db-cache.js"),
  ]);
  const database = await openDatabase(config);
  try {
    return await explainFindings(findings, gathered, config, {
      ...llm,
      cache: new DbAnswerCache(database.db),
    });
  } finally {
    await database.close();
  }
}

export async function analyze(
  sources: Source[],
  config: Config,
  options: AnalyzeOptions,
): Promise<Report> {
  const started = performance.now();
  const collector = new EvidenceCollector(
    config.score.threshold,
    config.group.maxLines,
    config.group.contextLines,
  );
  let anomalous = 0;
  const stages = createStages(config);
  const baseline =
    options.baseline && (await learnBaseline(options.baseline, config, stages.miner));
  const result = await stream(
    sources,
    config,
    stages,
    (record, template, verdict) => {
      if (verdict.score >= config.score.threshold) anomalous++;
      collector.add(record, template, verdict);
    },
    {
      progress: options.progress,
      window: options.window,
      sift: config.read.sift
        ? { allow: () => !collector.awaitsContext(), passed: (count) => collector.passOver(count) }
        : undefined,
    },
  );
  options.signal?.throwIfAborted();
  const { miner, events } = stages;
  const grouped = groupFindings({
    collector,
    bursts: stages.bursts,
    templateText: (t) => miner.template(t),
    templateId: (t) => miner.templateId(t),
    threshold: config.score.threshold,
    detail: options.detail,
    config: config.group,
    toTime,
    known: baseline?.known,
  });
  const { knowledge, owned, warnings: knowledgeWarnings } = await knowledgeFor(config, options);
  let gathered: Gathered;
  try {
    gathered = await gatherKnowledge(grouped.findings, knowledge);
  } finally {
    if (owned) await knowledge?.close();
  }
  options.signal?.throwIfAborted();
  const explained = await explainWithCache(grouped.findings, gathered, config, options);
  options.signal?.throwIfAborted();
  const { findings } = explained;
  const input = estimateTokens(result.tokenSample, events.get("read.bytes"));
  return {
    version: REPORT_VERSION,
    stats: {
      ...(baseline ? { baseline: { sources: baseline.sources, records: baseline.records } } : {}),
      sources: events.get("read.sources"),
      bytes: events.get("read.bytes"),
      lines: events.get("read.lines"),
      records: result.records,
      passedOver: result.passedOver,
      templates: miner.size(),
      anomalousRecords: anomalous,
      findingsTotal: grouped.total,
      findings: findings.length,
      timeSpan: timeSpan(result),
      formats: result.formats,
      redactions: { ...result.redactions },
      tokens: {
        input: input.tokens,
        inputEstimated: input.estimated,
        evidence: evidenceTokens(findings),
      },
      llm: explained.llm,
      durationMs: Math.round(performance.now() - started),
    },
    warnings: [
      ...(baseline?.warnings ?? []),
      ...events.warnings,
      ...knowledgeWarnings,
      ...gathered.warnings,
      ...explained.warnings,
    ],
    summary: explained.incidentSummary,
    findings,
  };
}
