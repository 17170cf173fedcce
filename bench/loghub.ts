/**
 * Template quality and mining speed on the Loghub-2k datasets (Zhu et al., ICSE 2019; data from
 * https://github.com/logpai/loghub, research use only, never copied into this repository).
 *
 * For each of the 16 datasets: raw lines (headers included) go through logsage's parse (default
 * config, multiline off) and miner; grouping accuracy is measured against the EventId column of
 * `<D>_2k.log_structured.csv` and against the ICSE'22 corrected templates. The peer is a port of
 * Drain3's defaults (drain-reference.ts) on the Content column (message only, as published) and
 * on the raw lines. Throughput compares logsage parse+mine with the Drain port on the same lines.
 *
 * Run: npx tsx bench/loghub.ts   (data dir: env LOGHUB_DIR or /work/shared/datasets/loghub-2k)
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigSchema } from "../src/config.js";
import { createMiner } from "../src/pipeline/mine/index.js";
import { createParser } from "../src/pipeline/parse/index.js";
import { DrainReference } from "./drain-reference.js";
import { runIfMain } from "./lib/main.js";

const DATASETS = [
  "HDFS",
  "Hadoop",
  "Spark",
  "Zookeeper",
  "BGL",
  "HPC",
  "Thunderbird",
  "Windows",
  "Linux",
  "Android",
  "HealthApp",
  "Apache",
  "Proxifier",
  "OpenSSH",
  "OpenStack",
  "Mac",
];

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

function column(rows: string[][], name: string): string[] {
  const index = rows[0]?.indexOf(name) ?? -1;
  if (index < 0) throw new Error(`no column ${name}`);
  return rows.slice(1).map((r) => r[index] ?? "");
}

/** Grouping accuracy: a line is correct iff its predicted group has exactly its true group's lines. */
export function groupingAccuracy(predicted: readonly unknown[], truth: readonly string[]): number {
  const groups = (labels: readonly unknown[]): Map<unknown, number[]> => {
    const m = new Map<unknown, number[]>();
    labels.forEach((label, i) => {
      const g = m.get(label);
      if (g) g.push(i);
      else m.set(label, [i]);
    });
    return m;
  };
  const byPred = groups(predicted);
  const byTruth = groups(truth);
  let correct = 0;
  for (const lines of byPred.values()) {
    const t = byTruth.get(truth[lines[0] as number]) as number[];
    if (t.length === lines.length && lines.every((l) => truth[l] === truth[lines[0] as number])) {
      correct += lines.length;
    }
  }
  return correct / truth.length;
}

interface Dataset {
  name: string;
  raw: string[];
  content: string[];
  truth: string[];
  corrected?: string[];
}

function load(dir: string, name: string): Dataset {
  const base = join(dir, name, `${name}_2k.log`);
  const raw = readFileSync(base, "utf8")
    .replace(/\r?\n$/, "")
    .split(/\r?\n/);
  const rows = parseCsv(readFileSync(`${base}_structured.csv`, "utf8"));
  const corrected = `${base}_structured_corrected.csv`;
  return {
    name,
    raw,
    content: column(rows, "Content"),
    truth: column(rows, "EventId"),
    corrected: existsSync(corrected)
      ? column(parseCsv(readFileSync(corrected, "utf8")), "EventTemplate")
      : undefined,
  };
}

const config = ConfigSchema.parse({ parse: { multiline: false } });

/** logsage on raw lines: parse (multiline off) then mine; one template index per line. */
export function logsageGroups(lines: readonly string[]): number[] {
  const miner = createMiner(config.mine);
  const out: number[] = [];
  const parser = createParser(config.parse, (r) => out.push(miner.add(r.message)));
  lines.forEach((text, i) => {
    parser.push({ source: "bench", line: i + 1, text, truncated: false });
  });
  parser.flush();
  return out;
}

function drainGroups(lines: readonly string[]): number[] {
  const drain = new DrainReference();
  return lines.map((l) => drain.add(l));
}

function linesPerSecond(run: () => void, lines: number): number {
  run(); // warm-up
  const rounds = 5;
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return (lines * rounds) / seconds;
}

const pad = (s: string, n: number): string => s.padEnd(n);
const fmt = (x: number | undefined): string =>
  x === undefined ? "   -  " : x.toFixed(3).padStart(6);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

export async function main(): Promise<void> {
  const dir = process.env.LOGHUB_DIR ?? "/work/shared/datasets/loghub-2k";
  if (!existsSync(join(dir, "HDFS"))) {
    console.log(`loghub: skipped, no Loghub-2k data at ${dir} (set LOGHUB_DIR)`);
    return;
  }
  console.log("Loghub-2k grouping accuracy (raw lines for logsage; Drain3 defaults ported to TS,");
  console.log("since Drain3 from PyPI is not reachable here; same process, same run)");
  console.log(`${pad("dataset", 12)} logsage  (corr)  drain-msg  (corr)  drain-raw`);
  const cols: number[][] = [[], [], [], [], []];
  const all: string[] = [];
  for (const name of DATASETS) {
    const d = load(dir, name);
    all.push(...d.raw);
    const ours = logsageGroups(d.raw);
    const ref = drainGroups(d.content);
    const row = [
      groupingAccuracy(ours, d.truth),
      d.corrected ? groupingAccuracy(ours, d.corrected) : Number.NaN,
      groupingAccuracy(ref, d.truth),
      d.corrected ? groupingAccuracy(ref, d.corrected) : Number.NaN,
      groupingAccuracy(drainGroups(d.raw), d.truth),
    ];
    row.forEach((v, i) => {
      cols[i]?.push(v);
    });
    console.log(`${pad(name, 12)} ${row.map((v) => `${fmt(v)} `).join("  ")}`);
  }
  console.log(`${pad("average", 12)} ${cols.map((c) => `${fmt(mean(c))} `).join("  ")}`);

  const ours = linesPerSecond(() => logsageGroups(all), all.length);
  const peer = linesPerSecond(() => drainGroups(all), all.length);
  console.log(
    `throughput on ${all.length} raw lines: logsage parse+mine ${Math.round(ours)} lines/s, ` +
      `Drain port ${Math.round(peer)} lines/s, ratio ${(ours / peer).toFixed(1)}x`,
  );
}

runIfMain(import.meta.url, main);
