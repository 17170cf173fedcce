// Assembles one labelled log: weighted normal traffic in one format with a single fault episode
// planted amid it. The line numbers of every physical fault line are returned with the text, so
// the quality benchmark can tell which finding is the fault's without matching on wording.

import { Rng } from "../gen-mixed/rng.js";

export type Level = "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL";

/** One log call: a header line written by the format, plus raw continuation lines (traces). */
export interface Entry {
  level: Level;
  /** Component the format prints: logger, program, unit, klog file:line; formats may ignore it. */
  origin?: string;
  text: string;
  cont?: readonly string[];
  /** Extra structured fields, written only by structured formats (JSON lines). */
  fields?: Readonly<Record<string, unknown>>;
}

/** A kind of normal line and how often it occurs relative to the others. */
export interface Family {
  weight: number;
  level: Level;
  origin?: string;
  render: (r: Rng, now: number) => string;
}

/** Writes an entry's first physical line; created per log so it can fix hosts and pids. */
export type LineFormat = (now: number, entry: Entry) => string;

export interface Fault {
  /** How many units (a log call, or a short related sequence) the episode has. */
  units: number;
  /** Chance per line that the next unit is written instead of normal traffic. */
  density: number;
  /** Where the episode starts, as a fraction of the log; later cases vary it. */
  at?: number;
  unit: (r: Rng, now: number, n: number) => Entry[];
}

export interface Scenario {
  format: (r: Rng) => LineFormat;
  normal: readonly Family[];
  fault: Fault;
  /** Bounds of the number of normal records; traces make the physical count larger. */
  records?: readonly [number, number];
  /** Median gap between records in ms. */
  gapMs?: number;
}

export interface LabelledLog {
  text: string;
  /** 1-based physical line numbers written by the fault episode. */
  faultLines: number[];
}

const START_MS = Date.UTC(2025, 2, 14, 9, 0, 0);

function weightedPicker(families: readonly Family[]): (r: Rng) => Family {
  const total = families.reduce((sum, f) => sum + f.weight, 0);
  return (r) => {
    let u = r.next() * total;
    for (const f of families) {
      u -= f.weight;
      if (u < 0) return f;
    }
    return families[families.length - 1] as Family;
  };
}

export function compose(scenario: Scenario, seed: number): LabelledLog {
  const r = new Rng(seed);
  const write = scenario.format(r);
  const pick = weightedPicker(scenario.normal);
  const [lo, hi] = scenario.records ?? [400, 1800];
  const records = r.int(lo, hi);
  const { fault } = scenario;
  const start = Math.floor(records * (fault.at ?? 0.35 + r.next() * 0.4));
  const out: string[] = [];
  const faultLines: number[] = [];
  let now = START_MS + r.int(0, 6 * 3600) * 1000;
  let unitsDone = 0;
  const emit = (entry: Entry, planted: boolean) => {
    for (const line of [write(now, entry), ...(entry.cont ?? [])]) {
      out.push(line);
      if (planted) faultLines.push(out.length);
    }
  };
  for (let i = 0; i < records || unitsDone < fault.units; i++) {
    now += Math.max(1, Math.round(r.logNormal(scenario.gapMs ?? 900, 1)));
    if (i >= start && unitsDone < fault.units && r.chance(fault.density)) {
      for (const entry of fault.unit(r, now, unitsDone)) {
        emit(entry, true);
        now += r.int(0, 40);
      }
      unitsDone++;
    } else {
      const family = pick(r);
      emit({ level: family.level, origin: family.origin, text: family.render(r, now) }, false);
    }
  }
  return { text: `${out.join("\n")}\n`, faultLines };
}

/** One log of the set: what it looks like, and the kb/ document that explains its fault. */
export interface LabelledCase {
  name: string;
  format: string;
  expected: string;
  /** Other kb/ documents that explain the same fault just as well (error code beside runbook). */
  alsoAccept?: readonly string[];
  generate(seed: number): LabelledLog;
}

export function defineCase(meta: Omit<LabelledCase, "generate">, scenario: Scenario): LabelledCase {
  return { ...meta, generate: (seed) => compose(scenario, seed) };
}

/** Java stack frames as the JVM prints them under an exception line. */
export const javaFrames = (frames: readonly string[]): string[] => frames.map((f) => `\tat ${f}`);
