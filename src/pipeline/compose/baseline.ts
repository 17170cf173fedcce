/**
 * The baseline (`--baseline`): a known-good input streamed through the same miner before the one
 * analyzed, so that the records of both land in the same templates. Each template's baseline
 * records with a signal of their own are counted; a finding none of whose templates has any is new.
 */
import type { Config } from "../../config.js";
import { EventLog } from "../events.js";
import type { Miner } from "../mine/index.js";
import type { Source } from "../read/index.js";
import { createBurstTracker } from "../score/index.js";
import { stream } from "./stream.js";

export interface Baseline {
  /** The baseline's records of this template that carry a signal of their own. */
  known(template: number): number;
  sources: number;
  records: number;
  /** About the baseline's input, each prefixed "baseline: ". */
  warnings: string[];
}

export async function learnBaseline(
  sources: Source[],
  config: Config,
  miner: Miner,
): Promise<Baseline> {
  const counts: number[] = [];
  const events = new EventLog();
  const result = await stream(
    sources,
    config,
    { miner, bursts: createBurstTracker(), events },
    (_record, template, verdict) => {
      if (verdict.score > 0) counts[template] = (counts[template] ?? 0) + 1;
    },
    // Quiet lines carry no signal, so they need not be mined; no sample waits for context here.
    { sift: config.read.sift ? { allow: () => true, passed: () => undefined } : undefined },
  );
  return {
    known: (template) => counts[template] ?? 0,
    sources: events.get("read.sources"),
    records: result.records,
    warnings: events.warnings.map((w) => `baseline: ${w}`),
  };
}
