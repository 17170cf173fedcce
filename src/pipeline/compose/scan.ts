/**
 * scan: the streaming half of the pipeline with one row per record instead of a report, showing
 * what the pre-filter keeps and why.
 */
import type { Config } from "../../config.js";
import { templateScore } from "../group/index.js";
import type { Source } from "../read/index.js";
import { burstView, type Verdict } from "../score/index.js";
import { createStages, type Stages, type StreamHooks, stream } from "./stream.js";

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
  const burst = burstView(bursts, row.template);
  const { score, context } = templateScore(row.verdict.score, count, total, burst);
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
