/**
 * The one entry point that the CLI, the server and the workers call. It wires the stages:
 * read -> parse -> redact -> mine -> score (streaming, bounded memory), then group -> explain ->
 * report inputs. `scan` runs the same streaming part and emits one row per record instead.
 */
import type { Config } from "../config.js";
import { type KnowledgeReader, openKnowledgeReader } from "../knowledge/base.js";
import { countTokens, estimateTokens } from "../llm/tokens.js";
import { EventLog } from "./events.js";
import { explainWithoutKnowledge } from "./explain/index.js";
import { explainWithKnowledge } from "./explain/knowledge.js";
import { type Detail, EvidenceCollector, groupFindings, templateScore } from "./group/index.js";
import { createMiner, type Miner } from "./mine/index.js";
import { createParser, parseTimestamp } from "./parse/index.js";
import { readSources, type Source } from "./read/index.js";
import { createRedactor } from "./redact/index.js";
import { retrieve } from "./retrieve/index.js";
import {
  type BurstTracker,
  createBurstTracker,
  createScorer,
  minuteKey,
  type Verdict,
} from "./score/index.js";
import type { Finding, LogRecord, Report } from "./types.js";

export const REPORT_VERSION = "1";
/** Input text kept to count tokens exactly; larger inputs are scaled from it. */
const TOKEN_SAMPLE_CHARS = 64 * 1024;

export interface StreamHooks {
  progress?(bytesRead: number): void;
}

/** The stateful parts of one run, created up front so callers can read them while it streams. */
interface Stages {
  miner: Miner;
  bursts: BurstTracker;
  events: EventLog;
}

function createStages(config: Config): Stages {
  return { miner: createMiner(config.mine), bursts: createBurstTracker(), events: new EventLog() };
}

interface StreamResult {
  formats: Record<string, string>;
  redactions: Readonly<Record<string, number>>;
  records: number;
  tokenSample: string;
  firstTimes: Map<string, string>;
  lastTimes: Map<string, string>;
}

/** The streaming half of the pipeline; `onRecord` sees every record with its template and verdict. */
async function stream(
  sources: Source[],
  config: Config,
  { miner, bursts, events }: Stages,
  onRecord: (record: LogRecord, template: number, verdict: Verdict) => void,
  hooks: StreamHooks = {},
): Promise<StreamResult> {
  const redactor = createRedactor(config.redact);
  const scorer = createScorer();
  const firstTimes = new Map<string, string>();
  const lastTimes = new Map<string, string>();
  let records = 0;
  let tokenSample = "";

  const parser = createParser(
    config.parse,
    (parsed) => {
      const record = redactor.redactRecord(parsed);
      const template = miner.add(record.message);
      const verdict = scorer.score(record, template, miner.template(template));
      if (record.timestamp) {
        if (!firstTimes.has(record.source)) firstTimes.set(record.source, record.timestamp);
        lastTimes.set(record.source, record.timestamp);
        if (verdict.score > 0) bursts.observe(template, minuteKey(record.timestamp));
      }
      if (tokenSample.length < TOKEN_SAMPLE_CHARS) tokenSample += `${record.raw}\n`;
      records++;
      onRecord(record, template, verdict);
    },
    events,
  );
  await readSources(
    sources,
    config.read,
    { line: parser.push, endSource: () => parser.flush(), progress: hooks.progress },
    events,
  );
  parser.flush();
  return {
    formats: parser.formats(),
    redactions: redactor.counts,
    records,
    tokenSample,
    firstTimes,
    lastTimes,
  };
}

function toTime(timestamp: string): number | undefined {
  return parseTimestamp(timestamp, new Date().getUTCFullYear());
}

function timeSpan(result: StreamResult): { start: string | null; end: string | null } {
  const times = [...result.firstTimes.values(), ...result.lastTimes.values()]
    .map(toTime)
    .filter((t): t is number => t !== undefined);
  if (times.length === 0) return { start: null, end: null };
  return {
    start: new Date(Math.min(...times)).toISOString(),
    end: new Date(Math.max(...times)).toISOString(),
  };
}

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
}

/** Retrieve knowledge per finding (never per line) and explain each finding with it. */
async function explainFindings(
  findings: Finding[],
  knowledge: KnowledgeReader | null,
): Promise<Finding[]> {
  if (!knowledge) return findings.map(explainWithoutKnowledge);
  const hits = await retrieve(findings, knowledge.index);
  const documents = await knowledge.documents(
    [...hits.values()].flatMap((list) => list.map((h) => h.id)),
  );
  return findings.map((f) => explainWithKnowledge(f, hits.get(f.id) ?? [], documents));
}

/** Opens the configured knowledge base unless the caller brought one (or asked for none). */
async function knowledgeFor(config: Config, options: AnalyzeOptions) {
  if (options.knowledge !== undefined) return { knowledge: options.knowledge, owned: false };
  const { knowledge, seeded } = await openKnowledgeReader(config, { seed: true });
  if (seeded) {
    options.notice?.(
      `knowledge base in ${config.databaseUrl ? "the database" : config.dataDir} was empty: loaded ${seeded.added.length} documents from the bundled kb/`,
    );
  }
  return { knowledge, owned: true };
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
  const result = await stream(
    sources,
    config,
    stages,
    (record, template, verdict) => {
      if (verdict.score >= config.score.threshold) anomalous++;
      collector.add(record, template, verdict);
    },
    options,
  );
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
  });
  const { knowledge, owned } = await knowledgeFor(config, options);
  let findings: Finding[];
  try {
    findings = await explainFindings(grouped.findings, knowledge);
  } finally {
    if (owned) await knowledge?.close();
  }
  const input = estimateTokens(result.tokenSample, events.get("read.bytes"));
  return {
    version: REPORT_VERSION,
    stats: {
      sources: events.get("read.sources"),
      bytes: events.get("read.bytes"),
      lines: events.get("read.lines"),
      records: result.records,
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
      durationMs: Math.round(performance.now() - started),
    },
    warnings: events.warnings,
    findings,
  };
}

export interface ScanRow {
  source: string;
  line: number;
  endLine: number;
  templateId: string;
  template: string;
  anomalous: boolean;
  score: number;
  reasons: string[];
}

interface PendingRow {
  source: string;
  line: number;
  endLine: number;
  template: number;
  verdict: Verdict;
}

/**
 * Rows are held in blocks so each can carry its template's final text and input-wide signals; a
 * block is printed when full, with templates and counts as they stand at that point.
 */
export const SCAN_BLOCK_RECORDS = 500_000;

export async function scan(
  sources: Source[],
  config: Config,
  emit: (row: ScanRow) => void,
  hooks: StreamHooks = {},
): Promise<{ warnings: string[]; records: number }> {
  const stages = createStages(config);
  const counts: number[] = [];
  let pending: PendingRow[] = [];
  let total = 0;
  const flush = () => {
    for (const row of pending) emit(toScanRow(row, stages, counts, total, config.score.threshold));
    pending = [];
  };
  const result = await stream(
    sources,
    config,
    stages,
    (record, template, verdict) => {
      total++;
      counts[template] = (counts[template] ?? 0) + 1;
      pending.push({
        source: record.source,
        line: record.line,
        endLine: record.endLine,
        template,
        verdict,
      });
      if (pending.length >= SCAN_BLOCK_RECORDS) flush();
    },
    hooks,
  );
  flush();
  return { warnings: stages.events.warnings, records: result.records };
}

function toScanRow(
  row: PendingRow,
  { miner, bursts }: Stages,
  counts: number[],
  total: number,
  threshold: number,
): ScanRow {
  const count = counts[row.template] ?? 0;
  const peak = bursts.peak(row.template);
  const { score, context } = templateScore(row.verdict.score, count, total, peak, bursts.minutes);
  return {
    source: row.source,
    line: row.line,
    endLine: row.endLine,
    templateId: miner.templateId(row.template),
    template: miner.template(row.template),
    anomalous: score >= threshold,
    score,
    reasons: [...row.verdict.reasons, ...context.map((s) => s.reason)],
  };
}
